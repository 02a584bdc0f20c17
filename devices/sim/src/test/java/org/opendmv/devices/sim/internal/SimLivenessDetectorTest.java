package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.LivenessResult.Outcome;

public class SimLivenessDetectorTest {
    private final SimFixture fx = new SimFixture();

    @After
    public void tearDown() {
        fx.close();
    }

    private LivenessDetector detector(String... kv) {
        return (LivenessDetector) fx.handler("liveness-detector", DeviceClass.LIVENESS_DETECTOR, kv).device();
    }

    private byte[] photo() throws Exception {
        return fx.control.citizen("adult-male").orElseThrow().toCardData(true).photo().orElseThrow();
    }

    @Test
    public void passesByDefaultWithAScoreAboveTheThreshold() throws Exception {
        LivenessResult res = get(detector().checkLiveness(LivenessRequest.match(photo(), 0.8), fx.ctx()));
        assertEquals(Outcome.PASS, res.outcome());
        assertTrue(res.matchScore().getAsDouble() >= 0.8);
        assertEquals(List.of("PRESENT_FACE_PROMPT", "FACE_DETECTED", "LIVENESS_ACTION(BLINK)"), fx.eventTypes());
        assertFalse(get(detector().checkLiveness(LivenessRequest.liveOnly(), fx.ctx())).matchScore().isPresent());
    }

    @Test
    public void outcomesAreScriptableAtRuntime() throws Exception {
        LivenessDetector d = detector();
        fx.control.fail("liveness-detector", "FAIL");
        LivenessResult fail = get(d.checkLiveness(LivenessRequest.match(photo(), 0.7), fx.ctx()));
        assertEquals(Outcome.FAIL, fail.outcome());
        assertTrue(fail.live());
        assertTrue(fail.matchScore().getAsDouble() < 0.7);
        fx.control.fail("liveness-detector", "no_face");
        assertEquals(Outcome.NO_FACE, get(d.checkLiveness(LivenessRequest.match(photo(), 0.7), fx.ctx())).outcome());
        fx.control.fail("liveness-detector", "SPOOF");
        LivenessResult spoof = get(d.checkLiveness(LivenessRequest.match(photo(), 0.7), fx.ctx()));
        assertEquals(Outcome.SPOOF, spoof.outcome());
        assertFalse(spoof.live());
        fx.control.reset();
        assertEquals(Outcome.PASS, get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx())).outcome());
    }

    @Test
    public void outcomeAndScoreComeFromConfiguration() throws Exception {
        LivenessDetector d = detector("sim.liveness.outcome", "spoof");
        assertEquals(Outcome.SPOOF, get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx())).outcome());
        fx.close();
        SimFixture fx2 = new SimFixture();
        try {
            LivenessDetector d2 = (LivenessDetector) fx2.handler("f", DeviceClass.LIVENESS_DETECTOR,
                    "sim.liveness.score", "0.97").device();
            assertEquals(0.97, get(d2.checkLiveness(LivenessRequest.match(photo(), 0.5), fx2.ctx())).matchScore()
                    .getAsDouble(), 1e-9);
        } finally {
            fx2.close();
        }
    }

    @Test
    public void aReferenceThatIsNotAnImageIsInvalidData() throws Exception {
        assertFails(detector().checkLiveness(LivenessRequest.match(new byte[] {1, 2, 3}, 0.8), fx.ctx()),
                CompletionCode.INVALID_DATA, LivenessDetector.LivenessError.INVALID_REFERENCE_PHOTO.name());
    }
}
