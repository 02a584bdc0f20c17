package org.opendmv.devices.facevision.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.opendmv.devices.api.CameraPreview;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.ConfigKey;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.FrameSource;
import org.opendmv.face.api.FrameSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A face camera serving the LIVENESS_DETECTOR role: each {@code checkLiveness} opens the camera (so no frame
 * is captured before the kiosk asks, which it does only after the citizen's consent), runs a {@link FaceCheck}
 * and closes it. While a check runs, the {@link CameraPreview} service sends the mirrored picture.
 */
final class FaceVisionHandler extends BaseDeviceHandler implements LivenessDetector {
    private static final Logger LOG = LoggerFactory.getLogger(FaceVisionHandler.class);

    /** The instance's keys (etc/org.opendmv.device-*.cfg). */
    record Config(@DefaultValue("v4l2:/dev/video0") String source,
            @DefaultValue("640") int width,
            @DefaultValue("480") int height,
            @DefaultValue("15") double fps,
            @ConfigKey("challenge.count") @DefaultValue("2") int challengeCount,
            @ConfigKey("challenge.time") @DefaultValue("6s") Duration challengeTime,
            @ConfigKey("challenge.seed") Optional<Long> challengeSeed,
            @ConfigKey("position.timeout") @DefaultValue("20s") Duration positionTimeout,
            @ConfigKey("frame.timeout") @DefaultValue("5s") Duration frameTimeout,
            @ConfigKey("match.threshold") Optional<Double> matchThreshold,
            @ConfigKey("continuity.threshold") @DefaultValue("0.6") double continuityThreshold,
            @ConfigKey("confirm.frames") @DefaultValue("2") int confirmFrames,
            @ConfigKey("blink.closed.ratio") @DefaultValue("0.65") double blinkClosedRatio,
            @ConfigKey("turn.yaw") @DefaultValue("0.25") double turnYaw,
            @ConfigKey("mouth.open") @DefaultValue("0.35") double mouthOpen,
            @ConfigKey("face.min.width") @DefaultValue("0.12") double faceMinWidth,
            @ConfigKey("face.max.width") @DefaultValue("0.75") double faceMaxWidth,
            @ConfigKey("face.max.offcentre") @DefaultValue("0.22") double faceMaxOffCentre,
            @ConfigKey("min.brightness") @DefaultValue("45") double minBrightness,
            @ConfigKey("min.sharpness") @DefaultValue("8") double minSharpness,
            @ConfigKey("motion.min.shape") @DefaultValue("0.003") double motionMinShape,
            @ConfigKey("motion.min.pixels") @DefaultValue("0.6") double motionMinPixels,
            @ConfigKey("motion.window") @DefaultValue("15") int motionWindow) {
        Config {
            if (source.isBlank() || !source.matches("(v4l2|file|images|gst):.+")) {
                throw new IllegalArgumentException("source must be v4l2:/dev/videoN, file:PATH, images:DIR or "
                        + "gst:PIPELINE / 摄像头来源格式无效");
            }
            if (width < 64 || width > 4096 || height < 64 || height > 4096) {
                throw new IllegalArgumentException("width and height must be 64-4096 / 画面尺寸应为 64-4096");
            }
            if (!(fps >= 1 && fps <= 60)) {
                throw new IllegalArgumentException("fps must be 1-60 / 帧率应为 1-60");
            }
        }

        CheckSettings settings() {
            ChallengeLimits d = ChallengeLimits.DEFAULT;
            ChallengeLimits cl = new ChallengeLimits(confirmFrames, d.minOpenEar(), blinkClosedRatio,
                    Math.max(d.reopenRatio(), blinkClosedRatio + 0.05), d.frontalYaw(), turnYaw, d.mouthClosed(), mouthOpen);
            GateLimits gl = new GateLimits(faceMinWidth, faceMaxWidth, faceMaxOffCentre, minBrightness, minSharpness,
                    GateLimits.DEFAULT.maxJump(), motionMinShape, motionMinPixels, motionWindow);
            return new CheckSettings(challengeCount, challengeTime, positionTimeout, frameTimeout, cl, gl,
                    matchThreshold.map(OptionalDouble::of).orElse(OptionalDouble.empty()), continuityThreshold,
                    challengeSeed.map(OptionalLong::of).orElse(OptionalLong.empty()));
        }
    }

    private final FaceAnalyzer analyzer;
    private final Function<CameraPreview, AutoCloseable> registrar;
    private final PreviewHub preview = new PreviewHub();
    private final Object cameraLock = new Object();
    private volatile Config cfg;
    private volatile AutoCloseable registration;

    FaceVisionHandler(DeviceInstanceConfig config, DeviceCallback callback, FaceAnalyzer analyzer,
            Function<CameraPreview, AutoCloseable> registrar) {
        super(config, callback);
        this.analyzer = analyzer;
        this.registrar = registrar;
    }

    @Override
    protected void start() {
        Config c = config(Config.class);
        c.settings(); // validates every threshold: IllegalArgumentException → CONFIGURATION_ERROR
        cfg = c;
        updateInfo(config().infoBuilder().vendor("OpenDMV").model("face-vision (RGB)").build());
        registration = registrar.apply(preview);
        scheduleWithFixedDelay(this::probe, Duration.ZERO, Duration.ofSeconds(5));
    }

    /** Models loaded and the camera there: ONLINE; otherwise why not. */
    private void probe() {
        if (!analyzer.ready()) {
            updateStatus(DeviceStatus.ready(OperationalState.HARDWARE_ERROR)
                    .withDescription("face models unavailable / 人脸模型不可用"));
            return;
        }
        Optional<Path> p = localPath(cfg.source());
        if (p.isPresent() && !Files.exists(p.get())) {
            updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE)
                    .withDescription("camera not found / 未找到摄像头"));
            return;
        }
        if (status().operational() != OperationalState.BUSY) {
            updateStatus(DeviceStatus.ready(OperationalState.ONLINE));
        }
    }

    private static Optional<Path> localPath(String source) {
        int colon = source.indexOf(':');
        String kind = source.substring(0, colon);
        return kind.equals("gst") ? Optional.empty() : Optional.of(Path.of(source.substring(colon + 1).trim()));
    }

    @Override
    public CompletionStage<LivenessResult> checkLiveness(LivenessRequest request, CommandContext ctx) {
        ensureUsable();
        LivenessRequest req = request == null ? LivenessRequest.liveOnly() : request;
        Config c = cfg;
        return runCommand(ctx, () -> {
            synchronized (cameraLock) { // one camera, one check at a time
                return check(c, req, ctx);
            }
        }, r -> { });
    }

    private LivenessResult check(Config c, LivenessRequest req, CommandContext ctx) throws IOException {
        FaceCheck fc = new FaceCheck(analyzer, c.settings());
        float[] reference;
        try {
            reference = req.referencePhoto().map(fc::referenceEmbedding).orElse(null);
        } catch (IllegalStateException e) { // the analyzer's models are unavailable
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, LivenessError.ENGINE_UNAVAILABLE,
                    "face engine unavailable / 人脸引擎不可用");
        }
        preview.reset();
        FrameSource source;
        try {
            source = FrameSources.open(c.source(), c.width(), c.height(), c.fps());
        } catch (IOException | IllegalArgumentException e) {
            wipe(reference);
            ctx.ensureActive();
            LOG.warn("{}: camera cannot be opened ({})", id(), e.getClass().getSimpleName());
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, LivenessError.CAMERA_FAILURE,
                    "camera cannot be opened / 摄像头无法打开");
        }
        ctx.onCancel(source::close); // unblocks a frame read at the deadline or on cancel
        try {
            CheckReport report = fc.run(source, reference, req.matchThreshold(), new FaceCheck.Progress() {
                @Override
                public void event(IntermediateEvent event) {
                    ctx.event(event);
                }

                @Override
                public void frame(Frame frame, Optional<org.opendmv.face.api.Box> face) {
                    preview.offer(frame, face);
                }
            }, () -> ctx.isCancelled() || Thread.currentThread().isInterrupted());
            LOG.info("{}: liveness {} ({}), challenges {}, {} frames", id(), report.outcome(), report.reason(),
                    report.challenges(), report.frames());
            return report.toResult();
        } catch (IOException e) {
            ctx.ensureActive(); // closed at the deadline: not a camera fault
            LOG.warn("{}: camera failed during the check ({})", id(), e.getClass().getSimpleName());
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, LivenessError.CAMERA_FAILURE,
                    "camera failed / 摄像头故障");
        } catch (IllegalStateException e) { // the analyzer's models are unavailable
            ctx.ensureActive();
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, LivenessError.ENGINE_UNAVAILABLE,
                    "face engine unavailable / 人脸引擎不可用");
        } finally {
            source.close();
            wipe(reference);
        }
    }

    private static void wipe(float[] v) {
        if (v != null) {
            java.util.Arrays.fill(v, 0f);
        }
    }

    @Override
    protected void stop() throws Exception {
        AutoCloseable r = registration;
        registration = null;
        if (r != null) {
            r.close();
        }
    }
}
