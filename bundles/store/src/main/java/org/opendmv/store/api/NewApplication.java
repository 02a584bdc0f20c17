package org.opendmv.store.api;

import java.util.Map;
import java.util.Objects;

/**
 * What the engine hands over when a visit becomes an application. {@code idNumber} and
 * {@code payload} are personal data: the store keeps the ID number only as a keyed hash plus
 * a masked form, and the payload encrypted.
 */
public final class NewApplication {
    private final String businessCode;
    private final String idNumber;
    private final long feeFen;
    private final Map<String, Object> payload;
    private final String status;
    private final Map<String, Attachment> attachments;

    public NewApplication(String businessCode, String idNumber, long feeFen, Map<String, Object> payload) {
        this(businessCode, idNumber, feeFen, payload, Application.SUBMITTED, Map.of());
    }

    /**
     * @param status      first status, e.g. {@link Application#AWAITING_PAYMENT} or {@link Application#SUBMITTED}
     * @param attachments photo, signature, scans by name (e.g. {@code photo.jpeg}); stored encrypted
     */
    public NewApplication(String businessCode, String idNumber, long feeFen, Map<String, Object> payload, String status,
            Map<String, Attachment> attachments) {
        this.businessCode = Objects.requireNonNull(businessCode, "businessCode");
        this.idNumber = idNumber;
        this.feeFen = feeFen;
        this.payload = Map.copyOf(payload);
        this.status = Objects.requireNonNull(status, "status");
        this.attachments = Map.copyOf(attachments);
    }

    public String status() {
        return status;
    }

    public Map<String, Attachment> attachments() {
        return attachments;
    }

    public String businessCode() {
        return businessCode;
    }

    public String idNumber() {
        return idNumber;
    }

    public long feeFen() {
        return feeFen;
    }

    public Map<String, Object> payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "NewApplication[" + businessCode + "]";
    }
}
