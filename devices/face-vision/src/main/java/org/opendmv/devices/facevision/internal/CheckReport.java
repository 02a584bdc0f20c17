package org.opendmv.devices.facevision.internal;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.opendmv.devices.api.LivenessResult;

/**
 * What a {@link FaceCheck} found: the outcome, why, each challenge's verdict and the match score. Holds no image
 * and no personal data, so it may be printed and logged.
 */
record CheckReport(LivenessResult.Outcome outcome, Reason reason, List<ChallengeVerdict> challenges,
        OptionalDouble score, double threshold, Optional<Guidance> lastGuidance, int frames) {

    /** Why the check ended as it did. */
    enum Reason {
        /** Live and, with a reference photo, matching (or no reference photo). */
        MATCHED,
        /** Live but the score is below the threshold. */
        NOT_MATCHING,
        /** No face at all before the positioning timeout or the end of the video. */
        NO_FACE,
        /** Faces, but none usable (see {@link CheckReport#lastGuidance()}) before the positioning timeout. */
        NO_USABLE_FACE,
        /** The face did not move at all: a still image or a photo held still. */
        STILL_IMAGE,
        /** A challenge was not performed in time. */
        CHALLENGE_FAILED,
        /** The face at the end of the check is not the one at its start. */
        PERSON_CHANGED,
        /** The video ended before the challenges were done. */
        END_OF_VIDEO
    }

    /** One challenge: the action, and PASSED, TIMED_OUT or NOT_REACHED. */
    record ChallengeVerdict(Action action, String verdict) {
    }

    CheckReport {
        challenges = List.copyOf(challenges);
    }

    /** The device API's result. */
    LivenessResult toResult() {
        switch (outcome) {
            case PASS:
                return score.isPresent() ? LivenessResult.pass(score.getAsDouble()) : LivenessResult.passLiveOnly();
            case FAIL:
                return LivenessResult.fail(score.orElse(0));
            case NO_FACE:
                return LivenessResult.noFace();
            case SPOOF:
            default:
                return LivenessResult.spoof();
        }
    }
}
