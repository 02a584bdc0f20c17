package org.opendmv.devices.facevision.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.devices.api.LivenessResult.Outcome;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;

/**
 * The whole pipeline ({@code kiosk:face-check}'s code) on real faces — face-api's sample photos through the real
 * models — made into H.264 videos with ffmpeg in the test.
 */
public class RealFacesPipelineTest {
    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    /** A fairly frontal person (sample 2, first from the left) and somebody else (sample 1, second). */
    private static BufferedImage holderGroup;
    private static Box holder;
    private static BufferedImage otherGroup;
    private static Box other;

    @BeforeClass
    public static void people() throws IOException {
        RealFaces.analyzer();
        holderGroup = RealFaces.sample(2);
        holder = RealFaces.people(holderGroup).get(0);
        otherGroup = RealFaces.sample(1);
        other = RealFaces.people(otherGroup).get(1);
        assumeTrue("ffmpeg (Debian package ffmpeg) is needed to make the test videos", ffmpeg());
    }

    private static boolean ffmpeg() {
        try {
            return new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path write(byte[] bytes, String name) throws IOException {
        Path p = TMP.getRoot().toPath().resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static final class Run {
        CheckReport report;
        String out;
    }

    private static Run faceCheck(Path video, Path photo, Long seed) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Run r = new Run();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            r.report = FaceCheckCommand.run(RealFaces.analyzer(), video.toString(),
                    photo == null ? null : photo.toString(), seed, null, 2, 6, 15.0, ps);
        }
        r.out = buf.toString(StandardCharsets.UTF_8);
        return r;
    }

    /** The first seed whose two challenges are the head turns and the mouth (the synthetic video cannot blink). */
    static long seedWithoutBlink() {
        for (long s = 0;; s++) {
            if (!ChallengeSequence.draw(ChallengeSequence.random(s), 2).contains(Action.BLINK)) {
                return s;
            }
        }
    }

    @Test
    public void aStillImageVideoIsASpoof() throws Exception {
        BufferedImage frame = RealFaces.cameraFrame(holderGroup, holder, 0.3, 0.5, 0.45);
        Path video = RealFaces.stillVideo(frame, TMP.getRoot().toPath(), "still", 4);
        Run r = faceCheck(video, write(RealFaces.chipPhoto(holderGroup, holder), "chip.jpg"), 1L);
        assertEquals(r.out, Outcome.SPOOF, r.report.outcome());
        assertEquals(r.out, CheckReport.Reason.STILL_IMAGE, r.report.reason());
        assertTrue(r.out, r.out.contains("decision: SPOOF (STILL_IMAGE"));
    }

    @Test
    public void theCardHoldersSynthesisedLiveVideoPassesAndAnotherPersonsChipPhotoDoesNot() throws Exception {
        long seed = seedWithoutBlink();
        List<Action> order = ChallengeSequence.draw(ChallengeSequence.random(seed), 2);
        BufferedImage base = RealFaces.cameraFrame(holderGroup, holder, 0.3, 0.5, 0.45);
        Path video = RealFaces.video(RealFaces.answering(base, order), TMP.getRoot().toPath(), "live");

        Run same = faceCheck(video, write(RealFaces.chipPhoto(holderGroup, holder), "holder.jpg"), seed);
        assertEquals(same.out, CheckReport.Reason.MATCHED, same.report.reason());
        assertEquals(Outcome.PASS, same.report.outcome());
        assertTrue(same.out, same.out.contains("challenge 1/2 " + order.get(0) + ": PASSED"));
        assertTrue(same.out, same.out.contains("challenge 2/2 " + order.get(1) + ": PASSED"));
        assertTrue(same.out, same.report.score().getAsDouble() >= FaceCheckCommand.DEFAULT_THRESHOLD);

        Run another = faceCheck(video, write(RealFaces.chipPhoto(otherGroup, other), "other.jpg"), seed);
        assertEquals(another.out, Outcome.FAIL, another.report.outcome());
        assertTrue(another.out, another.report.score().getAsDouble() < FaceCheckCommand.DEFAULT_THRESHOLD);
        assertTrue(another.out, another.out.contains("decision: FAIL (NOT_MATCHING"));
    }

    @Test
    public void aSynthesisedBlinkWithPaintedEyelidsIsSeen() throws Exception {
        long seed = 0;
        while (ChallengeSequence.draw(ChallengeSequence.random(seed), 2).get(0) != Action.BLINK) {
            seed++;
        }
        List<Action> order = ChallengeSequence.draw(ChallengeSequence.random(seed), 2);
        BufferedImage base = RealFaces.cameraFrame(holderGroup, holder, 0.3, 0.5, 0.45);
        Path video = RealFaces.video(RealFaces.answering(base, order), TMP.getRoot().toPath(), "blink");
        Run r = faceCheck(video, write(RealFaces.chipPhoto(holderGroup, holder), "holder-b.jpg"), seed);
        assertTrue(r.out, r.out.contains("challenge 1/2 BLINK: PASSED"));
        assertEquals(r.out, Outcome.PASS, r.report.outcome());
    }

    @Test
    public void aPhotoMovedByHandPassesTheMotionGateButNotTheChallenges() throws Exception {
        BufferedImage photo = RealFaces.cameraFrame(holderGroup, holder, 0.3, 0.5, 0.45);
        Random r = new Random(2);
        List<BufferedImage> frames = new ArrayList<>();
        double x = 0;
        for (int i = 0; i < 8 * 15; i++) { // 8 s: the positioning and the first challenge's 6 s
            x += r.nextDouble() * 2 - 1; // a hand's slow drift, the photo itself rigid
            frames.add(RealFaces.shifted(photo, x, r.nextDouble() * 2 - 1));
        }
        Run run = faceCheck(RealFaces.video(frames, TMP.getRoot().toPath(), "hand"),
                write(RealFaces.chipPhoto(holderGroup, holder), "holder-h.jpg"), 5L);
        assertEquals(run.out, Outcome.SPOOF, run.report.outcome());
        assertEquals(run.out, CheckReport.Reason.CHALLENGE_FAILED, run.report.reason());
        assertTrue(run.out, run.out.contains("challenge 1/2 " + run.report.challenges().get(0).action() + ": TIMED_OUT"));
    }

    @Test
    public void aVideoWithoutAFaceIsNoFace() throws Exception {
        BufferedImage wall = new BufferedImage(RealFaces.W, RealFaces.H, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(3);
        for (int y = 0; y < RealFaces.H; y++) {
            for (int x = 0; x < RealFaces.W; x++) {
                int v = 120 + rnd.nextInt(40);
                wall.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            frames.add(RealFaces.shifted(wall, i % 3, 0));
        }
        Run r = faceCheck(RealFaces.video(frames, TMP.getRoot().toPath(), "wall"), null, 1L);
        assertEquals(r.out, Outcome.NO_FACE, r.report.outcome());
        assertEquals(CheckReport.Reason.NO_FACE, r.report.reason());
    }

    @Test
    public void twoFacesAreRefusedWithTheAdvice() throws Exception {
        BufferedImage a = RealFaces.cameraFrame(holderGroup, holder, 0.5, 0.5, 0.45);
        BufferedImage b = RealFaces.cameraFrame(otherGroup, other, 0.5, 0.5, 0.45);
        BufferedImage two = new BufferedImage(RealFaces.W, RealFaces.H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = two.createGraphics();
        g.drawImage(a, 0, 0, RealFaces.W / 2, RealFaces.H, RealFaces.W / 4, 0, RealFaces.W * 3 / 4, RealFaces.H, null);
        g.drawImage(b, RealFaces.W / 2, 0, RealFaces.W, RealFaces.H, RealFaces.W / 4, 0, RealFaces.W * 3 / 4, RealFaces.H, null);
        g.dispose();
        List<Face> seen = RealFaces.analyzer().detect(Frame.of(two, 0));
        assertEquals("the detector sees both", 2, seen.size());
        Run r = faceCheck(moving(two, "two"), null, 1L);
        assertEquals(r.out, Outcome.NO_FACE, r.report.outcome());
        assertEquals(r.out, Optional.of(Guidance.MULTIPLE_FACES), r.report.lastGuidance());
        assertTrue(r.out, r.out.contains("event FACE_GUIDANCE(MULTIPLE_FACES)"));
    }

    @Test
    public void aFaceTooSmallIsToldToComeCloser() throws Exception {
        // BlazeFace (front, selfie distance) finds no face below about a tenth of the frame width, close to the
        // driver's default minimum (face.min.width 0.12): check the gate with a site's larger minimum, 0.2
        GateLimits d = GateLimits.DEFAULT;
        GateLimits strict = new GateLimits(0.2, d.maxFaceWidth(), d.maxOffCentre(), d.minBrightness(), d.minSharpness(),
                d.maxJump(), d.minShapeMotion(), d.minPixelMotion(), d.motionWindowFrames());
        CheckSettings c = CheckSettings.DEFAULT;
        CheckSettings settings = new CheckSettings(2, c.perChallenge(), java.time.Duration.ofSeconds(2),
                c.frameTimeout(), c.challengeLimits(), strict, c.matchThreshold(), c.continuityThreshold(), c.seed());
        BufferedImage small = RealFaces.cameraFrame(holderGroup, holder, 0.15, 0.5, 0.45);
        List<String> events = new ArrayList<>();
        CheckReport r;
        try (var source = org.opendmv.face.api.FrameSources.open("file:" + moving(small, "small"), RealFaces.W,
                RealFaces.H, 15)) {
            r = new FaceCheck(RealFaces.analyzer(), settings).run(source, null, 0.8, e -> events.add(e.toString()),
                    () -> false);
        }
        assertEquals(r.toString(), Outcome.NO_FACE, r.outcome());
        assertEquals(r.toString(), Optional.of(Guidance.TOO_FAR), r.lastGuidance());
        assertTrue(events.toString(), events.contains("FACE_GUIDANCE(TOO_FAR)"));
    }

    @Test
    public void aFaceOffCentreIsToldToMove() throws Exception {
        BufferedImage aside = RealFaces.cameraFrame(holderGroup, holder, 0.25, 0.17, 0.45);
        Run r = faceCheck(moving(aside, "aside"), null, 1L);
        assertEquals(r.out, Outcome.NO_FACE, r.report.outcome());
        assertEquals(r.out, Optional.of(Guidance.OFF_CENTRE), r.report.lastGuidance());
    }

    @Test
    public void aPhotoThatIsNotAnImageIsABadInputForTheCommand() throws Exception {
        BufferedImage frame = RealFaces.cameraFrame(holderGroup, holder, 0.3, 0.5, 0.45);
        Path video = RealFaces.stillVideo(frame, TMP.getRoot().toPath(), "still-bad-photo", 1);
        try {
            faceCheck(video, write(new byte[] {1, 2, 3}, "photo.jpg"), 1L);
            throw new AssertionError("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("--photo: reference photo cannot be decoded"));
        }
        try {
            faceCheck(TMP.getRoot().toPath().resolve("missing.mp4"), null, 1L);
            throw new AssertionError("accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("--video: no such readable file"));
        }
    }

    /**
     * False accepts and false rejects at the default threshold over every person the detector finds in the six
     * sample photos: each person's chip-sized photo against each person's camera frame. The genuine pairs come from
     * the same photo (another crop, size and compression), so the false-reject rate is optimistic.
     */
    @Test
    public void falseAcceptAndRejectRatesOnTheSamplePeople() throws Exception {
        FaceAnalyzer an = RealFaces.analyzer();
        List<float[]> chips = new ArrayList<>();
        List<float[]> cams = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            BufferedImage group = RealFaces.sample(n);
            for (Box b : RealFaces.people(group)) {
                FaceCheck fc = new FaceCheck(an, CheckSettings.DEFAULT);
                float[] chip;
                try {
                    chip = fc.referenceEmbedding(RealFaces.chipPhoto(group, b));
                } catch (org.opendmv.devices.api.DeviceException noFaceInChip) {
                    continue;
                }
                Frame cam = Frame.of(RealFaces.cameraFrame(group, b, 0.3, 0.5, 0.45), 0);
                List<Face> faces = an.detect(cam);
                if (faces.isEmpty()) {
                    continue;
                }
                // the person is at the centre; a neighbour of the group photo may be in the frame too
                Face centred = faces.stream().min(java.util.Comparator.comparingDouble(f -> Math.hypot(
                        f.box().centreX() - RealFaces.W / 2.0, f.box().centreY() - RealFaces.H * 0.45))).orElseThrow();
                chips.add(chip);
                cams.add(an.embedding(cam, centred));
            }
        }
        int genuine = 0;
        int falseReject = 0;
        int impostor = 0;
        int falseAccept = 0;
        double maxImpostor = 0;
        double minGenuine = 1;
        for (int i = 0; i < chips.size(); i++) {
            for (int j = 0; j < cams.size(); j++) {
                double s = an.similarity(chips.get(i), cams.get(j));
                if (i == j) {
                    genuine++;
                    minGenuine = Math.min(minGenuine, s);
                    falseReject += s < FaceCheckCommand.DEFAULT_THRESHOLD ? 1 : 0;
                } else {
                    impostor++;
                    maxImpostor = Math.max(maxImpostor, s);
                    falseAccept += s >= FaceCheckCommand.DEFAULT_THRESHOLD ? 1 : 0;
                }
            }
        }
        System.out.printf("face match at threshold %.2f: %d people, FAR %d/%d, FRR %d/%d, highest impostor %.3f,"
                + " lowest genuine %.3f%n", FaceCheckCommand.DEFAULT_THRESHOLD, chips.size(), falseAccept, impostor,
                falseReject, genuine, maxImpostor, minGenuine);
        assertTrue("too few people: " + chips.size(), chips.size() >= 12);
        assertTrue("false accepts " + falseAccept + "/" + impostor, falseAccept <= impostor / 100);
        assertTrue("false rejects " + falseReject + "/" + genuine, falseReject <= genuine / 10);
    }

    /** A video of {@code img} with a seeded sub-pixel jitter (a person, not a photo: the motion gate is passed). */
    private static Path moving(BufferedImage img, String name) throws Exception {
        Random r = new Random(1);
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            frames.add(RealFaces.shifted(img, r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1));
        }
        return RealFaces.video(frames, TMP.getRoot().toPath(), name);
    }
}
