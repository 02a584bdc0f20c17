package org.opendmv.devices.sim.internal;

import java.util.EnumSet;
import java.util.Set;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.api.spi.InvalidConfigurationException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code sim} driver: a simulator for every device class, controlled through {@link SimControl}. */
@Component(service = DeviceDriverFactory.class)
public final class SimDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "sim";

    private final SimControl control;
    /** Registers the simulated camera's preview; null outside OSGi. */
    private final BundleContext bundleContext;

    /** Outside OSGi (tests): no services are registered. */
    public SimDriverFactory(SimControl control) {
        this(control, null);
    }

    @Activate
    public SimDriverFactory(@Reference(name = "control") SimControl control, BundleContext bundleContext) {
        this.control = control;
        this.bundleContext = bundleContext;
    }

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return EnumSet.allOf(DeviceClass.class);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        DeviceInstanceConfigView view = new DeviceInstanceConfigView(config);
        switch (config.deviceClass()) {
            case ID_CARD_READER:
                return new SimIdCardReader(view, callback, control);
            case LIVENESS_DETECTOR:
                return new SimLivenessDetector(view, callback, control, bundleContext);
            case DOCUMENT_SCANNER:
                return new SimDocumentScanner(view, callback, control);
            case SIGNATURE_PAD:
                return new SimSignaturePad(view, callback, control);
            case RECEIPT_PRINTER:
                return new SimReceiptPrinter(view, callback, control);
            default:
                return new Unsupported(config, callback);
        }
    }

    /** A class added to the API after this driver was built: reported as a configuration error by the base. */
    private static final class Unsupported extends BaseDeviceHandler {
        Unsupported(DeviceInstanceConfig config, DeviceCallback callback) {
            super(config, callback);
        }

        @Override
        protected void start() {
            throw new InvalidConfigurationException(DeviceInstanceConfig.DEVICE_CLASS,
                    "no simulator for device class " + config().deviceClass());
        }

        @Override
        public Device device() {
            return null;
        }
    }
}
