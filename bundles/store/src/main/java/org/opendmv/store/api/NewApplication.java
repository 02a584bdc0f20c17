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

    public NewApplication(String businessCode, String idNumber, long feeFen, Map<String, Object> payload) {
        this.businessCode = Objects.requireNonNull(businessCode, "businessCode");
        this.idNumber = idNumber;
        this.feeFen = feeFen;
        this.payload = Map.copyOf(payload);
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
