package org.opendmv.devices.pcsc.internal;

import java.util.EnumSet;
import java.util.Set;
import org.opendmv.devices.api.DeviceClass;
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
 * driver.type = pcsc-idcard. Instance keys: see {@link PcscReader.Config} ({@code reader},
 * {@code apdu.select}, {@code read.chunk}, {@code text.length}, {@code photo.length}); a bad value is
 * reported as CONFIGURATION_ERROR by the handler.
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
        return new PcscReader(cfg, callback, () -> wltDecoder);
    }
}
