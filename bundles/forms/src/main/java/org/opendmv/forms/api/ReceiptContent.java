package org.opendmv.forms.api;

import java.util.List;
import java.util.Objects;

/**
 * A rendered receipt: text lines for an ESC/POS receipt printer (Unicode; already wrapped to the
 * configured width) and the QR payload printed below them. Maps one to one onto the device API:
 * <pre>{@code
 * Receipt.Builder b = Receipt.builder();
 * for (ReceiptContent.Line l : content.lines()) {
 *     b.line(ReceiptLine.of(l.text(), ReceiptLine.Align.valueOf(l.align().name()), l.bold()));
 * }
 * b.qrText(content.qrPayload());
 * }</pre>
 *
 * @param lines     the lines, in order; an empty text is an empty line
 * @param qrPayload what the QR code holds (the serial, or a status URL with it)
 */
public record ReceiptContent(List<Line> lines, String qrPayload) {

    public ReceiptContent {
        lines = List.copyOf(lines);
        Objects.requireNonNull(qrPayload, "qrPayload");
    }

    /** The texts only. */
    public List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    /** Horizontal alignment; same names as the device API's {@code ReceiptLine.Align}. */
    public enum Align {
        LEFT, CENTER, RIGHT
    }

    /** One line. */
    public record Line(String text, Align align, boolean bold) {
        public Line {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(align, "align");
        }

        public static Line left(String text) {
            return new Line(text, Align.LEFT, false);
        }
    }

    @Override
    public String toString() {
        return "ReceiptContent[" + lines.size() + " lines]";
    }
}
