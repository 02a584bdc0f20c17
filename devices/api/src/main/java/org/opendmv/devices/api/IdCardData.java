package org.opendmv.devices.api;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Content of a resident ID card (GB 11643 number, chip text block, photo). Personal data: it is never
 * printed by {@link #toString()}, and the holder calls {@link #wipe()} as soon as it is no longer needed.
 *
 * <p>Byte arrays are returned as they are, not copied, so that {@link #wipe()} really erases them; treat
 * them as read-only. After {@code wipe()} every accessor except {@link #isWiped()} and {@code toString()}
 * throws {@link IllegalStateException}, so use after wipe is loud rather than silent.
 */
public final class IdCardData {

    /** Sex as coded on the card (GB/T 2261.1). */
    public enum Sex {
        /** Code 0. */
        UNKNOWN,
        /** Code 1 (男). */
        MALE,
        /** Code 2 (女). */
        FEMALE,
        /** Code 9. */
        UNSPECIFIED;

        /** Maps the GB/T 2261.1 code ('0', '1', '2', '9') to a constant. */
        public static Sex fromCode(char code) {
            switch (code) {
                case '1':
                    return MALE;
                case '2':
                    return FEMALE;
                case '9':
                    return UNSPECIFIED;
                default:
                    return UNKNOWN;
            }
        }
    }

    private volatile boolean wiped;
    private String name;
    private Sex sex;
    private String ethnicity;
    private LocalDate birthDate;
    private String address;
    private String idNumber;
    private String issuingAuthority;
    private LocalDate validFrom;
    private LocalDate validUntil;
    private byte[] photoWlt;
    private byte[] photo;

    private IdCardData(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.sex = Objects.requireNonNull(b.sex, "sex");
        this.ethnicity = Objects.requireNonNull(b.ethnicity, "ethnicity");
        this.birthDate = Objects.requireNonNull(b.birthDate, "birthDate");
        this.address = Objects.requireNonNull(b.address, "address");
        this.idNumber = Objects.requireNonNull(b.idNumber, "idNumber");
        this.issuingAuthority = Objects.requireNonNull(b.issuingAuthority, "issuingAuthority");
        this.validFrom = Objects.requireNonNull(b.validFrom, "validFrom");
        this.validUntil = b.validUntil;
        this.photoWlt = b.photoWlt;
        this.photo = b.photo;
    }

    /** A builder; every text field and both dates except {@code validUntil} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** 姓名, trimmed. */
    public String name() {
        check();
        return name;
    }

    /** 性别. */
    public Sex sex() {
        check();
        return sex;
    }

    /** 民族 as printed on the card, e.g. {@code "汉"}. */
    public String ethnicity() {
        check();
        return ethnicity;
    }

    /** 出生. */
    public LocalDate birthDate() {
        check();
        return birthDate;
    }

    /** 住址. */
    public String address() {
        check();
        return address;
    }

    /** 公民身份号码, 18 characters, upper-case {@code X}. Display {@link #maskedIdNumber()} instead. */
    public String idNumber() {
        check();
        return idNumber;
    }

    /**
     * The ID number with all but the first 6 and last 4 characters replaced by {@code *}, for
     * display: the same rule as the stored applications and the screens use.
     */
    public String maskedIdNumber() {
        check();
        int n = idNumber.length();
        if (n <= 10) {
            return "*".repeat(n);
        }
        return idNumber.substring(0, 6) + "*".repeat(n - 10) + idNumber.substring(n - 4);
    }

    /** 签发机关. */
    public String issuingAuthority() {
        check();
        return issuingAuthority;
    }

    /** 有效期起始. */
    public LocalDate validFrom() {
        check();
        return validFrom;
    }

    /** 有效期截止; empty for a long-term (长期) card. */
    public Optional<LocalDate> validUntil() {
        check();
        return Optional.ofNullable(validUntil);
    }

    /** Whether the card is valid for life (长期). */
    public boolean isLongTerm() {
        check();
        return validUntil == null;
    }

    /** Raw 1024-byte WLT photo from the chip, if read. Not copied. */
    public Optional<byte[]> photoWlt() {
        check();
        return Optional.ofNullable(photoWlt);
    }

    /** Decoded photo (PNG or JPEG bytes, typically 102×126), if read and decoded. Not copied. */
    public Optional<byte[]> photo() {
        check();
        return Optional.ofNullable(photo);
    }

    /** Whether {@link #wipe()} has been called. */
    public boolean isWiped() {
        return wiped;
    }

    /**
     * Zeroes the photo arrays and drops every reference to the personal data. Idempotent. Strings cannot be
     * zeroed in Java; dropping them lets the garbage collector reclaim them.
     */
    public synchronized void wipe() {
        if (wiped) {
            return;
        }
        wiped = true;
        if (photoWlt != null) {
            Arrays.fill(photoWlt, (byte) 0);
        }
        if (photo != null) {
            Arrays.fill(photo, (byte) 0);
        }
        name = null;
        sex = null;
        ethnicity = null;
        birthDate = null;
        address = null;
        idNumber = null;
        issuingAuthority = null;
        validFrom = null;
        validUntil = null;
        photoWlt = null;
        photo = null;
    }

    /** Describes the shape only, never the content. */
    @Override
    public String toString() {
        if (wiped) {
            return "IdCardData[wiped]";
        }
        return "IdCardData[longTerm=" + (validUntil == null) + ", wlt=" + (photoWlt != null) + ", photo="
                + (photo != null) + "]";
    }

    private void check() {
        if (wiped) {
            throw new IllegalStateException("ID card data has been wiped");
        }
    }

    /** Builder for {@link IdCardData}; used by drivers and simulators. */
    public static final class Builder {
        private String name;
        private Sex sex;
        private String ethnicity;
        private LocalDate birthDate;
        private String address;
        private String idNumber;
        private String issuingAuthority;
        private LocalDate validFrom;
        private LocalDate validUntil;
        private byte[] photoWlt;
        private byte[] photo;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name == null ? null : name.trim();
            return this;
        }

        public Builder sex(Sex sex) {
            this.sex = sex;
            return this;
        }

        public Builder ethnicity(String ethnicity) {
            this.ethnicity = ethnicity == null ? null : ethnicity.trim();
            return this;
        }

        public Builder birthDate(LocalDate birthDate) {
            this.birthDate = birthDate;
            return this;
        }

        public Builder address(String address) {
            this.address = address == null ? null : address.trim();
            return this;
        }

        public Builder idNumber(String idNumber) {
            this.idNumber = idNumber == null ? null : idNumber.trim().toUpperCase(java.util.Locale.ROOT);
            return this;
        }

        public Builder issuingAuthority(String issuingAuthority) {
            this.issuingAuthority = issuingAuthority == null ? null : issuingAuthority.trim();
            return this;
        }

        public Builder validFrom(LocalDate validFrom) {
            this.validFrom = validFrom;
            return this;
        }

        /** End of validity; {@code null} for a long-term (长期) card. */
        public Builder validUntil(LocalDate validUntil) {
            this.validUntil = validUntil;
            return this;
        }

        /** Raw WLT photo bytes (handed over, not copied), or {@code null}. */
        public Builder photoWlt(byte[] photoWlt) {
            this.photoWlt = photoWlt;
            return this;
        }

        /** Decoded photo, PNG or JPEG (handed over, not copied), or {@code null}. */
        public Builder photo(byte[] photo) {
            this.photo = photo;
            return this;
        }

        /** @throws NullPointerException if a required field is missing */
        public IdCardData build() {
            return new IdCardData(this);
        }
    }
}
