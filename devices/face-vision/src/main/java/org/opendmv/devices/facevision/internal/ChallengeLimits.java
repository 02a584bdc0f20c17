package org.opendmv.devices.facevision.internal;

/**
 * Thresholds of the challenge state machines (see {@link Shape68} for the measures).
 *
 * @param confirmFrames consecutive frames a state must hold to count (a one-frame glitch never does)
 * @param minOpenEar eye aspect ratio below which eyes are not taken as open when the baseline is measured
 * @param closedRatio eyes closed when EAR ≤ baseline × this
 * @param reopenRatio eyes open again when EAR ≥ baseline × this
 * @param frontalYaw |yaw| at most this is "facing the camera" (the neutral phase of a turn)
 * @param turnYaw yaw towards the asked side, relative to the yaw while facing the camera, at least this is "turned"
 * @param mouthClosed mouth aspect ratio at most this is "closed"
 * @param mouthOpen mouth aspect ratio at least this is "open"
 */
record ChallengeLimits(int confirmFrames, double minOpenEar, double closedRatio, double reopenRatio,
        double frontalYaw, double turnYaw, double mouthClosed, double mouthOpen) {

    static final ChallengeLimits DEFAULT = new ChallengeLimits(2, 0.18, 0.65, 0.85, 0.25, 0.25, 0.15, 0.35);

    ChallengeLimits {
        if (confirmFrames < 1 || confirmFrames > 30) {
            throw new IllegalArgumentException("confirm frames must be 1-30 / 确认帧数应为 1-30");
        }
        if (!(closedRatio > 0 && closedRatio < reopenRatio && reopenRatio <= 1.5)) {
            throw new IllegalArgumentException("eye ratios: 0 < closed < reopen / 闭眼阈值应小于睁眼阈值");
        }
        if (!(frontalYaw > 0 && frontalYaw <= 1 && turnYaw > 0 && turnYaw <= 2)) {
            throw new IllegalArgumentException("yaw thresholds: 0 < frontal <= 1, 0 < turn <= 2 / 转头阈值无效");
        }
        if (!(mouthClosed >= 0 && mouthClosed < mouthOpen)) {
            throw new IllegalArgumentException("mouth: closed < open / 张嘴阈值应大于闭嘴阈值");
        }
    }
}
