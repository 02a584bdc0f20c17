package org.opendmv.devices.api;

import java.util.Optional;

/** Request for {@link LivenessDetector#checkLiveness}: an optional reference photo and a match threshold. */
public final class LivenessRequest {
    private final byte[] referencePhoto;
    private final double matchThreshold;

    private LivenessRequest(byte[] referencePhoto, double matchThreshold) {
        if (!(matchThreshold >= 0.0 && matchThreshold <= 1.0)) {
            throw new IllegalArgumentException("matchThreshold must be within [0, 1]: " + matchThreshold);
        }
        this.referencePhoto = referencePhoto;
        this.matchThreshold = matchThreshold;
    }

    /**
     * Liveness plus comparison.
     *
     * @param referencePhoto PNG or JPEG bytes, usually {@link IdCardData#photo()}; handed over, not copied
     * @param matchThreshold minimum {@linkplain LivenessResult#matchScore() score} in [0, 1] for
     *        {@link LivenessResult.Outcome#PASS}
     */
    public static LivenessRequest match(byte[] referencePhoto, double matchThreshold) {
        if (referencePhoto == null) {
            throw new NullPointerException("referencePhoto");
        }
        return new LivenessRequest(referencePhoto, matchThreshold);
    }

    /** Liveness only, no comparison. */
    public static LivenessRequest liveOnly() {
        return new LivenessRequest(null, 0.0);
    }

    /** The photo to compare with; empty for a liveness-only check. Not copied. */
    public Optional<byte[]> referencePhoto() {
        return Optional.ofNullable(referencePhoto);
    }

    /** Minimum score in [0, 1] for a match; irrelevant without a reference photo. */
    public double matchThreshold() {
        return matchThreshold;
    }

    @Override
    public String toString() {
        return "LivenessRequest[reference=" + (referencePhoto != null) + ", threshold=" + matchThreshold + "]";
    }
}
