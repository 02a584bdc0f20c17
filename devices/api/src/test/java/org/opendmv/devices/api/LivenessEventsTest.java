package org.opendmv.devices.api;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.Test;

public class LivenessEventsTest {

    @Test
    public void challengeWritesTheDocumentedDetails() {
        LivenessChallenge c = LivenessChallenge.of(LivenessAction.TURN_LEFT, 2, 3);
        IntermediateEvent prompt = c.prompt(4);
        assertTrue(prompt.is(IntermediateEvent.LIVENESS_ACTION));
        assertEquals(Optional.of("TURN_LEFT;2/3;4"), prompt.detail());
        assertEquals("LIVENESS_ACTION(TURN_LEFT;2/3;4)", prompt.toString());
        IntermediateEvent passed = c.passed();
        assertTrue(passed.is(IntermediateEvent.LIVENESS_ACTION_PASSED));
        assertEquals(Optional.of("TURN_LEFT;2/3"), passed.detail());
    }

    @Test
    public void parseReadsBothEventsAndTheCountdown() {
        LivenessChallenge c = LivenessChallenge.of(LivenessAction.OPEN_MOUTH, 3, 3);
        assertEquals(Optional.of(c), LivenessChallenge.parse(c.prompt(0)));
        assertEquals(Optional.of(c), LivenessChallenge.parse(c.passed()));
        assertEquals(OptionalInt.of(0), LivenessChallenge.secondsLeft(c.prompt(0)));
        assertEquals(OptionalInt.of(7), LivenessChallenge.secondsLeft(
                IntermediateEvent.LIVENESS_ACTION.withDetail("BLINK;1/2;7")));
        assertEquals(OptionalInt.empty(), LivenessChallenge.secondsLeft(c.passed()));
    }

    @Test
    public void parseAcceptsTheOldBareActionAndRejectsGarbage() {
        assertEquals(Optional.of(LivenessChallenge.of(LivenessAction.BLINK, 1, 1)),
                LivenessChallenge.parse(IntermediateEvent.LIVENESS_ACTION.withDetail("BLINK")));
        assertEquals(OptionalInt.empty(),
                LivenessChallenge.secondsLeft(IntermediateEvent.LIVENESS_ACTION.withDetail("BLINK")));
        for (String bad : new String[] {"SMILE;1/2;3", "BLINK;x/2;3", "BLINK;3/2;1", "BLINK;1;1", "", "BLINK;0/0;1"}) {
            assertFalse(bad, LivenessChallenge.parse(IntermediateEvent.LIVENESS_ACTION.withDetail(bad)).isPresent());
        }
        assertFalse(LivenessChallenge.parse(IntermediateEvent.LIVENESS_ACTION).isPresent());
        assertFalse(LivenessChallenge.parse(IntermediateEvent.PAGE_SCANNED.withDetail("BLINK;1/1;1")).isPresent());
        assertEquals(OptionalInt.empty(),
                LivenessChallenge.secondsLeft(IntermediateEvent.LIVENESS_ACTION.withDetail("BLINK;1/1;-1")));
        try {
            LivenessChallenge.of(LivenessAction.BLINK, 3, 2);
            fail("k > n accepted");
        } catch (IllegalArgumentException expected) {
            // ok
        }
    }

    @Test
    public void guidanceRoundTripsAndIgnoresUnknownValues() {
        for (FaceGuidance g : FaceGuidance.values()) {
            IntermediateEvent e = g.event();
            assertTrue(e.is(IntermediateEvent.FACE_GUIDANCE));
            assertEquals(Optional.of(g.name()), e.detail());
            assertEquals(Optional.of(g), FaceGuidance.of(e));
        }
        assertEquals(Optional.empty(), FaceGuidance.of(IntermediateEvent.FACE_GUIDANCE.withDetail("X_VENDOR_GLASSES")));
        assertEquals(Optional.empty(), FaceGuidance.of(IntermediateEvent.FACE_LOST));
    }

    @Test
    public void previewFrameValidatesHandsOverAndWipes() {
        int[] px = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0, 0x123456};
        PreviewFrame f = PreviewFrame.of(3, 2, px, 0.1, 0.2, 0.5, 0.6);
        assertSame(px, f.rgb());
        assertEquals(3, f.width());
        assertEquals(2, f.height());
        assertArrayEquals(new double[] {0.1, 0.2, 0.5, 0.6}, f.faceBox().get(), 0.0);
        f.faceBox().get()[0] = 0.9;
        assertEquals(0.1, f.faceBox().get()[0], 0.0);
        assertFalse(f.toString().contains("123456"));
        f.wipe();
        assertArrayEquals(new int[6], px);
        assertFalse(PreviewFrame.of(3, 2, new int[6]).faceBox().isPresent());
        for (Runnable bad : new Runnable[] {
            () -> PreviewFrame.of(3, 2, new int[5]),
            () -> PreviewFrame.of(0, 2, new int[0]),
            () -> PreviewFrame.of(3, 2, new int[6], 0.1, 0.2, 1.5, 0.3),
            () -> PreviewFrame.of(3, 2, new int[6], Double.NaN, 0.2, 0.5, 0.3)}) {
            try {
                bad.run();
                fail("accepted");
            } catch (IllegalArgumentException expected) {
                // ok
            }
        }
    }
}
