package org.opendmv.face.internal.onnx;

import java.nio.file.Path;
import java.util.List;

import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * The {@link FaceAnalyzer} on ONNX Runtime. Nothing is loaded at activation (the kiosk's boot is not slowed): the
 * natives and the three models load on the first call. If they cannot, {@link #ready()} is false, {@link #reason()}
 * says why (logged once), and the calls throw {@link IllegalStateException}; a later call does not retry (a restart
 * of the component, e.g. after installing the models, does).
 */
@Component(service = FaceAnalyzer.class, configurationPid = "org.opendmv.face",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AnalyzerConfig.class)
public final class OnnxFaceAnalyzer implements FaceAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxFaceAnalyzer.class);

    private double minScore = 0.6;
    private int threads = 2;
    private Models models = new Models(null);

    private volatile boolean loaded;
    private volatile String failure = "";
    private BlazeFace detector;
    private FaceNets nets;
    private boolean closed;

    public OnnxFaceAnalyzer() {
    }

    /** For tests and tools outside OSGi. */
    public OnnxFaceAnalyzer(Path modelsDir, double minScore, int threads) {
        this.models = new Models(modelsDir);
        this.minScore = minScore;
        this.threads = threads;
    }

    @Activate
    void activate(AnalyzerConfig cfg) {
        minScore = cfg.min_score();
        threads = Math.max(1, cfg.threads());
        String dir = cfg.models_dir() == null ? "" : cfg.models_dir().trim();
        models = new Models(dir.isEmpty() ? null : Path.of(dir));
    }

    @Deactivate
    public synchronized void close() {
        closed = true;
        try {
            if (detector != null) {
                detector.close();
            }
            if (nets != null) {
                nets.close();
            }
        } catch (OrtException e) {
            LOG.debug("closing face models: {}", e.toString());
        }
        detector = null;
        nets = null;
        loaded = false;
        failure = "face analyzer closed";
    }

    private synchronized void load() {
        if (loaded || !failure.isEmpty()) {
            return;
        }
        if (closed) {
            failure = "face analyzer closed";
            return;
        }
        long t0 = System.nanoTime();
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "opendmv-face");
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(threads);
                o.setInterOpNumThreads(1);
                o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                BlazeFace d = new BlazeFace(env, models.bytes(Models.BLAZEFACE), o);
                try {
                    nets = new FaceNets(env, models.bytes(Models.LANDMARKS), models.bytes(Models.RECOGNITION), o);
                } catch (Exception | Error e) {
                    d.close();
                    throw e;
                }
                detector = d;
            }
            loaded = true;
            LOG.info("face models loaded from {} in {} ms", models, (System.nanoTime() - t0) / 1_000_000);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            failure = "ONNX Runtime natives cannot load (bundle org.opendmv.onnxruntime, linux-x64 only): " + e.getMessage();
            LOG.error("face analyzer not available: {}", failure);
        } catch (Exception e) {
            failure = "face models cannot load: " + e.getMessage();
            LOG.error("face analyzer not available: {}", failure);
        }
    }

    private void require() {
        if (!loaded) {
            load();
        }
        if (!loaded) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public boolean ready() {
        if (!loaded) {
            load();
        }
        return loaded;
    }

    @Override
    public String reason() {
        return loaded ? "" : failure;
    }

    @Override
    public List<Face> detect(Frame frame) {
        require();
        try {
            return detector.detect(frame, minScore);
        } catch (OrtException e) {
            throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Landmarks landmarks(Frame frame, Face face) {
        require();
        try {
            return nets.landmarks(frame, face);
        } catch (OrtException e) {
            throw new IllegalStateException("face landmarks failed: " + e.getMessage(), e);
        }
    }

    @Override
    public float[] embedding(Frame frame, Face face) {
        return embedding(frame, landmarks(frame, face));
    }

    /** The embedding from landmarks already computed (saves one landmark run). */
    public float[] embedding(Frame frame, Landmarks landmarks) {
        require();
        try {
            return nets.embedding(frame, landmarks);
        } catch (OrtException e) {
            throw new IllegalStateException("face embedding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public double similarity(float[] a, float[] b) {
        return Similarity.of(a, b);
    }
}
