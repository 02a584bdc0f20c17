package org.opendmv.forms.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A form as it is to be printed: which form ({@link #kind()}), the ticked box ids, the field values by
 * published field id, the optional rows to print, the photo and the signature. No business code: what
 * is ticked comes from the business descriptor's {@code form} section, resolved by the engine when the
 * application is stored. Immutable; {@link #toString()} shows only the serial and the form.
 *
 * <p>{@link Builder#build()} checks: serial and kind present; the shape of {@code applicant.idNumber}
 * (a business without IDENTIFY has none: its cells stay blank); {@code applicant.birthDate} an ISO date; no value longer than
 * {@value #MAX_ADDRESS} characters ({@code applicant.name} ≤ {@value #MAX_NAME}); photo starts like a JPEG,
 * signature like a PNG, each ≤ 4 MB. The layout's own limits (box ids, field ids, each field's
 * {@code maxLength}) are checked by {@link ApplicationForms}. Violations throw
 * {@link IllegalArgumentException} naming the field, never the value.
 */
public final class FilledForm {
    /** Longest value accepted (the address); longer ones are refused rather than cut off. */
    public static final int MAX_ADDRESS = 120;
    public static final int MAX_NAME = 40;
    public static final int MAX_IMAGE_BYTES = 4 * 1024 * 1024;
    /** Payload keys the engine stores with an application at SIGN. */
    public static final String PRINT_KIND = "print.kind";
    public static final String PRINT_TICKED = "print.ticked";
    public static final String PRINT_FIELDS = "print.fields";
    public static final String PRINT_ROWS = "print.rows";
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final Pattern ID = Pattern.compile("[0-9Xx*]{15,18}");
    private static final Pattern FIELD_ID = Pattern.compile("[a-z][A-Za-z0-9.-]{0,63}");

    private final String serial;
    private final String kind;
    private final String businessName;
    private final String kioskId;
    private final LocalDate date;
    private final Set<String> ticked;
    private final Map<String, String> values;
    private final Set<String> rows;
    private final byte[] photoJpeg;
    private final byte[] signaturePng;

    private FilledForm(Builder b) {
        this.serial = b.serial;
        this.kind = b.kind;
        this.businessName = b.businessName;
        this.kioskId = b.kioskId;
        this.date = b.date;
        this.ticked = Collections.unmodifiableSet(new LinkedHashSet<>(b.ticked));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        this.rows = Collections.unmodifiableSet(new LinkedHashSet<>(b.rows));
        this.photoJpeg = b.photoJpeg;
        this.signaturePng = b.signaturePng;
    }

    /** A builder with the two mandatory keys. */
    public static Builder builder(String serial, String kind) {
        return new Builder(serial, kind);
    }

    /**
     * From the payload the engine stores with an application: {@value #PRINT_KIND} (the form),
     * {@value #PRINT_TICKED} (box ids), {@value #PRINT_ROWS} (optional rows), {@value #PRINT_FIELDS}
     * (form field → the payload keys its value comes from, {@code |}-separated, first present wins),
     * {@code business.name}. The values themselves are read from the payload's own keys, so personal data
     * is stored once.
     *
     * @throws IllegalArgumentException {@value #PRINT_KIND} missing (an application stored before forms came
     *                                  from descriptors: resolve it with the business first) or bad data
     */
    public static FilledForm fromPayload(String serial, Map<String, ?> payload, byte[] photo, byte[] signature,
            String kioskId, LocalDate date) {
        Map<String, ?> p = payload == null ? Map.of() : payload;
        String kind = str(p.get(PRINT_KIND));
        if (kind == null) {
            throw new IllegalArgumentException(PRINT_KIND + " is missing (stored without its form)");
        }
        Builder b = builder(serial, kind).businessName(str(p.get("business.name"))).kioskId(kioskId).date(date)
                .photoJpeg(photo).signaturePng(signature);
        strings(p.get(PRINT_TICKED), PRINT_TICKED).forEach(b::tick);
        strings(p.get(PRINT_ROWS), PRINT_ROWS).forEach(b::row);
        Object fields = p.get(PRINT_FIELDS);
        if (fields != null && !(fields instanceof Map)) {
            throw new IllegalArgumentException(PRINT_FIELDS + " must be an object");
        }
        if (fields != null) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) fields).entrySet()) {
                String v = null;
                for (String source : strings(e.getValue(), PRINT_FIELDS + "." + e.getKey())) {
                    for (String key : source.split("\\|")) {
                        v = v != null ? v : str(p.get(key.strip()));
                    }
                }
                b.value(String.valueOf(e.getKey()), v);
            }
        }
        return b.build();
    }

    private static List<String> strings(Object v, String where) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split(","));
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException(where + " must be a list of strings");
    }

    private static String str(Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }

    /** 流水号, e.g. 20261124K001000042. */
    public String serial() { return serial; }
    /** The form, e.g. {@value OfficialForms#DRIVER_LICENCE} or a {@link FormTemplate}'s id. */
    public String kind() { return kind; }
    /** e.g. 驾驶证期满换证; may be null. */
    public String businessName() { return businessName; }
    public String kioskId() { return kioskId; }
    /** Application date (申请日期), may be null. */
    public LocalDate date() { return date; }
    /** The ticked box ids, in the order given. */
    public Set<String> ticked() { return ticked; }
    /** Field id → value; fields without a value are absent. */
    public Map<String, String> values() { return values; }
    /** A field's value, or null. */
    public String value(String fieldId) { return values.get(fieldId); }
    /** Optional rows to print, e.g. {@code kiosk.temp-plate}. */
    public Set<String> rows() { return rows; }
    /** Applicant photo, JPEG; null when none. The array itself (not a copy). */
    public byte[] photoJpeg() { return photoJpeg; }
    /** Signature, PNG; null if none. The array itself (not a copy). */
    public byte[] signaturePng() { return signaturePng; }

    @Override
    public String toString() {
        return "FilledForm[" + serial + " " + kind + "]";
    }

    /** Builder; blank strings count as absent. */
    public static final class Builder {
        private final String serial;
        private final String kind;
        private String businessName;
        private String kioskId;
        private LocalDate date;
        private final Set<String> ticked = new LinkedHashSet<>();
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> rows = new LinkedHashSet<>();
        private byte[] photoJpeg;
        private byte[] signaturePng;

        private Builder(String serial, String kind) {
            this.serial = clean(serial);
            this.kind = clean(kind);
        }

        private static String clean(String s) {
            if (s == null) {
                return null;
            }
            String t = s.strip();
            return t.isEmpty() ? null : t;
        }

        public Builder businessName(String v) { this.businessName = clean(v); return this; }
        public Builder kioskId(String v) { this.kioskId = clean(v); return this; }
        public Builder date(LocalDate v) { this.date = v; return this; }

        /** Ticks boxes by id. */
        public Builder tick(String... boxIds) {
            for (String id : boxIds) {
                if (clean(id) != null) {
                    ticked.add(id.strip());
                }
            }
            return this;
        }

        /** Asks for an optional row, e.g. {@code kiosk.temp-plate}. */
        public Builder row(String row) {
            if (clean(row) != null) {
                rows.add(row.strip());
            }
            return this;
        }

        /** Sets a field's value; null or blank removes it. */
        public Builder value(String fieldId, String v) {
            String c = clean(v);
            if (c == null) {
                values.remove(fieldId);
            } else {
                values.put(fieldId, c);
            }
            return this;
        }

        public Builder photoJpeg(byte[] v) { this.photoJpeg = v == null || v.length == 0 ? null : v; return this; }
        public Builder signaturePng(byte[] v) { this.signaturePng = v == null || v.length == 0 ? null : v; return this; }

        /** Checks and builds; see the class comment for the rules. */
        public FilledForm build() {
            if (serial == null) {
                throw new IllegalArgumentException("serial is missing");
            }
            if (!SERIAL.matcher(serial).matches()) {
                throw new IllegalArgumentException("serial must be 1-40 letters, digits or '-'");
            }
            if (kind == null) {
                throw new IllegalArgumentException("kind is missing");
            }
            for (String f : values.keySet()) {
                if (f == null || !FIELD_ID.matcher(f).matches()) {
                    throw new IllegalArgumentException("a field id is not an identifier");
                }
            }
            String name = values.get("applicant.name");
            String id = values.get("applicant.idNumber");
            if (id != null && !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("applicant.idNumber must be 15-18 digits, X or '*'");
            }
            length("applicant.name", name, MAX_NAME);
            length("businessName", businessName, MAX_ADDRESS);
            length("kioskId", kioskId, MAX_ADDRESS);
            values.forEach((k, v) -> length(k, v, MAX_ADDRESS));
            String birth = values.get("applicant.birthDate");
            if (birth != null) {
                try {
                    LocalDate.parse(birth);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("applicant.birthDate is not an ISO date (yyyy-MM-dd)");
                }
            }
            if (photoJpeg != null) {
                image("photoJpeg", photoJpeg);
                if (!(photoJpeg.length > 3 && (photoJpeg[0] & 0xff) == 0xFF && (photoJpeg[1] & 0xff) == 0xD8
                        && (photoJpeg[2] & 0xff) == 0xFF)) {
                    throw new IllegalArgumentException("photoJpeg is not a JPEG image");
                }
            }
            if (signaturePng != null) {
                image("signaturePng", signaturePng);
                byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
                boolean png = signaturePng.length > magic.length;
                for (int i = 0; png && i < magic.length; i++) {
                    png = signaturePng[i] == magic[i];
                }
                if (!png) {
                    throw new IllegalArgumentException("signaturePng is not a PNG image");
                }
            }
            return new FilledForm(this);
        }

        static void length(String field, String value, int max) {
            if (value != null && value.codePointCount(0, value.length()) > max) {
                throw new IllegalArgumentException(field + " is too long (" + value.codePointCount(0, value.length())
                        + " characters, at most " + max + ")");
            }
        }

        private static void image(String field, byte[] data) {
            if (data.length > MAX_IMAGE_BYTES) {
                throw new IllegalArgumentException(field + " is too large (" + data.length + " bytes, at most "
                        + MAX_IMAGE_BYTES + ")");
            }
        }
    }
}
