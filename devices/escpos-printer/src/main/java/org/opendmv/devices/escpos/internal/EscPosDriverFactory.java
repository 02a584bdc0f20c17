package org.opendmv.devices.escpos.internal;

import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * driver.type = escpos-printer. Instance keys: {@code host} (TCP) or {@code device.path} (a
 * device file such as /dev/usb/lp0), plus optional {@code port}, {@code connect.timeout.ms},
 * {@code read.timeout.ms}, {@code status.poll.s}, {@code charset}, {@code status.query}
 * (default true for TCP, false for device files, which often cannot be read).
 */
@Component(service = DeviceDriverFactory.class, configurationPid = "org.opendmv.devices.escpos")
@Designate(ocd = EscPosConfig.class)
public final class EscPosDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "escpos-printer";

    private final EscPosConfig defaults;

    @Activate
    public EscPosDriverFactory(EscPosConfig defaults) {
        this.defaults = defaults;
    }

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return EnumSet.of(DeviceClass.RECEIPT_PRINTER);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig cfg, DeviceCallback callback) {
        // keys are read in initialize(): a bad one becomes CONFIGURATION_ERROR through the base handler
        return new EscPosPrinter(cfg, callback, defaults);
    }
}
