package org.opendmv.devices.serialsam.internal;

import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Component;

/**
 * driver.type = serial-idcard. Instance keys: see {@link SerialSamReader.Config} ({@code serial.port}
 * (required), {@code baud}, {@code reply.timeout.ms}, {@code poll.ms}, {@code check.ms},
 * {@code reopen.min.ms}, {@code reopen.max.ms}, {@code vendor}); a missing or bad value is reported as
 * CONFIGURATION_ERROR by the handler.
 */
@Component(service = DeviceDriverFactory.class)
public final class SerialSamDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "serial-idcard";

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return EnumSet.of(DeviceClass.ID_CARD_READER);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig cfg, DeviceCallback callback) {
        return new SerialSamReader(cfg, callback);
    }
}
