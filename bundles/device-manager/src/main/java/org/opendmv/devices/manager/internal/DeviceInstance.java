package org.opendmv.devices.manager.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One device instance, one per factory configuration of {@value DeviceInstanceConfig#FACTORY_PID}.
 * Kept apart from drivers so that an instance survives its driver bundle being updated. A changed
 * configuration makes DS replace this component, which the manager sees as remove + add.
 */
@Component(configurationPid = DeviceInstanceConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = DeviceInstance.class)
@Designate(ocd = DeviceInstance.Config.class, factory = true)
public final class DeviceInstance {

    /** Metatype for the admin UI and {@code config:} console; drivers add their own keys freely. */
    @ObjectClassDefinition(id = DeviceInstanceConfig.FACTORY_PID, name = "OpenDMV device instance",
            description = "One kiosk device: which class it is, which driver serves it, and the driver's settings.")
    public @interface Config {
        @AttributeDefinition(name = "Device id", description = "Unique id on this kiosk, e.g. printer-1")
        String device_id();

        @AttributeDefinition(name = "Device class", options = {
            @Option(value = "ID_CARD_READER", label = "ID card reader"),
            @Option(value = "LIVENESS_DETECTOR", label = "Liveness detector"),
            @Option(value = "DOCUMENT_SCANNER", label = "Document scanner"),
            @Option(value = "SIGNATURE_PAD", label = "Signature pad"),
            @Option(value = "RECEIPT_PRINTER", label = "Receipt printer") })
        String device_class();

        @AttributeDefinition(name = "Driver type", description = "driverType() of the driver factory, e.g. sim")
        String driver_type();

        @AttributeDefinition(name = "Role", required = false,
                description = "Role served; empty for the class default (e.g. idCardReader)")
        String role() default "";
    }

    // framework-added properties that are not the driver's business
    private static final String[] FRAMEWORK_PREFIXES = {"service.", "component.", "felix.", "osgi.", "org.apache.karaf."};

    private final DeviceInstanceConfig config;

    /**
     * @throws IllegalArgumentException for a configuration that cannot describe a device (SCR logs it)
     */
    @Activate
    public DeviceInstance(Map<String, Object> properties) {
        this.config = parse(properties);
    }

    DeviceInstanceConfig config() {
        return config;
    }

    static DeviceInstanceConfig parse(Map<String, ?> props) {
        String id = text(props.get(DeviceInstanceConfig.DEVICE_ID));
        if (id.isEmpty()) {
            id = text(props.get("service.pid"));
        }
        if (id.isEmpty()) {
            throw new IllegalArgumentException("device instance without " + DeviceInstanceConfig.DEVICE_ID);
        }
        String cls = text(props.get(DeviceInstanceConfig.DEVICE_CLASS));
        DeviceClass deviceClass = DeviceClass.parse(cls).orElseThrow(() -> new IllegalArgumentException(
                "device " + DeviceInstanceConfig.DEVICE_ID + "=" + props.get(DeviceInstanceConfig.DEVICE_ID)
                        + ": unknown " + DeviceInstanceConfig.DEVICE_CLASS + " '" + cls + "'"));
        Map<String, String> driverProps = new TreeMap<>();
        for (Map.Entry<String, ?> e : props.entrySet()) {
            if (!isFrameworkKey(e.getKey()) && e.getValue() != null) {
                driverProps.put(e.getKey(), text(e.getValue()));
            }
        }
        return DeviceInstanceConfig.of(id, deviceClass, text(props.get(DeviceInstanceConfig.DRIVER_TYPE)),
                text(props.get(DeviceInstanceConfig.ROLE)), driverProps);
    }

    private static boolean isFrameworkKey(String key) {
        for (String p : FRAMEWORK_PREFIXES) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Config Admin values may be strings, numbers, booleans, arrays or collections. */
    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",");
            for (int i = 0; i < Array.getLength(v); i++) {
                j.add(String.valueOf(Array.get(v, i)));
            }
            return j.toString();
        }
        if (v instanceof Collection) {
            StringJoiner j = new StringJoiner(",");
            ((Collection<?>) v).forEach(o -> j.add(String.valueOf(o)));
            return j.toString();
        }
        return String.valueOf(v).trim();
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
