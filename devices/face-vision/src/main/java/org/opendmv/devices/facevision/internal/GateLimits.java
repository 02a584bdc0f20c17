package org.opendmv.devices.facevision.internal;

/**
 * Passive gates on each frame and on the whole check.
 *
 * @param minFaceWidth face box width over frame width, at least (smaller: {@code TOO_FAR})
 * @param maxFaceWidth face box width over frame width, at most (larger: {@code TOO_CLOSE})
 * @param maxOffCentre distance of the face box centre from the frame centre, over the frame's width
 *        (horizontally) and height (vertically), at most
 * @param minBrightness mean luma (0–255) of the face box, at least
 * @param minSharpness variance of the Laplacian of the face box scaled to 96 px wide, at least
 * @param maxJump face box centre movement between two frames over the box width, at most: more is another
 *        face or a jerk ({@code HOLD_STILL})
 * @param minShapeMotion a live face's landmarks change shape by at least this (over the interocular distance)
 *        at some point of the motion window
 * @param minPixelMotion ... or its face box pixels change by at least this (mean absolute grey difference)
 * @param motionWindowFrames frames with a face after which the motion gate decides
 */
record GateLimits(double minFaceWidth, double maxFaceWidth, double maxOffCentre, double minBrightness,
        double minSharpness, double maxJump, double minShapeMotion, double minPixelMotion, int motionWindowFrames) {

    static final GateLimits DEFAULT = new GateLimits(0.12, 0.75, 0.22, 45, 8, 0.5, 0.003, 0.6, 15);

    GateLimits {
        if (!(minFaceWidth > 0 && minFaceWidth < maxFaceWidth && maxFaceWidth <= 1)) {
            throw new IllegalArgumentException("face width: 0 < min < max <= 1 / 人脸大小阈值无效");
        }
        if (!(maxOffCentre > 0 && maxOffCentre <= 0.5)) {
            throw new IllegalArgumentException("off-centre must be in (0, 0.5] / 居中阈值无效");
        }
        if (minBrightness < 0 || minBrightness > 255 || minSharpness < 0 || maxJump <= 0 || minShapeMotion < 0
                || minPixelMotion < 0) {
            throw new IllegalArgumentException("gate thresholds out of range / 检测阈值无效");
        }
        if (motionWindowFrames < 3 || motionWindowFrames > 600) {
            throw new IllegalArgumentException("motion window must be 3-600 frames / 运动检测帧数应为 3-600");
        }
    }
}
