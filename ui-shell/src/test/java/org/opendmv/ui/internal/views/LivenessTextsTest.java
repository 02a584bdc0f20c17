package org.opendmv.ui.internal.views;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.OptionalInt;

import org.junit.Test;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.devices.api.FaceGuidance;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;

public class LivenessTextsTest {

    @Test
    public void theChallengeDataBecomesWordsProgressAndCountdown() {
        LivenessChallenge c = LivenessTexts.challenge("TURN_LEFT;2/3;4").orElseThrow();
        assertEquals(LivenessAction.TURN_LEFT, c.action());
        assertEquals("请向左转头", LivenessTexts.action(c.action()).zh());
        assertEquals("Turn your head to the left", LivenessTexts.action(c.action()).en());
        assertEquals("第 2 项，共 3 项", LivenessTexts.progress(c.index(), c.count()).zh());
        assertEquals(OptionalInt.of(4), LivenessTexts.secondsLeft("TURN_LEFT;2/3;4"));
        assertEquals("还剩 4 秒", LivenessTexts.countdown(4).zh());
        assertEquals("1 second left", LivenessTexts.countdown(1).en());
        assertEquals(LivenessChallenge.of(LivenessAction.BLINK, 1, 3), LivenessTexts.passed("BLINK;1/3").orElseThrow());
        assertFalse(LivenessTexts.challenge(null).isPresent());
        assertFalse(LivenessTexts.challenge("SMILE;1/2;3").isPresent());
    }

    @Test
    public void everyActionAndGuidanceHasItsOwnTextInBothLanguages() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LivenessAction a : LivenessAction.values()) {
            LocalizedText t = LivenessTexts.action(a);
            assertTrue(a + " " + t, !t.zh().isBlank() && !t.en().isBlank() && seen.add(t.zh()));
        }
        assertEquals("眨眨眼", LivenessTexts.action(LivenessAction.BLINK).zh());
        assertEquals("张张嘴", LivenessTexts.action(LivenessAction.OPEN_MOUTH).zh());
        assertEquals("请向右转头", LivenessTexts.action(LivenessAction.TURN_RIGHT).zh());
        for (FaceGuidance g : FaceGuidance.values()) {
            LocalizedText t = LivenessTexts.guidance(g.name()).orElseThrow();
            assertTrue(g + " " + t, !t.zh().isBlank() && !t.en().isBlank() && seen.add(t.zh()));
        }
        assertEquals("请靠近一点", LivenessTexts.guidance("TOO_FAR").orElseThrow().zh());
        assertEquals("只允许一人入镜", LivenessTexts.guidance("MULTIPLE_FACES").orElseThrow().zh());
        assertFalse("unknown advice is not shown", LivenessTexts.guidance("X_VENDOR_HAT").isPresent());
        assertFalse(LivenessTexts.guidance(null).isPresent());
    }

    @Test
    public void aFailedCheckSaysWhyAndHowManyTriesAreLeft() {
        assertNotEquals(LivenessTexts.retryReason("SPOOF").zh(), LivenessTexts.retryReason("NO_FACE").zh());
        assertTrue(LivenessTexts.retryReason("NO_FACE").zh().contains("未检测到人脸"));
        assertEquals("您还可以再试 2 次", LivenessTexts.attemptsLeft(2).zh());
        assertEquals("You can try once more", LivenessTexts.attemptsLeft(1).en());
    }
}
