package org.opendmv.records.api;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A registered motor vehicle (机动车信息).
 *
 * @param plate                  号牌号码, e.g. 京A12345
 * @param plateType              号牌种类 code (GA/T 16.7), e.g. 02 小型汽车
 * @param vehicleType            车辆类型 code, e.g. K33 小型轿车, K39 小型面包车
 * @param useCode                使用性质 code, A = 非营运
 * @param seats                  核定载客
 * @param registered             初次登记日期
 * @param inspectionDue          检验有效期止
 * @param status                 机动车状态 letters, e.g. "A"
 * @param unprocessedViolations  违法未处理 count
 * @param unprocessedAccidents   事故未处理 count
 * @param casualtyAccident       had an accident causing injury or death (造成人员伤亡)
 * @param illegalModification    penalised for illegal modification (非法改装)
 * @param insuranceValidUntil    交强险 valid until, null if none
 * @param taxPaidUntil           车船税 paid or exempt until, null if unpaid
 * @param vinLast4               last four characters of the VIN (车辆识别代号后4位)
 */
public record VehicleRecord(String plate, String plateType, String vehicleType, String useCode, int seats,
        LocalDate registered, LocalDate inspectionDue, String status, int unprocessedViolations,
        int unprocessedAccidents, boolean casualtyAccident, boolean illegalModification, LocalDate insuranceValidUntil,
        LocalDate taxPaidUntil, String vinLast4) {

    public VehicleRecord {
        Objects.requireNonNull(plate, "plate");
        status = status == null ? "" : status;
    }

    public boolean hasAnyStatus(String letters) {
        return StatusLetters.hasAny(status, letters);
    }

    /** The status letters that are also in {@code letters}, e.g. "D". */
    public String statusAmong(String letters) {
        return StatusLetters.among(status, letters);
    }

    @Override
    public String toString() {
        // the plate identifies the owner: keep it out of logs
        return "VehicleRecord[" + vehicleType + ", status=" + status + "]";
    }
}
