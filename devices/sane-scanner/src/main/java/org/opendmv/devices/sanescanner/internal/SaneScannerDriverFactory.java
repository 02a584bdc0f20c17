package org.opendmv.devices.sanescanner.internal;

import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Driver {@value #TYPE}: document scanners and document cameras (高拍仪) through SANE's {@code scanimage}
 * (see {@link Scanimage} for why a process rather than a saned client). Driver-wide defaults come from
 * the PID {@value #PID}; each device instance ({@code org.opendmv.device} factory configuration) may
 * override them with the same keys and adds {@code sane.device}, {@code source}, {@code feeder},
 * {@code option.NAME=VALUE} (any backend option, passed as {@code --NAME=VALUE}), ...
 */
@Component(service = DeviceDriverFactory.class, configurationPid = SaneScannerDriverFactory.PID)
@Designate(ocd = SaneScannerDriverFactory.Config.class)
public final class SaneScannerDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "sane-scanner";
    static final String PID = "org.opendmv.devices.sanescanner";

    /** Driver-wide defaults; per-instance keys of the same name win. */
    @ObjectClassDefinition(id = PID, name = "OpenDMV SANE scanner driver",
            description = "Defaults of driver.type=sane-scanner. Per device instance: sane.device (SANE name, empty = first found), "
                    + "source, feeder (true = ADF batch up to maxPages), mode.colour (Color), mode.grey (Gray), "
                    + "scan.width.mm (210), scan.height.mm (297), option.NAME=VALUE (backend options), and the keys below.")
    public @interface Config {
        @AttributeDefinition(name = "scanimage path", description = "scanimage executable (Debian sane-utils)")
        String scanimage_path() default "scanimage";

        @AttributeDefinition(name = "SANE config dir", required = false,
                description = "SANE_CONFIG_DIR for scanimage; empty = SANE's default (/etc/sane.d)")
        String sane_config_dir() default "";

        @AttributeDefinition(name = "Image format", description = "Page image format written by scanimage",
                options = {@org.osgi.service.metatype.annotations.Option(value = "jpeg", label = "JPEG"),
                    @org.osgi.service.metatype.annotations.Option(value = "png", label = "PNG")})
        String image_format() default "jpeg";

        @AttributeDefinition(name = "Probe interval (s)", min = "1", description = "Re-probe period while the scanner is missing")
        int probe_interval_s() default 30;

        @AttributeDefinition(name = "Probe timeout (s)", min = "1", description = "Limit of one device listing")
        int probe_timeout_s() default 20;

        @AttributeDefinition(name = "Scan timeout (s)", min = "1",
                description = "scanimage is killed after this even if the command has no deadline")
        int scan_timeout_s() default 120;

        @AttributeDefinition(name = "Work dir", required = false,
                description = "Parent of the private (0700) per-scan directories; empty = java.io.tmpdir. Prefer a tmpfs.")
        String work_dir() default "";
    }

    private final Config config;

    @Activate
    public SaneScannerDriverFactory(Config config) {
        this.config = config;
    }

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return EnumSet.of(DeviceClass.DOCUMENT_SCANNER);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        return new SaneScannerHandler(config, callback, this.config);
    }
}
