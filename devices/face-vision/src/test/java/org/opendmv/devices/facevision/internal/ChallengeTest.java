package org.opendmv.devices.facevision.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.Test;

/** The challenge state machines on synthetic landmark sequences at 15 frames per second. */
public class ChallengeTest {
    private static final long LIMIT = Duration.ofSeconds(5).toNanos();

    /** Feeds {@code shapes} at 15 fps from t=0 and then neutral frames until the limit has passed. */
    private static Challenge.State run(Action action, List<Shape68> shapes) {
        Challenge c = new Challenge(action, LIMIT, ChallengeLimits.DEFAULT);
        long t = 0;
        for (Shape68 s : shapes) {
            if (c.update(t, s) != Challenge.State.PENDING) {
                return c.state();
            }
            t += SyntheticFace.FRAME_NANOS;
        }
        Shape68 neutral = new SyntheticFace().shape();
        while (c.update(t, neutral) == Challenge.State.PENDING) {
            t += SyntheticFace.FRAME_NANOS;
        }
        return c.state();
    }

    private static List<Shape68> seq(Object... parts) {
        List<Shape68> out = new ArrayList<>();
        for (Object p : parts) {
            @SuppressWarnings("unchecked")
            List<Shape68> l = (List<Shape68>) p;
            out.addAll(l);
        }
        return out;
    }

    @Test
    public void syntheticMeasuresAreWhatTheTestsAssume() {
        SyntheticFace f = new SyntheticFace();
        assertEquals(0.30, f.shape().eyeAspectRatio(), 0.01);
        assertEquals(0.0, f.shape().yaw(), 1e-9);
        assertEquals(0.05, f.closed().shape().eyeAspectRatio(), 0.01);
        f.open().mouth = 0.175;
        assertEquals(0.5, f.shape().mouthAspectRatio(), 0.01);
        f.mouth = 0;
        f.turn = 0.35;
        assertTrue("nose towards jaw point 16 (image right) is the subject's left: positive yaw", f.shape().yaw() > 0.3);
    }

    @Test
    public void aBlinkPassesBlink() {
        SyntheticFace f = new SyntheticFace();
        f.jitter = 0.3;
        List<Shape68> blink = seq(f.open().frames(6), f.closed().frames(3), f.open().frames(3));
        assertEquals(Challenge.State.PASSED, run(Action.BLINK, blink));
    }

    @Test
    public void eyesThatStayClosedAreNotABlink() {
        SyntheticFace f = new SyntheticFace();
        assertEquals(Challenge.State.TIMED_OUT, run(Action.BLINK, seq(f.open().frames(6), f.closed().frames(200))));
    }

    @Test
    public void aOneFrameFlickerDoesNotCountAsABlink() {
        SyntheticFace f = new SyntheticFace();
        List<Shape68> flickers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flickers.addAll(seq(f.open().frames(4), f.closed().frames(1)));
        }
        assertEquals(Challenge.State.TIMED_OUT, run(Action.BLINK, flickers));
    }

    @Test
    public void nothingTimesOutEveryChallenge() {
        for (Action a : Action.values()) {
            assertEquals(a.name(), Challenge.State.TIMED_OUT, run(a, List.of()));
        }
    }

    @Test
    public void aTurnToTheSubjectsLeftPassesTurnLeftOnly() {
        SyntheticFace f = new SyntheticFace();
        List<Shape68> turn = new ArrayList<>(f.frames(4));
        f.turn = 0.35;
        turn.addAll(f.frames(4));
        assertEquals(Challenge.State.PASSED, run(Action.TURN_LEFT, turn));
        assertEquals("the wrong direction does not count", Challenge.State.TIMED_OUT, run(Action.TURN_RIGHT, turn));
    }

    @Test
    public void aTurnToTheSubjectsRightPassesTurnRightOnly() {
        SyntheticFace f = new SyntheticFace();
        List<Shape68> turn = new ArrayList<>(f.frames(4));
        f.turn = -0.35;
        turn.addAll(f.frames(4));
        assertEquals(Challenge.State.PASSED, run(Action.TURN_RIGHT, turn));
        assertEquals(Challenge.State.TIMED_OUT, run(Action.TURN_LEFT, turn));
    }

    @Test
    public void aOneFrameYawSpikeDoesNotCountAsATurn() {
        SyntheticFace f = new SyntheticFace();
        List<Shape68> spikes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            f.turn = 0;
            spikes.addAll(f.frames(3));
            f.turn = 0.5;
            spikes.addAll(f.frames(1));
        }
        assertEquals(Challenge.State.TIMED_OUT, run(Action.TURN_LEFT, spikes));
    }

    @Test
    public void aHeadAlreadyTurnedMustFaceTheCameraFirst() {
        SyntheticFace f = new SyntheticFace();
        f.turn = 0.35;
        assertEquals(Challenge.State.TIMED_OUT, run(Action.TURN_LEFT, f.frames(200)));
        List<Shape68> back = new ArrayList<>(f.frames(5));
        f.turn = 0;
        back.addAll(f.frames(3));
        f.turn = 0.35;
        back.addAll(f.frames(3));
        assertEquals(Challenge.State.PASSED, run(Action.TURN_LEFT, back));
    }

    @Test
    public void anOpenMouthPassesOpenMouthAndASmallOneDoesNot() {
        SyntheticFace f = new SyntheticFace();
        List<Shape68> open = new ArrayList<>(f.frames(3));
        f.mouth = 0.175;
        open.addAll(f.frames(3));
        assertEquals(Challenge.State.PASSED, run(Action.OPEN_MOUTH, open));
        f.mouth = 0.0;
        List<Shape68> talk = new ArrayList<>(f.frames(3));
        f.mouth = 0.07; // MAR 0.2: speaking, not "open wide"
        talk.addAll(f.frames(10));
        assertEquals(Challenge.State.TIMED_OUT, run(Action.OPEN_MOUTH, talk));
        assertEquals("opening the mouth is not a blink", Challenge.State.TIMED_OUT, run(Action.BLINK, open));
    }

    @Test
    public void framesWithoutAFaceOnlyRunTheClockAndBreakARun() {
        SyntheticFace f = new SyntheticFace();
        List<Shape68> gap = new ArrayList<>(f.open().frames(4));
        gap.add(f.closed().shape());
        gap.add(null);
        gap.add(f.closed().shape());
        gap.addAll(f.open().frames(3));
        assertEquals(Challenge.State.TIMED_OUT, run(Action.BLINK, gap));
    }

    @Test
    public void aSequenceAsksEachChallengeInTurnWithItsCountdown() {
        SyntheticFace f = new SyntheticFace();
        List<String> events = new ArrayList<>();
        ChallengeSequence s = new ChallengeSequence(List.of(Action.BLINK, Action.TURN_RIGHT), Duration.ofSeconds(3),
                ChallengeLimits.DEFAULT, new ChallengeSequence.Listener() {
                    @Override
                    public void asked(Action action, int k, int n, int secondsLeft) {
                        events.add(action + ";" + k + "/" + n + ";" + secondsLeft);
                    }

                    @Override
                    public void passed(Action action, int k, int n) {
                        events.add("passed " + action + ";" + k + "/" + n);
                    }
                });
        long t = 0;
        // 20 neutral frames (1.33 s), then a blink, then nothing for 3 s
        List<Shape68> frames = seq(f.open().frames(20), f.closed().frames(2), f.open().frames(2));
        f.turn = 0;
        frames.addAll(f.frames(60));
        for (Shape68 sh : frames) {
            s.update(t, sh);
            t += SyntheticFace.FRAME_NANOS;
        }
        assertTrue(s.done());
        assertFalse(s.passed());
        assertEquals(List.of("BLINK;1/2;3", "BLINK;1/2;2", "passed BLINK;1/2", "TURN_RIGHT;2/2;3",
                "TURN_RIGHT;2/2;2", "TURN_RIGHT;2/2;1"), events);
        assertEquals(Challenge.State.PASSED, s.challenges().get(0).state());
        assertEquals(Challenge.State.TIMED_OUT, s.challenges().get(1).state());
    }

    @Test
    public void aDrawIsTwoOrThreeDistinctActionsAndNeverTheSameOrderForEveryone() {
        var orders = new HashSet<List<Action>>();
        for (int i = 0; i < 50; i++) {
            List<Action> a = ChallengeSequence.draw(ChallengeSequence.random(null), 3);
            assertEquals(3, new HashSet<>(a).size());
            orders.add(a);
        }
        assertEquals("a seed gives the same order", ChallengeSequence.draw(ChallengeSequence.random(42L), 3),
                ChallengeSequence.draw(ChallengeSequence.random(42L), 3));
        assertTrue("orders vary: " + orders.size(), orders.size() > 10);
        assertEquals(2, ChallengeSequence.draw(ChallengeSequence.random(null), 2).size());
        assertTrue(ChallengeSequence.random(null) instanceof java.security.SecureRandom);
    }

    @Test(expected = IllegalArgumentException.class)
    public void fourChallengesAreRefused() {
        ChallengeSequence.draw(ChallengeSequence.random(1L), 4);
    }

    @Test
    public void aFrozenSequenceFailsTheMotionGateAndALivingOnePasses() {
        SyntheticFace f = new SyntheticFace();
        MotionGate still = new MotionGate(GateLimits.DEFAULT);
        float[] grey = new float[96 * 96];
        for (Shape68 s : f.frames(GateLimits.DEFAULT.motionWindowFrames())) {
            still.update(s, grey.clone());
        }
        assertEquals(MotionGate.Verdict.STILL, still.verdict());

        f.jitter = 0.8; // a real model on a real sensor: sub-pixel to pixel jitter
        MotionGate live = new MotionGate(GateLimits.DEFAULT);
        for (Shape68 s : f.frames(GateLimits.DEFAULT.motionWindowFrames())) {
            live.update(s, grey.clone());
        }
        assertEquals(MotionGate.Verdict.LIVE_MOTION, live.verdict());
    }

    @Test
    public void aPhotoMovedRigidlyChangesNoShape() {
        SyntheticFace f = new SyntheticFace();
        Shape68 a = f.shape();
        double[] x = a.xs();
        double[] y = a.ys();
        double c = Math.cos(0.1);
        double s = Math.sin(0.1);
        for (int i = 0; i < 68; i++) { // rotate, scale and move the whole photo
            double nx = 1.2 * (c * x[i] - s * y[i]) + 40;
            double ny = 1.2 * (s * x[i] + c * y[i]) - 25;
            x[i] = nx;
            y[i] = ny;
        }
        assertEquals("a rigid move", 0.0, new Shape68(x, y).nonRigidChange(a), 1e-9);
        assertTrue("a blink", f.closed().shape().nonRigidChange(a) > GateLimits.DEFAULT.minShapeMotion());
    }

    /** Feeds (shape, eye texture) pairs at 15 fps, then {@code tail} until the limit. */
    private static Challenge.State blinkWithTexture(double tail, double... textures) {
        Challenge c = new Challenge(Action.BLINK, LIMIT, ChallengeLimits.DEFAULT);
        Shape68 open = new SyntheticFace().shape(); // the landmarks never move: only the texture tells
        long t = 0;
        for (double tex : textures) {
            if (c.update(t, open, tex) != Challenge.State.PENDING) {
                return c.state();
            }
            t += SyntheticFace.FRAME_NANOS;
        }
        while (c.update(t, open, tail) == Challenge.State.PENDING) {
            t += SyntheticFace.FRAME_NANOS;
        }
        return c.state();
    }

    @Test
    public void aBlinkTheLandmarksMissIsSeenInTheEyesTexture() {
        assertEquals(Challenge.State.PASSED, blinkWithTexture(40, 40, 41, 39, 40, 12, 10, 11, 38, 40, 41));
        assertEquals("a one-frame texture drop is a flicker", Challenge.State.TIMED_OUT,
                blinkWithTexture(40, 40, 41, 39, 40, 12, 40, 41, 11, 40, 40, 12, 39));
        assertEquals("the eyes must open again", Challenge.State.TIMED_OUT,
                blinkWithTexture(11, 40, 41, 39, 40, 12, 10, 11, 12));
    }
}
