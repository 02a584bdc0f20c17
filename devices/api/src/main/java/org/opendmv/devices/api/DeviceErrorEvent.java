package org.opendmv.devices.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Unsolicited device error (XFS4IoT {@code Common.ErrorEvent}), e.g. "paper out" or "SAM module not
 * answering", reported by a driver outside any command. The {@link #hint()} decides whether the citizen
 * is asked to retry, staff is called, or the device is taken out of service.
 */
public final class DeviceErrorEvent {
    private final String deviceId;
    private final DeviceClass deviceClass;
    private final String errorCode;
    private final String description;
    private final ActionHint hint;
    private final Instant timestamp;

    private DeviceErrorEvent(String deviceId, DeviceClass deviceClass, String errorCode, String description,
            ActionHint hint, Instant timestamp) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.description = description == null ? "" : description;
        this.hint = Objects.requireNonNull(hint, "hint");
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * An event stamped now.
     *
     * @param errorCode short upper-case code, e.g. {@code "PAPER_OUT"} (an error enum constant's name)
     * @param description operator-facing text without personal data
     */
    public static DeviceErrorEvent of(String deviceId, DeviceClass deviceClass, String errorCode,
            String description, ActionHint hint) {
        return new DeviceErrorEvent(deviceId, deviceClass, errorCode, description, hint, Instant.now());
    }

    /** An event with an explicit timestamp. */
    public static DeviceErrorEvent of(String deviceId, DeviceClass deviceClass, String errorCode,
            String description, ActionHint hint, Instant timestamp) {
        return new DeviceErrorEvent(deviceId, deviceClass, errorCode, description, hint, timestamp);
    }

    /** The same event attributed to another device (the core uses it to enforce the instance identity). */
    public DeviceErrorEvent withDevice(String deviceId, DeviceClass deviceClass) {
        return new DeviceErrorEvent(deviceId, deviceClass, errorCode, description, hint, timestamp);
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    public String errorCode() {
        return errorCode;
    }

    public String description() {
        return description;
    }

    public ActionHint hint() {
        return hint;
    }

    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return "DeviceErrorEvent[" + deviceId + " " + errorCode + " " + hint
                + (description.isEmpty() ? "" : " \"" + description + "\"") + "]";
    }
}
