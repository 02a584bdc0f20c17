package org.opendmv.devices.api.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;

/**
 * Configuration of one device instance, kept by the core apart from any driver (a Config Admin factory
 * configuration with factory PID {@value #FACTORY_PID}): instance id, class, driver type, role and the
 * driver's own keys as strings. Immutable.
 */
public final class DeviceInstanceConfig {
    /** Config Admin factory PID of device instances. */
    public static final String FACTORY_PID = "org.opendmv.device";
    /** Property: instance id, unique per kiosk, e.g. {@code "printer-1"}. */
    public static final String DEVICE_ID = "device.id";
    /** Property: {@link DeviceClass} name, e.g. {@code "RECEIPT_PRINTER"}. */
    public static final String DEVICE_CLASS = "device.class";
    /** Property: {@link DeviceDriverFactory#driverType()} of the driver to use. */
    public static final String DRIVER_TYPE = "driver.type";
    /** Property (optional): role served; defaults to {@link DeviceClass#role()}. */
    public static final String ROLE = "role";

    private final String id;
    private final DeviceClass deviceClass;
    private final String driverType;
    private final String role;
    private final Map<String, String> properties;

    private DeviceInstanceConfig(String id, DeviceClass deviceClass, String driverType, String role,
            Map<String, String> properties) {
        this.id = Objects.requireNonNull(id, "id");
        this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
        this.driverType = Objects.requireNonNull(driverType, "driverType");
        this.role = role == null || role.isBlank() ? deviceClass.role() : role;
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * Creates a configuration.
     *
     * @param role served role, {@code null} for the class default
     * @param properties driver-specific keys (and possibly the standard ones), copied
     */
    public static DeviceInstanceConfig of(String id, DeviceClass deviceClass, String driverType, String role,
            Map<String, String> properties) {
        return new DeviceInstanceConfig(id, deviceClass, driverType, role, properties);
    }

    public String id() {
        return id;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    public String driverType() {
        return driverType;
    }

    /** The role served, never empty. */
    public String role() {
        return role;
    }

    /** All properties as strings (multi-valued ones joined with commas), sorted, unmodifiable. */
    public Map<String, String> properties() {
        return properties;
    }

    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    /**
     * An integer property.
     *
     * @throws IllegalArgumentException if present but not an integer; report it as
     *         {@code CONFIGURATION_ERROR}
     */
    public int intProperty(String key, int defaultValue) {
        String v = properties.get(key);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " is not an integer", e);
        }
    }

    /** A boolean property ({@code true} case-insensitively, anything else {@code false}). */
    public boolean booleanProperty(String key, boolean defaultValue) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? defaultValue : Boolean.parseBoolean(v.trim());
    }

    /**
     * The driver's keys as a typed configuration record, e.g.
     * <pre>{@code
     * record AcmeConfig(String host,
     *                   @DefaultValue("7000") int port,
     *                   @ConfigKey("poll.interval") @DefaultValue("5s") Duration poll,
     *                   Optional<String> licence) {
     *     AcmeConfig {
     *         if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1-65535");
     *     }
     * }
     * AcmeConfig c = config.as(AcmeConfig.class);
     * }</pre>
     * Each component is read from the key named by its {@link ConfigKey} annotation, else from the key
     * equal to its name. A missing or blank key takes the {@link DefaultValue}; without one, an
     * {@link Optional} component is empty and any other component is an error. Supported types:
     * {@code String}, {@code int}/{@code Integer}, {@code long}/{@code Long}, {@code boolean}/{@code Boolean}
     * ({@code true}/{@code false}), {@code double}/{@code Double}, {@link java.time.Duration} ({@code 500ms},
     * {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT5S}), {@link java.nio.file.Path}, any enum
     * (constant name, case-insensitive), {@code List} of any of these (comma-separated, blanks dropped), and
     * {@code Optional} of any of these. Values other than {@code String} are trimmed.
     *
     * <p>The record's compact constructor validates: an {@link IllegalArgumentException} it throws becomes
     * an {@link InvalidConfigurationException} with the same message.
     *
     * @param type a record class; it may be package-private
     * @return a new record
     * @throws InvalidConfigurationException naming the key (never its value) if a key is missing, has the
     *         wrong type, or validation fails; {@link BaseDeviceHandler} reports it as
     *         {@code CONFIGURATION_ERROR}
     * @throws IllegalStateException if {@code type} uses an unsupported component type (a driver bug)
     * @since 1.1
     */
    public <R extends Record> R as(Class<R> type) {
        return TypedConfig.map(Objects.requireNonNull(type, "type"), properties);
    }

    /** A {@link DeviceInfo} builder with this instance's id, class and driver type. */
    public DeviceInfo.Builder infoBuilder() {
        return DeviceInfo.builder(id, deviceClass, driverType);
    }

    /** Prints keys only: values may hold secrets (licence keys, passwords). */
    @Override
    public String toString() {
        return "DeviceInstanceConfig[" + id + ", " + deviceClass + ", driver=" + driverType + ", role=" + role
                + ", keys=" + properties.keySet() + "]";
    }
}
