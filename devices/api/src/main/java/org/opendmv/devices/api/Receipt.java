package org.opendmv.devices.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ReceiptPrinter#print} prints: text lines, then an optional QR code, then a cut. Text is
 * Unicode (Chinese included); the driver handles the printer's encoding.
 */
public final class Receipt {
    private final List<ReceiptLine> lines;
    private final String qrText;

    private Receipt(List<ReceiptLine> lines, String qrText) {
        this.lines = List.copyOf(lines);
        this.qrText = qrText;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    public List<ReceiptLine> lines() {
        return lines;
    }

    /** Content of the QR code printed below the lines (e.g. a status URL with the serial number). */
    public Optional<String> qrText() {
        return Optional.ofNullable(qrText);
    }

    @Override
    public String toString() {
        return "Receipt[" + lines.size() + " lines, qr=" + (qrText != null) + "]";
    }

    /** Builder for {@link Receipt}. */
    public static final class Builder {
        private final List<ReceiptLine> lines = new ArrayList<>();
        private String qrText;

        private Builder() {
        }

        /** Adds a plain left-aligned line. */
        public Builder line(String text) {
            lines.add(ReceiptLine.of(text));
            return this;
        }

        public Builder line(ReceiptLine line) {
            lines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /** QR code content, {@code null} for none. */
        public Builder qrText(String qrText) {
            this.qrText = qrText;
            return this;
        }

        public Receipt build() {
            return new Receipt(lines, qrText);
        }
    }
}
