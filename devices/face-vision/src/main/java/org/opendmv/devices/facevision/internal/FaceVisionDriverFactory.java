package org.opendmv.devices.facevision.internal;

import java.util.Hashtable;
import java.util.Set;

import org.opendmv.devices.api.CameraPreview;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.face.api.FaceAnalyzer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the driver type {@value #TYPE}: a face camera with challenge liveness and face match, on the
 * kiosk's {@link FaceAnalyzer}. Each handler registers its {@link CameraPreview} as a service with
 * {@code device.class=LIVENESS_DETECTOR} and its {@code device.id}.
 */
@Component(service = DeviceDriverFactory.class)
public final class FaceVisionDriverFactory implements DeviceDriverFactory {
    static final String TYPE = "face-vision";

    private final FaceAnalyzer analyzer;
    private final BundleContext context;

    @Activate
    public FaceVisionDriverFactory(@Reference FaceAnalyzer analyzer, BundleContext context) {
        this.analyzer = analyzer;
        this.context = context;
    }

    @Override
    public String driverType() {
        return TYPE;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return Set.of(DeviceClass.LIVENESS_DETECTOR);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        return new FaceVisionHandler(config, callback, analyzer, preview -> {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(CameraPreview.DEVICE_CLASS_PROPERTY, DeviceClass.LIVENESS_DETECTOR.name());
            props.put(CameraPreview.DEVICE_ID_PROPERTY, config.id());
            ServiceRegistration<CameraPreview> reg = context.registerService(CameraPreview.class, preview, props);
            return () -> {
                try {
                    reg.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping
                }
            };
        });
    }
}
