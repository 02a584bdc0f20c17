package ${package}.internal;

import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Component;

/**
 * Registers driver type {@value #TYPE}: the kiosk gives every device instance configured with
 * {@code driver.type = ${driverType}} a {@link Handler} of its own.
 */
@Component(service = DeviceDriverFactory.class)
public final class DriverFactory implements DeviceDriverFactory {
    static final String TYPE = "${driverType}";

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return Set.of(DeviceClass.${deviceClass});
    }

    /** Quick, touches no hardware: that happens in {@link Handler#start()}. */
    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        return new Handler(config, callback);
    }
}
