package org.opendmv.devices.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Face camera with liveness detection (活体检测) and, when given a reference photo, 1:1 comparison
 * against it (人证比对).
 *
 * <p>Expected intermediate events: {@link IntermediateEvent#PRESENT_FACE_PROMPT},
 * {@link IntermediateEvent#FACE_DETECTED}, {@link IntermediateEvent#LIVENESS_ACTION},
 * {@link IntermediateEvent#FACE_LOST}; since 2.1 also {@link IntermediateEvent#LIVENESS_ACTION_PASSED} and
 * {@link IntermediateEvent#FACE_GUIDANCE}. A challenge-response driver sends, for each of its {@code n}
 * challenges, {@link LivenessChallenge#prompt(int)} when it starts and whenever the countdown changes, then
 * {@link LivenessChallenge#passed()} when the citizen did it. A driver with a picture also registers a
 * {@link CameraPreview}, so that the citizen sees themselves.
 */
@ConsumerType
public interface LivenessDetector extends Device {

    /**
     * Looks for a live face until the deadline and compares it with the reference photo, if any.
     *
     * @return the verdict; "no face", "spoof" and "no match" are normal results
     *         ({@link LivenessResult.Outcome}), not failures. Fails with {@link CompletionCode#INVALID_DATA} +
     *         {@link LivenessError#INVALID_REFERENCE_PHOTO} if the reference photo cannot be used.
     */
    CompletionStage<LivenessResult> checkLiveness(LivenessRequest request, CommandContext ctx);

    /** Per-command error codes of {@link #checkLiveness}. */
    enum LivenessError {
        /** The camera failed. */
        CAMERA_FAILURE,
        /** The reference photo cannot be decoded or contains no face. */
        INVALID_REFERENCE_PHOTO,
        /** The detection or comparison engine is unavailable (licence, model files). */
        ENGINE_UNAVAILABLE
    }
}
