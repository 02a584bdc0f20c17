package org.opendmv.devices.api.spi;

import java.util.Optional;

/**
 * A device instance's configuration cannot be used: a required key is missing, a value has the wrong
 * type, or the typed configuration's own validation refused it. Thrown by
 * {@link DeviceInstanceConfig#as(Class)}; {@link BaseDeviceHandler} turns it into the status
 * {@code UNINITIALIZED / CONFIGURATION_ERROR} with this message.
 *
 * <p>The message names the key but never its value: values may be secrets (licence keys, passwords).
 */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the offending key, {@code null} if the problem is not one key's
     * @param message operator-facing text without the value
     */
    public InvalidConfigurationException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** With a cause, which must not carry the value in its message either. */
    public InvalidConfigurationException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The offending key, if the problem is one key's. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
