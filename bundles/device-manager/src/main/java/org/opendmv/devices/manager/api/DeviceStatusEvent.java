package org.opendmv.devices.manager.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceStatus;

/**
 * A device's status changed (including the driver leaving or coming back). Carries both the previous and
 * the current snapshot so a listener can tell what changed.
 */
public final class DeviceStatusEvent {
    private final String deviceId;
    private final DeviceClass deviceClass;
    private final String role;
    private final DeviceStatus previous;
    private final DeviceStatus current;
    private final Instant timestamp;

    private DeviceStatusEvent(String deviceId, DeviceClass deviceClass, String role, DeviceStatus previous,
            DeviceStatus current, Instant timestamp) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
        this.role = Objects.requireNonNull(role, "role");
        this.previous = previous;
        this.current = Objects.requireNonNull(current, "current");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * Creates an event stamped now.
     *
     * @param previous the status before, {@code null} for a newly configured device
     */
    public static DeviceStatusEvent of(String deviceId, DeviceClass deviceClass, String role,
            DeviceStatus previous, DeviceStatus current) {
        return new DeviceStatusEvent(deviceId, deviceClass, role, previous, current, Instant.now());
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    /** The role the device serves, e.g. {@code "idCardReader"}. */
    public String role() {
        return role;
    }

    /** The status before the change; empty for a newly configured device. */
    public Optional<DeviceStatus> previous() {
        return Optional.ofNullable(previous);
    }

    public DeviceStatus current() {
        return current;
    }

    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return "DeviceStatusEvent[" + deviceId + ": " + (previous == null ? "-" : previous) + " -> " + current + "]";
    }
}
