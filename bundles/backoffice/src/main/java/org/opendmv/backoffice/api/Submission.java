package org.opendmv.backoffice.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One application as the back office receives it. Holds personal data (the full application: the
 * back office needs it); {@link #toString()} shows none. It is built in memory for one delivery and
 * only sent over the configured gateway.
 */
public final class Submission {
    private final String serial;
    private final String idempotencyKey;
    private final String businessCode;
    private final byte[] json;
    private final List<Part> parts;

    /**
     * @param serial         the application's serial number (流水号)
     * @param idempotencyKey the same for every delivery of this application (the serial)
     * @param businessCode   e.g. {@code dl-renewal}
     * @param json           the application as UTF-8 JSON (serial, business, statuses, payment, payload)
     * @param parts          files: {@code form.pdf}, {@code photo.jpeg}, {@code signature.png}, scans
     */
    public Submission(String serial, String idempotencyKey, String businessCode, byte[] json, List<Part> parts) {
        this.serial = Objects.requireNonNull(serial, "serial");
        this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        this.businessCode = Objects.requireNonNull(businessCode, "businessCode");
        this.json = Objects.requireNonNull(json, "json").clone();
        this.parts = List.copyOf(parts);
    }

    public String serial() {
        return serial;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String businessCode() {
        return businessCode;
    }

    /** A copy of the JSON bytes (UTF-8). */
    public byte[] json() {
        return json.clone();
    }

    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** Files in delivery order: the form first, then the stored attachments by name. */
    public List<Part> parts() {
        return parts;
    }

    /** Overwrites the bytes held here (JSON and files) once the delivery is over. */
    public void wipe() {
        java.util.Arrays.fill(json, (byte) 0);
        parts.forEach(Part::wipe);
    }

    @Override
    public String toString() {
        return "Submission[" + serial + " " + businessCode + ", " + parts.size() + " file(s)]";
    }

    /** A file of a submission. */
    public static final class Part {
        private final String name;
        private final String contentType;
        private final byte[] data;

        /**
         * @param name        file name, letters, digits, {@code . _ -} (e.g. {@code photo.jpeg})
         * @param contentType e.g. {@code image/jpeg}
         */
        public Part(String name, String contentType, byte[] data) {
            this.name = Objects.requireNonNull(name, "name");
            this.contentType = Objects.requireNonNull(contentType, "contentType");
            this.data = Objects.requireNonNull(data, "data").clone();
        }

        public String name() {
            return name;
        }

        public String contentType() {
            return contentType;
        }

        /** A copy of the bytes. */
        public byte[] data() {
            return data.clone();
        }

        public int size() {
            return data.length;
        }

        void wipe() {
            java.util.Arrays.fill(data, (byte) 0);
        }

        @Override
        public String toString() {
            return "Part[" + name + ", " + contentType + ", " + data.length + " bytes]";
        }
    }
}
