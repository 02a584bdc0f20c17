package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;
import org.opendmv.devices.api.PreviewFrame;
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
        List<String> ev = fx.eventTypes();
        assertEquals(ev.toString(), 6, ev.size());
        assertEquals(List.of("PRESENT_FACE_PROMPT", "FACE_DETECTED"), ev.subList(0, 2));
        assertTrue(ev.toString(), ev.get(2).matches("LIVENESS_ACTION\\([A-Z_]+;1/2;5\\)"));
        assertTrue(ev.toString(), ev.get(4).matches("LIVENESS_ACTION\\([A-Z_]+;2/2;5\\)"));
        assertEquals(ev.get(2).replace("LIVENESS_ACTION(", "LIVENESS_ACTION_PASSED(").replace(";5)", ")"), ev.get(3));
        assertEquals(ev.get(4).replace("LIVENESS_ACTION(", "LIVENESS_ACTION_PASSED(").replace(";5)", ")"), ev.get(5));
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

    private List<LivenessChallenge> challenges() {
        List<LivenessChallenge> out = new ArrayList<>();
        for (IntermediateEvent e : fx.events) {
            if (e.is(IntermediateEvent.LIVENESS_ACTION)) {
                LivenessChallenge c = LivenessChallenge.parse(e).orElseThrow();
                if (out.isEmpty() || !out.get(out.size() - 1).equals(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Test
    public void challengesAreARandomOrderOfDifferentActionsRepeatableWithASeed() throws Exception {
        Set<List<LivenessAction>> orders = new HashSet<>();
        for (int seed = 0; seed < 8; seed++) {
            fx.events.clear();
            LivenessDetector d = detector("sim.liveness.challenges", "3", "sim.liveness.seed", Integer.toString(seed));
            assertEquals(Outcome.PASS, get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx())).outcome());
            List<LivenessChallenge> cs = challenges();
            assertEquals(3, cs.size());
            List<LivenessAction> order = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                assertEquals(k + 1, cs.get(k).index());
                assertEquals(3, cs.get(k).count());
                order.add(cs.get(k).action());
            }
            assertEquals("no action twice: " + order, 3, new HashSet<>(order).size());
            orders.add(order);
            // the same seed asks the same
            fx.events.clear();
            LivenessDetector again = detector("sim.liveness.challenges", "3", "sim.liveness.seed", Integer.toString(seed));
            get(again.checkLiveness(LivenessRequest.liveOnly(), fx.ctx()));
            List<LivenessAction> order2 = new ArrayList<>();
            challenges().forEach(c -> order2.add(c.action()));
            assertEquals(order, order2);
        }
        assertTrue("the order changes: " + orders, orders.size() > 1);
    }

    @Test
    public void theCountdownTicksEachSecondWhileThePersonActs() throws Exception {
        LivenessDetector d = detector("sim.liveness.challenges", "1", "sim.liveness.seconds", "5", "sim.liveness.action.ms", "2500");
        get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx()));
        List<Integer> left = new ArrayList<>();
        for (IntermediateEvent e : fx.events) {
            LivenessChallenge.secondsLeft(e).ifPresent(left::add);
        }
        assertEquals(List.of(5, 4, 3), left);
        assertTrue(fx.events.get(fx.events.size() - 1).is(IntermediateEvent.LIVENESS_ACTION_PASSED));
    }

    @Test
    public void aSpoofNeverDoesTheFirstAction() throws Exception {
        LivenessDetector d = detector("sim.liveness.outcome", "SPOOF", "sim.liveness.seed", "3");
        assertEquals(Outcome.SPOOF, get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx())).outcome());
        assertEquals(1, challenges().size());
        assertFalse(fx.events.stream().anyMatch(e -> e.is(IntermediateEvent.LIVENESS_ACTION_PASSED)));
    }

    @Test
    public void thePreviewShowsADrawnFaceOnlyWhileTheCameraLooks() throws Exception {
        SimLivenessDetector d = (SimLivenessDetector) detector("sim.liveness.challenges", "2", "sim.liveness.action.ms", "700",
                "sim.latency.ms", "100");
        List<PreviewFrame> frames = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = d.preview().subscribe(f -> frames.add(PreviewFrame.of(f.width(), f.height(), f.rgb().clone(),
                f.faceBox().map(b -> b[0]).orElse(0.0), f.faceBox().map(b -> b[1]).orElse(0.0),
                f.faceBox().map(b -> b[2]).orElse(0.0), f.faceBox().map(b -> b[3]).orElse(0.0))))) {
            Thread.sleep(300);
            assertEquals("no picture before a check is asked for", 0, frames.size());
            get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx()));
            int seen = frames.size();
            assertTrue("about 10 frames a second: " + seen, seen >= 10 && seen <= 25);
            PreviewFrame last = frames.get(seen - 1);
            assertEquals(SimFace.WIDTH, last.width());
            double[] box = last.faceBox().orElseThrow();
            assertTrue("the face is in the middle: " + java.util.Arrays.toString(box),
                    box[0] > 0.2 && box[0] + box[2] < 0.8 && box[2] > 0.2);
            // the face moves while it does the actions
            assertTrue(frames.stream().map(f -> java.util.Arrays.hashCode(f.rgb())).distinct().count() > 3);
            Thread.sleep(300);
            assertEquals("the camera is off after the check", seen, frames.size());
        }
    }

    @Test
    public void configuredAdviceComesBeforeTheChallengesWithASmallFaceForTooFar() throws Exception {
        SimLivenessDetector d = (SimLivenessDetector) detector("sim.liveness.guidance", "too_far", "sim.liveness.challenges", "1",
                "sim.liveness.action.ms", "1500", "sim.liveness.seed", "1");
        List<Double> widths = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = d.preview().subscribe(f -> f.faceBox().ifPresent(b -> widths.add(b[2])))) {
            get(d.checkLiveness(LivenessRequest.liveOnly(), fx.ctx()));
        }
        List<String> ev = fx.eventTypes();
        int firstAction = ev.indexOf(ev.stream().filter(e -> e.startsWith("LIVENESS_ACTION(")).findFirst().orElseThrow());
        assertEquals(List.of("FACE_GUIDANCE(TOO_FAR)", "FACE_GUIDANCE(TOO_FAR)"), ev.subList(2, firstAction));
        assertFalse(ev.subList(firstAction, ev.size()).stream().anyMatch(e -> e.startsWith("FACE_GUIDANCE")));
        double min = widths.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = widths.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue("the face comes closer: " + min + " → " + max, min < max * 0.7);
    }

    @Test
    public void aBadChallengeCountIsAConfigurationError() {
        for (String[] kv : new String[][] {{"sim.liveness.challenges", "9"}, {"sim.liveness.seconds", "0"}, {"sim.liveness.seed", "x"},
            {"sim.liveness.guidance", "SMILE_PLEASE"}}) {
            LivenessDetector d = detector(kv);
            assertEquals(org.opendmv.devices.api.LifecycleDetail.CONFIGURATION_ERROR, d.status().detail());
            assertTrue(d.status().description(), d.status().description().contains(kv[0]));
        }
    }

    @Test
    public void aReferenceThatIsNotAnImageIsInvalidData() throws Exception {
        assertFails(detector().checkLiveness(LivenessRequest.match(new byte[] {1, 2, 3}, 0.8), fx.ctx()),
                CompletionCode.INVALID_DATA, LivenessDetector.LivenessError.INVALID_REFERENCE_PHOTO.name());
    }
}
