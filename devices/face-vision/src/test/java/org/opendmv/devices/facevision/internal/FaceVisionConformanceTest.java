package org.opendmv.devices.facevision.internal;

import java.util.Map;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

import java.util.Set;

/**
 * The kiosk's driver conformance suite against the face-vision driver: a live GStreamer test source as the
 * camera (real child process, real frames, real gates), and a scripted citizen instead of the models; nobody is
 * in front of the camera until the suite presents a face, so commands wait.
 */
public class FaceVisionConformanceTest extends DriverConformanceTest {
    private ScriptedAnalyzer analyzer;

    @Override
    protected DriverUnderTest driver() {
        analyzer = new ScriptedAnalyzer(320, 240);
        DeviceDriverFactory factory = new DeviceDriverFactory() {
            @Override
            public String driverType() {
                return FaceVisionDriverFactory.TYPE;
            }

            @Override
            public Set<DeviceClass> supportedClasses() {
                return Set.of(DeviceClass.LIVENESS_DETECTOR);
            }

            @Override
            public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
                return new FaceVisionHandler(config, callback, analyzer, preview -> () -> { });
            }
        };
        return DriverUnderTest.of(factory, DeviceClass.LIVENESS_DETECTOR)
                .config(Map.of("source", "gst:videotestsrc is-live=true", "width", "320", "height", "240",
                        "fps", "15", "challenge.seed", "3"))
                .badConfig(Map.of("source", "webcam0"))
                .presentMedia(() -> analyzer.present = true);
    }
}
