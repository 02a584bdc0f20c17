package org.opendmv.devices.facevision.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.Frame;

public class TimedAnalyzerTest {
    @Test
    public void countsTheCallsOfEachStageAndDelegatesTheResults() {
        ScriptedAnalyzer scripted = new ScriptedAnalyzer(64, 48);
        scripted.present = true;
        TimedAnalyzer timed = new TimedAnalyzer(scripted);
        Frame frame = new Frame(64, 48, new byte[64 * 48 * 3], 0);
        List<Face> faces = timed.detect(frame);
        timed.detect(frame);
        assertEquals(1, faces.size());
        assertEquals(68, timed.landmarks(frame, faces.get(0)).points().size());
        float[] e = timed.embedding(frame, faces.get(0));
        assertEquals(1.0, timed.similarity(e, e), 1e-9);

        String s = timed.summary();
        assertTrue(s, s.matches("(?s)timing detect\\s+2 calls, mean \\d+\\.\\d ms\\n"
                + "timing landmarks\\s+1 calls, mean \\d+\\.\\d ms\\n"
                + "timing embedding\\s+1 calls, mean \\d+\\.\\d ms"));
    }
}
