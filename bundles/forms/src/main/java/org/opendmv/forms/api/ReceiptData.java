package org.opendmv.forms.api;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What the receipt (受理凭条) tells: the serial, the business, the fee and the payment reference,
 * date and time, the kiosk. {@code applicantName} and {@code idNumber} are optional and are printed
 * masked only (测*户, 110101********001X): a receipt may be left behind at the kiosk.
 *
 * @param serial        流水号, mandatory
 * @param businessName  e.g. 驾驶证期满换证, mandatory
 * @param feeFen        fee in fen (1 元 = 100 fen), 0 for a free business
 * @param paymentRef    the payment's merchant order number (out_trade_no), or null
 * @param dateTime      when the application was taken, mandatory
 * @param kioskId       the kiosk, or null
 * @param applicantName optional, printed masked
 * @param idNumber      optional, printed masked
 */
public record ReceiptData(String serial, String businessName, long feeFen, String paymentRef, LocalDateTime dateTime,
        String kioskId, String applicantName, String idNumber) {

    public ReceiptData {
        if (serial == null || serial.isBlank()) {
            throw new IllegalArgumentException("serial is missing");
        }
        if (businessName == null || businessName.isBlank()) {
            throw new IllegalArgumentException("businessName is missing");
        }
        if (feeFen < 0) {
            throw new IllegalArgumentException("feeFen is negative");
        }
        Objects.requireNonNull(dateTime, "dateTime");
    }

    /** Without the applicant. */
    public ReceiptData(String serial, String businessName, long feeFen, String paymentRef, LocalDateTime dateTime,
            String kioskId) {
        this(serial, businessName, feeFen, paymentRef, dateTime, kioskId, null, null);
    }

    @Override
    public String toString() {
        return "ReceiptData[" + serial + "]";
    }
}
