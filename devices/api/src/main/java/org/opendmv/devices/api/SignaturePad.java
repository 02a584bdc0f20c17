package org.opendmv.devices.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Signature pad or touch-screen signature capture (not an XFS class; modelled the same way).
 *
 * <p>Expected intermediate events: {@link IntermediateEvent#SIGN_PROMPT},
 * {@link IntermediateEvent#STROKE_ADDED} (detail = strokes so far).
 */
@ConsumerType
public interface SignaturePad extends Device {

    /**
     * Captures one signature; completes when the signer confirms on the pad.
     *
     * @return the signature image; fails with {@link CompletionCode#USER_ERROR} +
     *         {@link CaptureError#EMPTY_SIGNATURE} if the signer confirmed without signing.
     */
    CompletionStage<SignatureResult> capture(SignatureRequest request, CommandContext ctx);

    /** Per-command error codes of {@link #capture}. */
    enum CaptureError {
        /** Confirmed without any stroke. */
        EMPTY_SIGNATURE,
        /** The pad failed. */
        PAD_FAILURE
    }
}
