package org.opendmv.ui.internal.views;

import java.util.Optional;
import java.util.OptionalInt;

import org.opendmv.business.api.LocalizedText;
import org.opendmv.devices.api.FaceGuidance;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;

/**
 * What the IDENTIFY screen says during the face check, from the session data the engine writes
 * ({@code identify.challenge} {@code "TURN_LEFT;2/3;4"}, {@code identify.challengePassed}, {@code identify.guidance},
 * {@code identify.outcome}): the challenge in words, progress, countdown and advice. zh-CN first, English.
 */
final class LivenessTexts {
    private LivenessTexts() {
    }

    /** The challenge now asked, from {@code identify.challenge}; empty before the first one. */
    static Optional<LivenessChallenge> challenge(Object value) {
        return value == null ? Optional.empty()
                : LivenessChallenge.parse(IntermediateEvent.LIVENESS_ACTION.withDetail(String.valueOf(value)));
    }

    /** Seconds left of {@code identify.challenge}. */
    static OptionalInt secondsLeft(Object value) {
        return value == null ? OptionalInt.empty()
                : LivenessChallenge.secondsLeft(IntermediateEvent.LIVENESS_ACTION.withDetail(String.valueOf(value)));
    }

    /** The challenge last done, from {@code identify.challengePassed}. */
    static Optional<LivenessChallenge> passed(Object value) {
        return value == null ? Optional.empty()
                : LivenessChallenge.parse(IntermediateEvent.LIVENESS_ACTION_PASSED.withDetail(String.valueOf(value)));
    }

    /** The action in large type, e.g. 请向左转头. */
    static LocalizedText action(LivenessAction a) {
        switch (a) {
            case BLINK:
                return LocalizedText.of("眨眨眼", "Blink your eyes");
            case TURN_LEFT:
                return LocalizedText.of("请向左转头", "Turn your head to the left");
            case TURN_RIGHT:
                return LocalizedText.of("请向右转头", "Turn your head to the right");
            case OPEN_MOUTH:
                return LocalizedText.of("张张嘴", "Open your mouth");
            default:
                return LocalizedText.of("请按提示操作", "Please follow the prompt");
        }
    }

    /** 第 2 项，共 3 项. */
    static LocalizedText progress(int k, int n) {
        return LocalizedText.of("第 " + k + " 项，共 " + n + " 项", "Step " + k + " of " + n);
    }

    /** 还剩 4 秒. */
    static LocalizedText countdown(int seconds) {
        return LocalizedText.of("还剩 " + seconds + " 秒", seconds + (seconds == 1 ? " second" : " seconds") + " left");
    }

    /** Advice for {@code identify.guidance}; empty for none or a value this UI does not know. */
    static Optional<LocalizedText> guidance(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        return FaceGuidance.of(IntermediateEvent.FACE_GUIDANCE.withDetail(String.valueOf(value))).map(g -> {
            switch (g) {
                case MULTIPLE_FACES:
                    return LocalizedText.of("只允许一人入镜", "Only one person in front of the camera, please");
                case TOO_FAR:
                    return LocalizedText.of("请靠近一点", "Please come a little closer");
                case TOO_CLOSE:
                    return LocalizedText.of("请离远一点", "Please move back a little");
                case OFF_CENTRE:
                    return LocalizedText.of("请将脸移到画面中央", "Please move your face to the middle of the picture");
                case TOO_DARK:
                    return LocalizedText.of("光线太暗，请正对屏幕", "It is too dark; please face the screen");
                case BLURRED:
                    return LocalizedText.of("画面模糊，请保持不动", "The picture is blurred; please hold still");
                case HOLD_STILL:
                    return LocalizedText.of("请保持不动", "Please hold still");
                default:
                    return null;
            }
        });
    }

    /** Why a check did not pass ({@code identify.outcome} SPOOF or NO_FACE) and what to do. */
    static LocalizedText retryReason(Object outcome) {
        if ("NO_FACE".equals(String.valueOf(outcome))) {
            return LocalizedText.of("未检测到人脸。请摘下帽子、口罩，正对摄像头。",
                    "No face was found. Please take off hat and mask and look straight at the camera.");
        }
        return LocalizedText.of("未能确认是真人操作。请本人正对摄像头，按屏幕提示完成动作，不要使用照片或屏幕。",
                "We could not confirm a live person. Please face the camera yourself and do what the screen asks; photos and screens do not work.");
    }

    /** 您还可以再试 2 次. */
    static LocalizedText attemptsLeft(int n) {
        return LocalizedText.of("您还可以再试 " + n + " 次", n == 1 ? "You can try once more" : "You can try " + n + " more times");
    }
}
