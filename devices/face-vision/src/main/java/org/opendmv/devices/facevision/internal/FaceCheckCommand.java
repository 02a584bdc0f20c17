package org.opendmv.devices.facevision.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.FrameSource;
import org.opendmv.face.api.FrameSources;

/**
 * {@code kiosk:face-check --video FILE [--photo FILE] [--seed N] [--threshold X]}: the whole face-vision pipeline
 * headless on a video and a chip photo, for operators tuning thresholds and for tests. Prints the events, each
 * challenge's verdict, the match score and the decision; prints no image data and no personal data.
 */
@Service
@Command(scope = "kiosk", name = "face-check",
        description = "Runs the face-vision liveness check and face match on a video file and a photo; prints each challenge's verdict, the score and the decision")
public class FaceCheckCommand implements Action {
    /** Default threshold: the identify step's default (engine match.threshold), dlib distance ≈ 0.5. */
    static final double DEFAULT_THRESHOLD = 0.80;

    @Reference
    FaceAnalyzer analyzer;

    @Option(name = "--video", required = true, description = "Video file (anything ffmpeg reads), as the camera would see it (not mirrored)")
    String video;

    @Option(name = "--photo", description = "Reference photo (PNG or JPEG, e.g. the 102x126 chip photo); without it, liveness only")
    String photo;

    @Option(name = "--seed", description = "Fixed challenge order (tests and tuning only; the kiosk draws it at random)")
    Long seed;

    @Option(name = "--threshold", description = "Match threshold in [0, 1] (default 0.80, as the kiosk's identify step)")
    Double threshold;

    @Option(name = "--challenges", description = "Number of challenges, 2 or 3 (default 2)")
    Integer challenges;

    @Option(name = "--challenge-time", description = "Seconds per challenge (default 6)")
    Integer challengeTime;

    @Option(name = "--fps", description = "Frames per second read from the video (default 15)")
    Double fps;

    @Option(name = "--timings", description = "Also print the calls and mean milliseconds of detection, landmarks and embedding, and the check's duration")
    boolean timings;

    @Override
    public Object execute() throws Exception {
        TimedAnalyzer timed = timings ? new TimedAnalyzer(analyzer) : null;
        long start = System.nanoTime();
        run(timed != null ? timed : analyzer, video, photo, seed, threshold, challenges, challengeTime, fps, System.out);
        if (timed != null) {
            System.out.println(timed.summary());
            System.out.println(String.format(java.util.Locale.ROOT, "timing check     %.2f s", (System.nanoTime() - start) / 1e9));
        }
        return null;
    }

    /**
     * Runs one check and prints it.
     *
     * @throws IllegalArgumentException for bad input, saying what is wrong
     */
    static CheckReport run(FaceAnalyzer analyzer, String video, String photo, Long seed, Double threshold,
            Integer challenges, Integer challengeTime, Double fps, PrintStream out) throws IOException {
        Path v = existing(video, "--video");
        Optional<Path> p = photo == null ? Optional.empty() : Optional.of(existing(photo, "--photo"));
        double t = threshold == null ? DEFAULT_THRESHOLD : threshold;
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("--threshold must be between 0 and 1");
        }
        int n = challenges == null ? 2 : challenges;
        if (n < 2 || n > 3) {
            throw new IllegalArgumentException("--challenges must be 2 or 3");
        }
        int secs = challengeTime == null ? 6 : challengeTime;
        if (secs < 1 || secs > 60) {
            throw new IllegalArgumentException("--challenge-time must be 1-60 seconds");
        }
        double rate = fps == null ? 15 : fps;
        if (!(rate >= 1 && rate <= 60)) {
            throw new IllegalArgumentException("--fps must be 1-60");
        }
        if (!analyzer.ready()) {
            throw new IllegalStateException("face engine not available: " + analyzer.reason());
        }
        CheckSettings d = CheckSettings.DEFAULT;
        CheckSettings s = new CheckSettings(n, Duration.ofSeconds(secs), d.positionTimeout(), d.frameTimeout(),
                d.challengeLimits(), d.gateLimits(), d.matchThreshold(), d.continuityThreshold(), d.seed());
        if (seed != null) {
            s = s.withSeed(seed);
        }
        FaceCheck check = new FaceCheck(analyzer, s);
        float[] reference = null;
        if (p.isPresent()) {
            byte[] bytes = Files.readAllBytes(p.get());
            try {
                reference = check.referenceEmbedding(bytes);
            } catch (DeviceException e) {
                throw new IllegalArgumentException("--photo: " + e.getMessage());
            } finally {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        }
        CheckReport report;
        try (FrameSource source = FrameSources.open("file:" + v, 640, 480, rate)) {
            report = check.run(source, reference, t, new FaceCheck.Progress() {
                @Override
                public void event(IntermediateEvent e) {
                    out.println("  event " + e);
                }
            }, () -> Thread.currentThread().isInterrupted());
        }
        print(report, p.isPresent(), out);
        return report;
    }

    static void print(CheckReport r, boolean compared, PrintStream out) {
        int k = 1;
        for (CheckReport.ChallengeVerdict c : r.challenges()) {
            out.println("challenge " + k++ + "/" + r.challenges().size() + " " + c.action() + ": " + c.verdict());
        }
        if (compared) {
            out.println(r.score().isPresent()
                    ? String.format("match score: %.3f (threshold %.3f)", r.score().getAsDouble(), r.threshold())
                    : "match score: - (no live face to compare)");
        }
        out.println("decision: " + r.outcome() + " (" + r.reason()
                + r.lastGuidance().map(g -> ", last guidance " + g).orElse("") + "), " + r.frames() + " frames");
    }

    private static Path existing(String file, String option) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(option + " needs a file");
        }
        Path p = Paths.get(file);
        if (!p.isAbsolute()) {
            p = Paths.get(System.getProperty("karaf.base", ".")).resolve(p);
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException(option + ": no such readable file: " + p);
        }
        return p.toAbsolutePath().normalize();
    }
}
