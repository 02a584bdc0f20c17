package org.opendmv.devices.serialsam.internal;

import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Component;

/**
 * driver.type = serial-idcard. Instance keys: {@code serial.port} (e.g. /dev/ttyUSB0, required),
 * {@code baud} (115200), {@code reply.timeout.ms} (1000), {@code poll.ms} (300, how often to
 * look for a card while waiting), {@code check.ms} (5000, how often an idle reader is asked whether it is
 * still there), {@code reopen.min.ms} / {@code reopen.max.ms} (1000 / 30000, back-off of reopening a lost port).
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
        String port = cfg.property("serial.port", "").trim();
        DeviceInfo info = DeviceInfo.builder(cfg.id(), DeviceClass.ID_CARD_READER, TYPE)
                .vendor(cfg.property("vendor", "GA/T 467 SAM")).model(port.isEmpty() ? "-" : port).build();
        return new SerialSamReader(info, callback, port.isEmpty() ? "/dev/null-no-port-configured" : port,
                Math.max(1200, cfg.intProperty("baud", 115200)), Math.max(100, cfg.intProperty("reply.timeout.ms", 1000)),
                Math.max(50, cfg.intProperty("poll.ms", 300)),
                new SerialSamReader.Timing(Math.max(100, cfg.intProperty("check.ms", 5000)),
                        Math.max(100, cfg.intProperty("reopen.min.ms", 1000)),
                        Math.max(100, Math.max(cfg.intProperty("reopen.min.ms", 1000), cfg.intProperty("reopen.max.ms", 30_000)))));
    }
}
