package org.opendmv.devices.example.netidcard.internal;

import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Component;

/** Registers the driver type {@value #TYPE}: every device instance with {@code driver.type = example-netidcard} gets a handler. */
@Component(service = DeviceDriverFactory.class)
public final class NetIdCardDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "example-netidcard";

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return Set.of(DeviceClass.ID_CARD_READER);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        return new NetIdCardHandler(config, callback);
    }
}
