package org.opendmv.devices.api;

/**
 * Generic outcome of a command (XFS4IoT completion codes). Every failed command carries one in its
 * {@link DeviceException}; flows branch on it.
 */
public enum CompletionCode {
    /** The command completed. Never carried by a {@link DeviceException}. */
    SUCCESS(ActionHint.RETRY),
    /** The caller cancelled the command ({@link CommandContext#cancel()}). */
    CANCELED(ActionHint.RETRY),
    /** The deadline of the {@link CommandContext} passed before the command completed. */
    TIMEOUT(ActionHint.RETRY),
    /** The device is not usable now (driver missing, initializing, offline, ...); the command was not run. */
    DEVICE_NOT_READY(ActionHint.SUSPEND),
    /** The hardware failed. */
    HARDWARE_ERROR(ActionHint.MAINTENANCE),
    /** A person prevented the command (wrong card, card pulled out early, hand over the camera). */
    USER_ERROR(ActionHint.RETRY),
    /** The request or the data read is invalid. */
    INVALID_DATA(ActionHint.RETRY),
    /** The device or driver does not support this command or option. */
    UNSUPPORTED(ActionHint.MAINTENANCE),
    /** An unexpected failure in driver or core code. */
    INTERNAL_ERROR(ActionHint.MAINTENANCE);

    private final ActionHint defaultHint;

    CompletionCode(ActionHint defaultHint) {
        this.defaultHint = defaultHint;
    }

    /** The hint a {@link DeviceException} gets when the driver does not give one. */
    public ActionHint defaultHint() {
        return defaultHint;
    }
}
