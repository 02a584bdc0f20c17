package org.opendmv.records.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A driving-licence record (驾驶证信息).
 *
 * @param archiveNo     档案编号 (12 digits)
 * @param classes       准驾车型 codes, e.g. [A2, D] for "A2D"
 * @param firstIssued   初次领证日期
 * @param validFrom     有效期起始
 * @param validUntil    有效期截止; null for 长期
 * @param status        驾驶证状态 letters (GA/T 16), several at once, e.g. "A" or "HI"
 * @param points        points in the current 记分周期
 * @param cycleEnd      end of the current 记分周期 (scoring period), null if unknown
 * @param reviewDue     审验 due date, null when no review is due
 * @param medicalDue    身体条件证明 due date, null when none is due
 * @param lastMedical   date of the latest electronic 体检 record, null if none
 * @param fatalAccident involved in a fatal accident with equal or greater liability (must attend 审验)
 * @param mobile        mobile number on file, null if none (for pre-filling the form)
 * @param postcode      postal code on file, or null
 * @param address       mailing address on file, or null
 */
public record DriverRecord(String idNumber, String archiveNo, List<String> classes, LocalDate firstIssued,
        LocalDate validFrom, LocalDate validUntil, String status, int points, LocalDate cycleEnd, LocalDate reviewDue,
        LocalDate medicalDue, LocalDate lastMedical, boolean fatalAccident, String mobile, String postcode,
        String address) {

    public DriverRecord {
        Objects.requireNonNull(idNumber, "idNumber");
        classes = List.copyOf(classes);
        status = status == null ? "" : status;
    }

    /** Whether any of the letters is in the status. */
    public boolean hasAnyStatus(String letters) {
        return StatusLetters.hasAny(status, letters);
    }

    /** The status letters that are also in {@code letters}, e.g. "D". */
    public String statusAmong(String letters) {
        return StatusLetters.among(status, letters);
    }

    public Optional<LocalDate> expiry() {
        return Optional.ofNullable(validUntil);
    }

    /** Classes joined as printed on the licence, e.g. "A2D". */
    public String classesText() {
        return String.join("", classes);
    }

    @Override
    public String toString() {
        // never the ID number, name or address
        return "DriverRecord[classes=" + classesText() + ", status=" + status + "]";
    }
}
