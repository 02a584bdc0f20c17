package org.opendmv.devices.facevision.internal;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Everything a {@link FaceCheck} needs besides the camera and the analyzer.
 *
 * @param challengeCount 2 or 3 challenges per check
 * @param perChallenge time limit of each challenge
 * @param positionTimeout how long the citizen has to bring one usable face into the picture before the check
 *        ends with NO_FACE
 * @param frameTimeout longest wait for one frame from the camera
 * @param matchThreshold if present, replaces the request's threshold (an operator's tuning on site)
 * @param continuityThreshold minimum similarity between the first usable face of the check and the face that
 *        is matched: below it, another person took over during the check (SPOOF)
 * @param seed fixed challenge order, for tests and {@code kiosk:face-check} only
 */
record CheckSettings(int challengeCount, Duration perChallenge, Duration positionTimeout, Duration frameTimeout,
        ChallengeLimits challengeLimits, GateLimits gateLimits, OptionalDouble matchThreshold,
        double continuityThreshold, OptionalLong seed) {

    static final CheckSettings DEFAULT = new CheckSettings(2, Duration.ofSeconds(6), Duration.ofSeconds(20),
            Duration.ofSeconds(5), ChallengeLimits.DEFAULT, GateLimits.DEFAULT, OptionalDouble.empty(), 0.6,
            OptionalLong.empty());

    CheckSettings {
        if (challengeCount < 2 || challengeCount > 3) {
            throw new IllegalArgumentException("challenge.count must be 2 or 3 / 动作数量应为 2 或 3");
        }
        if (perChallenge.compareTo(Duration.ofSeconds(1)) < 0 || perChallenge.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("challenge.time must be 1s-60s / 每个动作的时限应为 1-60 秒");
        }
        if (positionTimeout.isNegative() || positionTimeout.isZero() || frameTimeout.isNegative() || frameTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive / 超时时间应为正数");
        }
        if (matchThreshold.isPresent() && !(matchThreshold.getAsDouble() >= 0 && matchThreshold.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("match.threshold must be within [0, 1] / 比对阈值应在 0 到 1 之间");
        }
        if (!(continuityThreshold >= 0 && continuityThreshold <= 1)) {
            throw new IllegalArgumentException("continuity.threshold must be within [0, 1] / 连续性阈值应在 0 到 1 之间");
        }
    }

    CheckSettings withSeed(long s) {
        return new CheckSettings(challengeCount, perChallenge, positionTimeout, frameTimeout, challengeLimits,
                gateLimits, matchThreshold, continuityThreshold, OptionalLong.of(s));
    }

    CheckSettings withMatchThreshold(double t) {
        return new CheckSettings(challengeCount, perChallenge, positionTimeout, frameTimeout, challengeLimits,
                gateLimits, OptionalDouble.of(t), continuityThreshold, seed);
    }
}
