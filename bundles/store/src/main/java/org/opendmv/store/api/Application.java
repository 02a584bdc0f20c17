package org.opendmv.store.api;

import java.time.Instant;
import java.util.Map;

/** A stored application. {@link #toString()} never shows personal data. */
public final class Application {
    /** Status right after submission. */
    public static final String SUBMITTED = "SUBMITTED";
    /** Signed, fee not yet paid. */
    public static final String AWAITING_PAYMENT = "AWAITING_PAYMENT";
    /** Fee paid (the note holds the payment reference); followed by SUBMITTED. */
    public static final String PAID = "PAID";
    /** Abandoned before payment; its personal data has been purged. */
    public static final String CANCELLED = "CANCELLED";
    /**
     * The visit left PAY while its order could still be paid (the provider could not confirm it
     * closed): the data stay, encrypted, until the payment core settles it — paid: PAID, SUBMITTED;
     * confirmed closed and unpaid: CANCELLED and purged.
     */
    public static final String PAYMENT_UNSETTLED = "PAYMENT_UNSETTLED";

    private final String serial;
    private final String businessCode;
    private final String status;
    private final String maskedIdNumber;
    private final long feeFen;
    private final Instant createdAt;
    private final Map<String, Object> payload;

    public Application(String serial, String businessCode, String status, String maskedIdNumber, long feeFen,
            Instant createdAt, Map<String, Object> payload) {
        this.serial = serial;
        this.businessCode = businessCode;
        this.status = status;
        this.maskedIdNumber = maskedIdNumber;
        this.feeFen = feeFen;
        this.createdAt = createdAt;
        this.payload = payload == null ? Map.of() : Map.copyOf(payload);
    }

    public String serial() {
        return serial;
    }

    public String businessCode() {
        return businessCode;
    }

    public String status() {
        return status;
    }

    /** e.g. 110101********123X. */
    public String maskedIdNumber() {
        return maskedIdNumber;
    }

    public long feeFen() {
        return feeFen;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Decrypted application data. */
    public Map<String, Object> payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "Application[" + serial + " " + businessCode + " " + status + "]";
    }
}
