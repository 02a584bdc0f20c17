package org.opendmv.devices.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The classes of device the kiosk knows, each with its Java interface and its default role.
 *
 * <p>More classes (camera, speaker, lights, ...) will be added in minor versions: code that switches
 * over this enum must have a default branch.
 */
public enum DeviceClass {
    /** Resident ID card reader (二代证阅读器). */
    ID_CARD_READER("idCardReader", IdCardReader.class),
    /** Face camera with liveness detection and comparison against the ID card photo. */
    LIVENESS_DETECTOR("livenessDetector", LivenessDetector.class),
    /** Document camera / scanner (高拍仪). */
    DOCUMENT_SCANNER("documentScanner", DocumentScanner.class),
    /** Signature pad or touch-screen signature capture. */
    SIGNATURE_PAD("signaturePad", SignaturePad.class),
    /** Thermal receipt printer. */
    RECEIPT_PRINTER("receiptPrinter", ReceiptPrinter.class);

    private final String role;
    private final Class<? extends Device> type;

    DeviceClass(String role, Class<? extends Device> type) {
        this.role = role;
        this.type = type;
    }

    /** Default role name of a device of this class, e.g. {@code "idCardReader"}. */
    public String role() {
        return role;
    }

    /** The Java interface a device of this class implements. */
    public Class<? extends Device> type() {
        return type;
    }

    /** The class whose {@link #type()} is exactly {@code type}. */
    public static Optional<DeviceClass> forType(Class<?> type) {
        for (DeviceClass c : values()) {
            if (c.type == type) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a configuration value: the enum name ({@code RECEIPT_PRINTER}, case-insensitive) or the
     * default role ({@code receiptPrinter}).
     */
    public static Optional<DeviceClass> parse(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim();
        for (DeviceClass c : values()) {
            if (c.name().equals(v.toUpperCase(Locale.ROOT)) || c.role.equalsIgnoreCase(v)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
