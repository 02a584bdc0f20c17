package org.opendmv.devices.manager.internal;

import java.util.Map;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * Which instances may serve a role. Identity roles (ID card, liveness) fail closed: a simulator is
 * refused outright in production mode, and in any mode a simulator never takes over a role from a
 * higher-ranked instance whose driver went away unless its own configuration says
 * {@value #FALLBACK} = true (honoured for identity roles only in demo mode).
 */
final class RolePolicy {
    /** The simulator driver ({@code devices/sim}). */
    static final String SIMULATOR_DRIVER = "sim";
    /** Instance key: this simulator may stand in for a higher-ranked device of its role. */
    static final String FALLBACK = "role.fallback";
    /** Instance key: rank among the instances of one role (higher serves; default 0). */
    static final String RANK = "role.rank";
    /** Substatus key set on a refused instance; its value says why. */
    static final String REFUSED = "refused";
    static final String SIMULATOR_IN_PRODUCTION = "SIMULATOR_IN_PRODUCTION";

    private RolePolicy() {
    }

    static boolean isSimulator(DeviceInstanceConfig c) {
        return SIMULATOR_DRIVER.equals(c.driverType());
    }

    /** Devices that establish who the citizen is: their data is the application's legal basis. */
    static boolean isIdentity(DeviceInstanceConfig c) {
        return c.deviceClass() == DeviceClass.ID_CARD_READER || c.deviceClass() == DeviceClass.LIVENESS_DETECTOR;
    }

    static boolean refused(DeviceInstanceConfig c, KioskMode mode) {
        return mode == KioskMode.PRODUCTION && isSimulator(c) && isIdentity(c);
    }

    /** The status of an instance this policy refuses: for staff, what is wrong and what to do. */
    static DeviceStatus refusedStatus(DeviceInstanceConfig c) {
        String zh = c.deviceClass() == DeviceClass.LIVENESS_DETECTOR ? "人脸核验" : "读取身份证";
        String en = c.deviceClass() == DeviceClass.LIVENESS_DETECTOR ? "check faces" : "read ID cards";
        return DeviceStatus.of(Lifecycle.UNINITIALIZED, LifecycleDetail.CONFIGURATION_ERROR, OperationalState.UNKNOWN,
                Map.of(REFUSED, SIMULATOR_IN_PRODUCTION),
                "生产模式下不允许模拟器" + zh + "：请安装真实设备的驱动并修改 driver.type / a simulator may not " + en
                        + " in production mode (kiosk.mode = production): install the real device's driver and set its driver.type");
    }

    static boolean isRefusedStatus(DeviceStatus s) {
        return s != null && s.substatus(REFUSED).isPresent();
    }

    /** Whether {@code c} may serve its role when it is not the role's highest-ranked instance. */
    static boolean mayStandIn(DeviceInstanceConfig c, KioskMode mode) {
        if (!isSimulator(c)) {
            return true;
        }
        return c.booleanProperty(FALLBACK, false) && !(isIdentity(c) && mode == KioskMode.PRODUCTION);
    }

    /**
     * Whether {@code a} comes before {@code b} for a role: higher {@value #RANK}, then a real device
     * before a simulator. Callers iterate by id, so on a tie the earlier id is kept.
     */
    static boolean outranks(DeviceInstanceConfig a, DeviceInstanceConfig b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return ra > rb;
        }
        return !isSimulator(a) && isSimulator(b);
    }

    /** {@value #RANK}, 0 when absent or not an integer (a typo must not break role lookup). */
    static int rank(DeviceInstanceConfig c) {
        try {
            return c.intProperty(RANK, 0);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
