package org.opendmv.devices.facevision.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.Test;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessDetector.LivenessError;
import org.opendmv.devices.api.LivenessResult.Outcome;
import org.opendmv.devices.api.PreviewFrame;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.FrameSource;

/** The pipeline's decisions, events and wiping, with a scripted citizen in place of the models. */
public class FaceCheckTest {
    private static final int W = 320;
    private static final int H = 240;

    /** An in-memory camera: a textured picture at 15 fps, {@code count} frames; remembers every frame it gave. */
    static class Frames implements FrameSource {
        final List<Frame> given = new ArrayList<>();
        private final int count;
        private final byte[] texture;
        private int index;

        Frames(int count) {
            this.count = count;
            texture = new byte[W * H * 3];
            new Random(5).nextBytes(texture);
            for (int i = 0; i < texture.length; i++) {
                texture[i] = (byte) (64 + (texture[i] & 0x7F)); // bright enough, sharp
            }
        }

        @Override
        public Optional<Frame> next(Duration timeout) {
            if (index >= count) {
                return Optional.empty();
            }
            Frame f = new Frame(W, H, texture.clone(), index++ * SyntheticFace.FRAME_NANOS);
            given.add(f);
            return Optional.of(f);
        }

        @Override
        public int width() {
            return W;
        }

        @Override
        public int height() {
            return H;
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedAnalyzer analyzer = new ScriptedAnalyzer(W, H);
    private final List<IntermediateEvent> events = new ArrayList<>();

    private CheckReport run(Frames frames, float[] reference, long seed) throws IOException {
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT.withSeed(seed));
        return check.run(frames, reference, 0.5, events::add, () -> false);
    }

    private static byte[] png(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static void assertAllWiped(Frames frames) {
        for (Frame f : frames.given) {
            for (byte b : f.rgb()) {
                if (b != 0) {
                    fail("a frame was not wiped");
                }
            }
        }
    }

    private List<String> types() {
        return events.stream().map(IntermediateEvent::toString).collect(Collectors.toList());
    }

    @Test
    public void theCardHolderDoingTheChallengesPassesWithAScoreAndEveryFrameIsWiped() throws IOException {
        analyzer.present = true;
        Frames frames = new Frames(400);
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT.withSeed(11));
        float[] ref = check.referenceEmbedding(png(102, 126));
        CheckReport r = check.run(frames, ref, 0.8, events::add, () -> false);
        assertEquals(r.toString(), Outcome.PASS, r.outcome());
        assertEquals(1.0, r.score().getAsDouble(), 1e-6);
        assertEquals(2, r.challenges().size());
        assertTrue(r.challenges().stream().allMatch(c -> c.verdict().equals("PASSED")));
        assertAllWiped(frames);
        assertArrayEquals("the reference embedding is zeroed", new float[128], ref, 0f);
        // events: prompt, face, then each challenge asked with k/n and a countdown, then passed
        List<String> t = types();
        assertEquals("PRESENT_FACE_PROMPT", t.get(0));
        assertEquals("FACE_DETECTED", t.get(1));
        Action first = r.challenges().get(0).action();
        Action second = r.challenges().get(1).action();
        assertEquals("LIVENESS_ACTION(" + first + ";1/2;6)", t.get(2));
        int p1 = t.indexOf("LIVENESS_ACTION_PASSED(" + first + ";1/2)");
        int a2 = t.indexOf("LIVENESS_ACTION(" + second + ";2/2;6)");
        int p2 = t.indexOf("LIVENESS_ACTION_PASSED(" + second + ";2/2)");
        assertTrue(t.toString(), p1 > 2 && a2 == p1 + 1 && p2 > a2);
    }

    @Test
    public void anotherPersonIsLiveButFailsTheMatch() throws IOException {
        analyzer.present = true;
        analyzer.cameraPerson = ScriptedAnalyzer.PERSON_B;
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT.withSeed(2));
        CheckReport r = check.run(new Frames(400), check.referenceEmbedding(png(102, 126)), 0.5, events::add, () -> false);
        assertEquals(Outcome.FAIL, r.outcome());
        assertEquals(CheckReport.Reason.NOT_MATCHING, r.reason());
        assertTrue(r.score().getAsDouble() < 0.5);
        assertEquals(Outcome.FAIL, r.toResult().outcome());
    }

    @Test
    public void aThresholdSetOnTheDeviceReplacesTheRequestsOne() throws IOException {
        analyzer.present = true;
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT.withSeed(2).withMatchThreshold(0.3));
        CheckReport r = check.run(new Frames(400), check.referenceEmbedding(png(102, 126)), 0.99, events::add, () -> false);
        assertEquals(0.3, r.threshold(), 0);
    }

    @Test
    public void aStillPictureIsASpoofEvenBeforeAnyChallengeTimesOut() throws IOException {
        analyzer.present = true;
        analyzer.frozen = true;
        Frames frames = new Frames(400);
        CheckReport r = run(frames, null, 1);
        assertEquals(Outcome.SPOOF, r.outcome());
        assertEquals(CheckReport.Reason.STILL_IMAGE, r.reason());
        assertTrue("decided within the motion window, not at a timeout: " + r.frames(),
                r.frames() < GateLimits.DEFAULT.motionWindowFrames() + 5);
        assertFalse(r.toResult().live());
        assertAllWiped(frames);
    }

    @Test
    public void nobodyInFrontOfTheCameraIsNoFace() throws IOException {
        Frames frames = new Frames(400);
        CheckReport r = run(frames, null, 1);
        assertEquals(Outcome.NO_FACE, r.outcome());
        assertEquals(CheckReport.Reason.NO_FACE, r.reason());
        assertEquals("ended at the positioning timeout", 20 * 15 + 2, r.frames(), 1);
        assertTrue(r.challenges().stream().allMatch(c -> c.verdict().equals("NOT_REACHED")));
        assertEquals(List.of("PRESENT_FACE_PROMPT"), types());
    }

    @Test
    public void twoFacesAreNeverCheckedAndTheCitizenIsTold() throws IOException {
        analyzer.present = true;
        analyzer.faces = 2;
        CheckReport r = run(new Frames(400), null, 1);
        assertEquals(Outcome.NO_FACE, r.outcome());
        assertEquals(CheckReport.Reason.NO_USABLE_FACE, r.reason());
        assertEquals(Optional.of(Guidance.MULTIPLE_FACES), r.lastGuidance());
        // 20 s of two faces at 15 fps: the advice about once a second, not for each of the 300 frames
        assertEquals(20, types().stream().filter(e -> e.equals("FACE_GUIDANCE(MULTIPLE_FACES)")).count(), 1);
    }

    @Test
    public void aFaceTooFarAwayIsToldToComeCloser() throws IOException {
        analyzer.present = true;
        analyzer.faceWidth = 0.08;
        CheckReport r = run(new Frames(400), null, 1);
        assertEquals(Outcome.NO_FACE, r.outcome());
        assertEquals(Optional.of(Guidance.TOO_FAR), r.lastGuidance());
        assertTrue(types().contains("FACE_GUIDANCE(TOO_FAR)"));
    }

    @Test
    public void aVideoEndingBeforeTheChallengesAreDoneIsNotLive() throws IOException {
        analyzer.present = true;
        CheckReport r = run(new Frames(8), null, 1);
        assertEquals(Outcome.SPOOF, r.outcome());
        assertEquals(CheckReport.Reason.END_OF_VIDEO, r.reason());
    }

    @Test
    public void anotherPersonTakingOverDuringTheCheckIsASpoof() throws IOException {
        analyzer.present = true;
        Frames frames = new Frames(400) {
            @Override
            public Optional<Frame> next(Duration timeout) {
                if (given.size() == 6) { // the first face was seen; someone else does the challenges
                    analyzer.cameraPerson = ScriptedAnalyzer.PERSON_B;
                }
                return super.next(timeout);
            }
        };
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT.withSeed(4));
        CheckReport r = check.run(frames, check.referenceEmbedding(png(102, 126)), 0.5, events::add, () -> false);
        assertEquals(Outcome.SPOOF, r.outcome());
        assertEquals(CheckReport.Reason.PERSON_CHANGED, r.reason());
    }

    @Test
    public void aReferencePhotoThatIsNoImageOrHasNoFaceIsRefusedAndItsBytesAreLeftToTheCaller() throws IOException {
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT);
        byte[] junk = {1, 2, 3, 4};
        try {
            check.referenceEmbedding(junk);
            fail();
        } catch (DeviceException e) {
            assertEquals(CompletionCode.INVALID_DATA, e.code());
            assertEquals(LivenessError.INVALID_REFERENCE_PHOTO.name(), e.errorCode().orElseThrow());
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4}, junk);
        analyzer.referenceHasFace = false;
        byte[] photo = png(102, 126);
        byte[] copy = photo.clone();
        try {
            check.referenceEmbedding(photo);
            fail();
        } catch (DeviceException e) {
            assertEquals(LivenessError.INVALID_REFERENCE_PHOTO.name(), e.errorCode().orElseThrow());
        }
        assertArrayEquals("the card's photo is reused for a retry", copy, photo);
    }

    @Test
    public void cancellingStopsTheCheck() throws IOException {
        analyzer.present = true;
        FaceCheck check = new FaceCheck(analyzer, CheckSettings.DEFAULT);
        Frames frames = new Frames(400);
        try {
            check.run(frames, null, 0.5, events::add, () -> frames.given.size() >= 5);
            fail();
        } catch (DeviceException e) {
            assertEquals(CompletionCode.CANCELED, e.code());
        }
        assertAllWiped(frames);
    }

    @Test
    public void thePreviewIsMirroredWithItsFaceBoxAndWipedAfterTheListenersAndRateLimited() throws Exception {
        PreviewHub hub = new PreviewHub();
        List<int[]> seen = new ArrayList<>();
        List<double[]> boxes = new ArrayList<>();
        List<PreviewFrame> frames = new ArrayList<>();
        try (AutoCloseable sub = hub.subscribe(p -> {
            seen.add(p.rgb().clone());
            boxes.add(p.faceBox().orElseThrow());
            frames.add(p);
        })) {
            byte[] rgb = new byte[4 * 2 * 3];
            rgb[0] = (byte) 0xFF; // red at (0, 0)
            hub.offer(new Frame(4, 2, rgb, 0), Optional.of(new Box(0, 0, 1, 2)));
            hub.offer(new Frame(4, 2, rgb.clone(), 10_000_000L), Optional.of(new Box(0, 0, 1, 2))); // 10 ms later
            hub.offer(new Frame(4, 2, rgb.clone(), 70_000_000L), Optional.of(new Box(0, 0, 1, 2)));
        }
        assertEquals("at most 15 frames a second", 2, seen.size());
        assertEquals("red is on the right in the mirror", 0xFF0000, seen.get(0)[3]);
        assertArrayEquals(new double[] {0.75, 0, 0.25, 1}, boxes.get(0), 1e-9);
        assertArrayEquals("wiped once shown", new int[8], frames.get(0).rgb());
        hub.offer(new Frame(4, 2, new byte[24], 900_000_000L), Optional.empty());
        assertEquals("unsubscribed", 2, seen.size());
    }
}
