package org.opendmv.business.api;

/**
 * Keys of the facts a session collects and rules read ({@link org.opendmv.business.api.spi.RuleContext#facts()}).
 * Values: strings unless noted. Personal data: never log the values.
 */
public final class Facts {
    /** Whole card as read ({@code org.opendmv.devices.api.IdCardData}). */
    public static final String IDCARD = "idcard";
    public static final String ID_NUMBER = "idcard.idNumber";
    public static final String NAME = "idcard.name";
    /** "1" male, "2" female. */
    public static final String SEX = "idcard.sex";
    /** {@link java.time.LocalDate}. */
    public static final String BIRTH_DATE = "idcard.birthDate";
    public static final String ADDRESS = "idcard.address";
    /** Liveness outcome and score, after the consent. */
    public static final String LIVENESS_SCORE = "identify.matchScore";
    /** Driver record ({@code org.opendmv.records.api.DriverRecord}), absent if the person holds no licence. */
    public static final String DRIVER = "records.driver";
    /** {@code List<org.opendmv.records.api.VehicleRecord>} owned by the applicant. */
    public static final String VEHICLES = "records.vehicles";
    /** The one vehicle a rule is asked about ({@code VehicleRecord}). */
    public static final String VEHICLE = "records.vehicle";
    /** Comma-separated plates that passed CHECK, for vehicle businesses. */
    public static final String ELIGIBLE_PLATES = "check.plates";
    /** Prefix of form values: {@code form.<field name>}. */
    public static final String FORM_PREFIX = "form.";
    /** {@code List<Map>} of scanned materials: code, pages. */
    public static final String MATERIALS = "materials";
    /** Normalised applicant photo (JPEG bytes). */
    public static final String PHOTO = "photo.jpeg";
    /** Signature image (PNG bytes). */
    public static final String SIGNATURE = "sign.png";
    public static final String SERIAL = "application.serial";
    public static final String PAYMENT_REF = "payment.outTradeNo";

    private Facts() {
    }
}
