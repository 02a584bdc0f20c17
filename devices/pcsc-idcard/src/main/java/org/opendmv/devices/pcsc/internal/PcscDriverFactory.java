package org.opendmv.devices.pcsc.internal;

import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.pcsc.wlt.WltDecoder;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * driver.type = pcsc-idcard. Instance keys: {@code reader} (substring of the PC/SC reader name;
 * empty = first reader), {@code apdu.select} (hex, default {@value ApduProfile#DEFAULT_SELECT}),
 * {@code read.chunk} (224), {@code text.length} (256), {@code photo.length} (1024).
 */
@Component(service = DeviceDriverFactory.class)
public final class PcscDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "pcsc-idcard";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WltDecoder wltDecoder;

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
        DeviceInfo info = DeviceInfo.builder(cfg.id(), DeviceClass.ID_CARD_READER, TYPE).vendor("PC/SC")
                .model(cfg.property("reader", "(first reader)")).build();
        ApduProfile profile;
        try {
            profile = new ApduProfile(cfg.property("apdu.select", ApduProfile.DEFAULT_SELECT), cfg.intProperty("read.chunk", 224),
                    cfg.intProperty("text.length", 256), cfg.intProperty("photo.length", 1024));
        } catch (IllegalArgumentException e) {
            profile = null;
        }
        if (profile == null) {
            String why = "invalid APDU profile (apdu.select / read.chunk)";
            return new DeviceHandler() {
                @Override
                public void initialize() {
                    callback.statusChanged(org.opendmv.devices.api.DeviceStatus.uninitialized(
                            org.opendmv.devices.api.LifecycleDetail.CONFIGURATION_ERROR, why));
                }

                @Override
                public void dispose() {
                }

                @Override
                public org.opendmv.devices.api.Device device() {
                    return new PcscReader(info, callback, "", new ApduProfile(ApduProfile.DEFAULT_SELECT, 224, 256, 1024), () -> null);
                }
            };
        }
        return new PcscReader(info, callback, cfg.property("reader", "").trim(), profile, () -> wltDecoder);
    }
}
