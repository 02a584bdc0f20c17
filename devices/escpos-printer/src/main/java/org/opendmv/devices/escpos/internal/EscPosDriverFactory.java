package org.opendmv.devices.escpos.internal;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.ReceiptPrinter;
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
        String host = cfg.property("host", "").trim();
        String path = cfg.property("device.path", "").trim();
        DeviceInfo info = DeviceInfo.builder(cfg.id(), DeviceClass.RECEIPT_PRINTER, TYPE)
                .vendor(cfg.property("vendor", "ESC/POS")).model(cfg.property("model", host.isEmpty() ? path : host)).build();
        Transport.Opener opener;
        Charset charset;
        try {
            charset = Charset.forName(cfg.property("charset", defaults.charset()));
            int port = cfg.intProperty("port", defaults.port());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535");
            }
            if (!host.isEmpty() && path.isEmpty()) {
                opener = Transport.tcp(host, port, cfg.intProperty("connect.timeout.ms", defaults.connect_timeout_ms()),
                        cfg.intProperty("read.timeout.ms", defaults.read_timeout_ms()));
            } else if (host.isEmpty() && !path.isEmpty()) {
                opener = Transport.file(Path.of(path));
            } else {
                throw new IllegalArgumentException("set exactly one of 'host' (network printer) or 'device.path' (device file)");
            }
        } catch (IllegalArgumentException e) { // includes bad charset names
            return misconfigured(info, callback, e.getMessage());
        }
        boolean query = cfg.booleanProperty("status.query", path.isEmpty());
        long poll = Math.max(1, cfg.intProperty("status.poll.s", defaults.status_poll_s()));
        return new EscPosPrinter(info, callback, opener, charset, query, poll);
    }

    /** A handler that only reports the configuration problem: initialization never throws. */
    private static DeviceHandler misconfigured(DeviceInfo info, DeviceCallback callback, String why) {
        DeviceStatus st = DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR, why);
        ReceiptPrinter none = new ReceiptPrinter() {
            @Override
            public DeviceInfo info() {
                return info;
            }

            @Override
            public DeviceStatus status() {
                return st;
            }

            @Override
            public java.util.concurrent.CompletionStage<org.opendmv.devices.api.PrintResult> print(
                    org.opendmv.devices.api.Receipt r, org.opendmv.devices.api.CommandContext c) {
                return java.util.concurrent.CompletableFuture.failedFuture(new org.opendmv.devices.api.DeviceException(
                        org.opendmv.devices.api.CompletionCode.DEVICE_NOT_READY, "printer is misconfigured: " + why));
            }
        };
        return new DeviceHandler() {
            @Override
            public void initialize() {
                callback.statusChanged(st);
            }

            @Override
            public void dispose() {
            }

            @Override
            public ReceiptPrinter device() {
                return none;
            }
        };
    }
}
