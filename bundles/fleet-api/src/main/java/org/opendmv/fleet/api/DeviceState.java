package org.opendmv.fleet.api;

import java.util.Map;

/**
 * One device of a kiosk as the central sees it: the layers of the kiosk's device status, as names.
 *
 * @param id device instance id, e.g. {@code idcard-1}
 * @param deviceClass e.g. {@code ID_CARD_READER}
 * @param role e.g. {@code idCardReader}
 * @param lifecycle {@code UNINITIALIZED}, {@code INITIALIZING}, {@code READY}, {@code REMOVING}
 * @param detail the lifecycle detail, e.g. {@code DRIVER_MISSING}, {@code NONE}
 * @param operational e.g. {@code ONLINE}, {@code HARDWARE_ERROR}
 * @param substatus per-class substatus, e.g. {@code paper → LOW}
 */
public record DeviceState(String id, String deviceClass, String role, String lifecycle, String detail,
        String operational, Map<String, String> substatus) {

    public DeviceState {
        Checks.text("id", id);
        Checks.text("deviceClass", deviceClass);
        Checks.text("role", role);
        Checks.text("lifecycle", lifecycle);
        Checks.text("detail", detail);
        Checks.text("operational", operational);
        substatus = Checks.map("substatus", substatus);
    }

    /** Whether the device can work: READY and ONLINE or BUSY (as the kiosk's own rule). */
    public boolean usable() {
        return "READY".equals(lifecycle) && ("ONLINE".equals(operational) || "BUSY".equals(operational));
    }
}
