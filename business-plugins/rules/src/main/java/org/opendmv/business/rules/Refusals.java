package org.opendmv.business.rules;

import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.RuleResult;

/** Refusals shared by several businesses, worded for a citizen: what is wrong and what to do. */
public final class Refusals {
    public static final LocalizedText GO_TO_COUNTER = LocalizedText.of("请到人工窗口咨询办理。",
            "Please ask at a service counter.");

    private Refusals() {
    }

    public static RuleResult refuse(String code, String zh, String en, String adviceZh, String adviceEn) {
        return RuleResult.refuse(code, LocalizedText.of(zh, en), LocalizedText.of(adviceZh, adviceEn));
    }

    public static RuleResult noLicence() {
        return refuse("NO_LICENCE", "未查询到您名下的机动车驾驶证。", "No driving licence was found in your name.",
                "如您持有驾驶证，请到人工窗口核实信息。", "If you hold a licence, please have your record checked at a service counter.");
    }

    public static RuleResult driverStatus(String letters) {
        LocalizedText n = StatusCodes.driver(letters);
        return refuse("LICENCE_STATUS_" + letters, "您的驾驶证当前状态为“" + n.zh() + "”，不能在自助机办理此业务。",
                "Your licence is currently marked '" + n.en() + "', so this business cannot be done at the kiosk.",
                "请先处理相关事项，或到人工窗口咨询。", "Please resolve this first, or ask at a service counter.");
    }

    public static RuleResult noVehicle() {
        return refuse("NO_VEHICLE", "未查询到登记在您名下的机动车。", "No vehicle is registered in your name.",
                "本业务须由机动车所有人本人办理；代办请到人工窗口。",
                "Only the registered owner can do this at the kiosk; agents please go to a service counter.");
    }

    public static RuleResult vehicleStatus(String plate, String letters) {
        LocalizedText n = StatusCodes.vehicle(letters);
        return refuse("VEHICLE_STATUS_" + letters, "车辆" + plate + "当前状态为“" + n.zh() + "”，不能办理此业务。",
                "Vehicle " + plate + " is currently marked '" + n.en() + "', so this business cannot be done.",
                "请到人工窗口咨询。", "Please ask at a service counter.");
    }
}
