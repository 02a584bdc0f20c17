package org.opendmv.devices.manager.api;

import java.util.Objects;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;

/** Immutable snapshot of one configured device for UIs and the console: identity, role and status. */
public final class DeviceView {
    private final DeviceInfo info;
    private final String role;
    private final DeviceStatus status;

    private DeviceView(DeviceInfo info, String role, DeviceStatus status) {
        this.info = Objects.requireNonNull(info, "info");
        this.role = Objects.requireNonNull(role, "role");
        this.status = Objects.requireNonNull(status, "status");
    }

    /** Creates a view. */
    public static DeviceView of(DeviceInfo info, String role, DeviceStatus status) {
        return new DeviceView(info, role, status);
    }

    /** Instance id. */
    public String id() {
        return info.instanceId();
    }

    public DeviceClass deviceClass() {
        return info.deviceClass();
    }

    /** The role the device serves, e.g. {@code "idCardReader"}. */
    public String role() {
        return role;
    }

    /** The configured driver type. */
    public String driverType() {
        return info.driverType();
    }

    /** Identity; vendor and model are empty until a driver has reported them. */
    public DeviceInfo info() {
        return info;
    }

    public DeviceStatus status() {
        return status;
    }

    @Override
    public String toString() {
        return "DeviceView[" + id() + " " + role + " " + driverType() + " " + status + "]";
    }
}
