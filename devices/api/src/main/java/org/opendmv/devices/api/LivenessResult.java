package org.opendmv.devices.api;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Verdict of {@link LivenessDetector#checkLiveness}.
 *
 * @param outcome the verdict
 * @param live whether a live face was seen: {@code true} for PASS and FAIL, {@code false} otherwise
 * @param matchScore similarity to the reference photo in [0, 1], normalised by the driver; empty without
 *        a reference photo or without a face
 */
public record LivenessResult(Outcome outcome, boolean live, OptionalDouble matchScore) {

    /** Outcome of a liveness check. */
    public enum Outcome {
        /** Live face and, if a reference was given, score at or above the threshold. */
        PASS,
        /** Live face, but the score is below the threshold (probably another person). */
        FAIL,
        /** No face was found before the deadline. */
        NO_FACE,
        /** A face was found but judged not live (photo, screen, mask). */
        SPOOF
    }

    /** Validates the combination. */
    public LivenessResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(matchScore, "matchScore");
        boolean shouldBeLive = outcome == Outcome.PASS || outcome == Outcome.FAIL;
        if (live != shouldBeLive) {
            throw new IllegalArgumentException(outcome + " requires live=" + shouldBeLive);
        }
        if (matchScore.isPresent() && !(matchScore.getAsDouble() >= 0.0 && matchScore.getAsDouble() <= 1.0)) {
            throw new IllegalArgumentException("matchScore must be within [0, 1]");
        }
    }

    /** Live and matching with {@code score}. */
    public static LivenessResult pass(double score) {
        return new LivenessResult(Outcome.PASS, true, OptionalDouble.of(score));
    }

    /** Live, no comparison requested. */
    public static LivenessResult passLiveOnly() {
        return new LivenessResult(Outcome.PASS, true, OptionalDouble.empty());
    }

    /** Live but not matching. */
    public static LivenessResult fail(double score) {
        return new LivenessResult(Outcome.FAIL, true, OptionalDouble.of(score));
    }

    /** No face found. */
    public static LivenessResult noFace() {
        return new LivenessResult(Outcome.NO_FACE, false, OptionalDouble.empty());
    }

    /** Presentation attack detected. */
    public static LivenessResult spoof() {
        return new LivenessResult(Outcome.SPOOF, false, OptionalDouble.empty());
    }
}
