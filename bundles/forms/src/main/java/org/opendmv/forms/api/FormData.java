package org.opendmv.forms.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What goes on an application form. Immutable; build with {@link #builder(String, String)} or from a
 * stored application's payload with {@link #fromPayload}. Personal data: {@link #toString()} shows only
 * the serial and the business.
 *
 * <p>Values are the ones the business descriptors store: {@code reason} is the option value of the
 * business's reason choice ({@code military|abroad|other} for the three postponements, {@code lost|other}
 * for dl-replace-lost, {@code self} for dl-cancel, {@code lost|destroyed} for mv-licence-replace and
 * mv-plate-replace, {@code local|elsewhere} — the {@code where} field — for mv-inspection-sticker);
 * {@code plateSide} is {@code front|back|both}; {@code delivery} is {@code onsite|mail}. Chinese labels
 * (服兵役, 丢失, 前号牌 ...) are accepted as well.
 *
 * <p>{@link Builder#build()} checks: serial, business code, applicant name and ID number present; lengths
 * (name ≤ 40, address ≤ 120, other texts ≤ 60 characters); photo starts like a JPEG, signature like a
 * PNG, each ≤ 4 MB. Violations throw {@link IllegalArgumentException} naming the field.
 */
public final class FormData {
    /** Longest address accepted; longer ones are refused rather than cut off on the form. */
    public static final int MAX_ADDRESS = 120;
    public static final int MAX_NAME = 40;
    public static final int MAX_TEXT = 60;
    public static final int MAX_IMAGE_BYTES = 4 * 1024 * 1024;
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final Pattern ID = Pattern.compile("[0-9Xx*]{15,18}");

    private final String serial;
    private final String businessCode;
    private final String businessName;
    private final String applicantName;
    private final String idNumber;
    private final String sex;
    private final LocalDate birthDate;
    private final String nationality;
    private final String address;
    private final String mobile;
    private final String landline;
    private final String postcode;
    private final String email;
    private final String archiveNo;
    private final String licenceClass;
    private final String targetClass;
    private final String plateNumber;
    private final String plateType;
    private final String vinLast4;
    private final String reason;
    private final String reasonDetail;
    private final String plateSide;
    private final Boolean tempPlate;
    private final String delivery;
    private final LocalDate date;
    private final byte[] photoJpeg;
    private final byte[] signaturePng;
    private final String kioskId;

    private FormData(Builder b) {
        this.serial = b.serial;
        this.businessCode = b.businessCode;
        this.businessName = b.businessName;
        this.applicantName = b.applicantName;
        this.idNumber = b.idNumber;
        this.sex = b.sex;
        this.birthDate = b.birthDate;
        this.nationality = b.nationality;
        this.address = b.address;
        this.mobile = b.mobile;
        this.landline = b.landline;
        this.postcode = b.postcode;
        this.email = b.email;
        this.archiveNo = b.archiveNo;
        this.licenceClass = b.licenceClass;
        this.targetClass = b.targetClass;
        this.plateNumber = b.plateNumber;
        this.plateType = b.plateType;
        this.vinLast4 = b.vinLast4;
        this.reason = b.reason;
        this.reasonDetail = b.reasonDetail;
        this.plateSide = b.plateSide;
        this.tempPlate = b.tempPlate;
        this.delivery = b.delivery;
        this.date = b.date;
        this.photoJpeg = b.photoJpeg;
        this.signaturePng = b.signaturePng;
        this.kioskId = b.kioskId;
    }

    /** A builder with the two mandatory keys. */
    public static Builder builder(String serial, String businessCode) {
        return new Builder(serial, businessCode);
    }

    /**
     * From the payload the engine stores with an application ({@code Application.payload()}): keys
     * {@code business.code}, {@code business.name}, {@code idcard.name|idNumber|sex|birthDate|address},
     * {@code form.mobile|postcode|address|landline|email|reason|where|reasonDetail|targetClass|plateNumber|plateSide|tempPlate|delivery},
     * {@code driver.archiveNo|classes}, {@code vehicle.plate|plateType|vinLast4}. {@code form.address}
     * (the mailing address) wins over the card address.
     *
     * @param serial    the application's serial number
     * @param payload   the decrypted payload
     * @param photo     the {@code photo.jpeg} attachment, or null
     * @param signature the {@code signature.png} attachment, or null
     * @param kioskId   the kiosk that took the application
     * @param date      the application date
     */
    public static FormData fromPayload(String serial, Map<String, ?> payload, byte[] photo, byte[] signature,
            String kioskId, LocalDate date) {
        Map<String, ?> p = payload == null ? Map.of() : payload;
        Builder b = builder(serial, str(p, "business.code"))
                .businessName(str(p, "business.name"))
                .applicantName(str(p, "idcard.name"))
                .idNumber(str(p, "idcard.idNumber"))
                .sex(str(p, "idcard.sex"))
                .address(first(str(p, "form.address"), str(p, "idcard.address")))
                .mobile(str(p, "form.mobile"))
                .landline(str(p, "form.landline"))
                .postcode(str(p, "form.postcode"))
                .email(str(p, "form.email"))
                .archiveNo(str(p, "driver.archiveNo"))
                .licenceClass(str(p, "driver.classes"))
                .targetClass(str(p, "form.targetClass"))
                .plateNumber(first(str(p, "form.plateNumber"), str(p, "vehicle.plate")))
                .plateType(str(p, "vehicle.plateType"))
                .vinLast4(str(p, "vehicle.vinLast4"))
                .reason(first(str(p, "form.reason"), str(p, "form.where")))
                .reasonDetail(str(p, "form.reasonDetail"))
                .plateSide(str(p, "form.plateSide"))
                .delivery(str(p, "form.delivery"))
                .date(date)
                .photoJpeg(photo)
                .signaturePng(signature)
                .kioskId(kioskId);
        String temp = str(p, "form.tempPlate");
        if (temp != null) {
            b.tempPlate("yes".equals(temp) || "true".equals(temp));
        }
        String birth = str(p, "idcard.birthDate");
        if (birth != null) {
            try {
                b.birthDate(LocalDate.parse(birth));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("idcard.birthDate is not an ISO date (yyyy-MM-dd)");
            }
        }
        return b.build();
    }

    private static String str(Map<String, ?> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** 流水号, e.g. 20261124K001000042. */
    public String serial() { return serial; }
    /** e.g. {@code dl-renewal}. */
    public String businessCode() { return businessCode; }
    /** e.g. 驾驶证期满换证; may be null. */
    public String businessName() { return businessName; }
    public String applicantName() { return applicantName; }
    /** The full 18-character number as on the paper form (or a masked one). */
    public String idNumber() { return idNumber; }
    /** "1"/"男" male, "2"/"女" female, or null. */
    public String sex() { return sex; }
    public LocalDate birthDate() { return birthDate; }
    /** 国籍, default 中国. */
    public String nationality() { return nationality; }
    /** Mailing address (邮寄地址). */
    public String address() { return address; }
    /** Mobile phone (移动电话/手机号码). */
    public String mobile() { return mobile; }
    /** Landline (固定电话), optional. */
    public String landline() { return landline; }
    public String postcode() { return postcode; }
    /** Optional. */
    public String email() { return email; }
    /** 驾驶证档案编号, optional. */
    public String archiveNo() { return archiveNo; }
    /** Current 准驾车型, e.g. C1 or B2E. */
    public String licenceClass() { return licenceClass; }
    /** 申请的准驾车型代号 (downgrade target). */
    public String targetClass() { return targetClass; }
    /** 号牌号码, e.g. 京A12345. */
    public String plateNumber() { return plateNumber; }
    /** 号牌种类 as a GA/T 16.7 code (02) or a name (小型汽车). */
    public String plateType() { return plateType; }
    /** Last 4 characters of the VIN (车辆识别代号). */
    public String vinLast4() { return vinLast4; }
    public String reason() { return reason; }
    /** Free text for reason 其他. */
    public String reasonDetail() { return reasonDetail; }
    /** front, back or both. */
    public String plateSide() { return plateSide; }
    /** Whether a temporary plate is wanted, null if not asked. */
    public Boolean tempPlate() { return tempPlate; }
    /** onsite or mail. */
    public String delivery() { return delivery; }
    /** Application date (申请日期). */
    public LocalDate date() { return date; }
    /** Applicant photo, JPEG; null when the business takes none. The array itself (not a copy). */
    public byte[] photoJpeg() { return photoJpeg; }
    /** Signature, PNG; null if none. The array itself (not a copy). */
    public byte[] signaturePng() { return signaturePng; }
    public String kioskId() { return kioskId; }

    /** The form this application uses. */
    public FormKind kind() {
        return FormKind.forBusiness(businessCode).orElseThrow();
    }

    @Override
    public String toString() {
        return "FormData[" + serial + " " + businessCode + "]";
    }

    /** Builder; blank strings count as absent. */
    public static final class Builder {
        private final String serial;
        private final String businessCode;
        private String businessName;
        private String applicantName;
        private String idNumber;
        private String sex;
        private LocalDate birthDate;
        private String nationality = "中国";
        private String address;
        private String mobile;
        private String landline;
        private String postcode;
        private String email;
        private String archiveNo;
        private String licenceClass;
        private String targetClass;
        private String plateNumber;
        private String plateType;
        private String vinLast4;
        private String reason;
        private String reasonDetail;
        private String plateSide;
        private Boolean tempPlate;
        private String delivery;
        private LocalDate date;
        private byte[] photoJpeg;
        private byte[] signaturePng;
        private String kioskId;

        private Builder(String serial, String businessCode) {
            this.serial = clean(serial);
            this.businessCode = clean(businessCode);
        }

        private static String clean(String s) {
            if (s == null) {
                return null;
            }
            String t = s.strip();
            return t.isEmpty() ? null : t;
        }

        public Builder businessName(String v) { this.businessName = clean(v); return this; }
        public Builder applicantName(String v) { this.applicantName = clean(v); return this; }
        public Builder idNumber(String v) { this.idNumber = clean(v); return this; }
        public Builder sex(String v) { this.sex = clean(v); return this; }
        public Builder birthDate(LocalDate v) { this.birthDate = v; return this; }
        public Builder nationality(String v) { this.nationality = clean(v); return this; }
        public Builder address(String v) { this.address = clean(v); return this; }
        public Builder mobile(String v) { this.mobile = clean(v); return this; }
        public Builder landline(String v) { this.landline = clean(v); return this; }
        public Builder postcode(String v) { this.postcode = clean(v); return this; }
        public Builder email(String v) { this.email = clean(v); return this; }
        public Builder archiveNo(String v) { this.archiveNo = clean(v); return this; }
        public Builder licenceClass(String v) { this.licenceClass = clean(v); return this; }
        public Builder targetClass(String v) { this.targetClass = clean(v); return this; }
        public Builder plateNumber(String v) { this.plateNumber = clean(v); return this; }
        public Builder plateType(String v) { this.plateType = clean(v); return this; }
        public Builder vinLast4(String v) { this.vinLast4 = clean(v); return this; }
        public Builder reason(String v) { this.reason = clean(v); return this; }
        public Builder reasonDetail(String v) { this.reasonDetail = clean(v); return this; }
        public Builder plateSide(String v) { this.plateSide = clean(v); return this; }
        public Builder tempPlate(Boolean v) { this.tempPlate = v; return this; }
        public Builder delivery(String v) { this.delivery = clean(v); return this; }
        public Builder date(LocalDate v) { this.date = v; return this; }
        public Builder photoJpeg(byte[] v) { this.photoJpeg = v == null || v.length == 0 ? null : v; return this; }
        public Builder signaturePng(byte[] v) { this.signaturePng = v == null || v.length == 0 ? null : v; return this; }
        public Builder kioskId(String v) { this.kioskId = clean(v); return this; }

        /** Checks and builds; see the class comment for the rules. */
        public FormData build() {
            if (serial == null) {
                throw new IllegalArgumentException("serial is missing");
            }
            if (!SERIAL.matcher(serial).matches()) {
                throw new IllegalArgumentException("serial must be 1-40 letters, digits or '-'");
            }
            if (businessCode == null) {
                throw new IllegalArgumentException("businessCode is missing");
            }
            if (FormKind.forBusiness(businessCode).isEmpty()) {
                throw new IllegalArgumentException("unknown business code '" + printable(businessCode)
                        + "'; forms exist for " + FormKind.businessCodes());
            }
            if (applicantName == null) {
                throw new IllegalArgumentException("applicantName is missing");
            }
            if (idNumber == null) {
                throw new IllegalArgumentException("idNumber is missing");
            }
            if (!ID.matcher(idNumber).matches()) {
                throw new IllegalArgumentException("idNumber must be 15-18 digits, X or '*'");
            }
            length("applicantName", applicantName, MAX_NAME);
            length("businessName", businessName, MAX_TEXT);
            length("address", address, MAX_ADDRESS);
            for (String[] f : new String[][] {{"nationality", nationality}, {"mobile", mobile}, {"landline", landline},
                    {"postcode", postcode}, {"email", email}, {"archiveNo", archiveNo}, {"licenceClass", licenceClass},
                    {"targetClass", targetClass}, {"plateNumber", plateNumber}, {"plateType", plateType},
                    {"vinLast4", vinLast4}, {"reason", reason}, {"reasonDetail", reasonDetail}, {"plateSide", plateSide},
                    {"delivery", delivery}, {"kioskId", kioskId}, {"sex", sex}}) {
                length(f[0], f[1], MAX_TEXT);
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
            return new FormData(this);
        }

        private static void length(String field, String value, int max) {
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

        private static String printable(String s) {
            String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
            return t.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }
}
