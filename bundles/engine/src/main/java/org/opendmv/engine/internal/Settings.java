package org.opendmv.engine.internal;

import java.time.Duration;

/** Engine limits, resolved from {@link EngineConfig}. */
final class Settings {
    final Duration visitLimit;
    final Duration defaultIdle;
    final Duration idleWarning;
    final int maxSessions;
    final int idleScalePercent;
    /** How long visits of a business that left wait for a version of it to come back. */
    final Duration upgradeGrace;

    Settings(Duration visitLimit, Duration defaultIdle, Duration idleWarning, int maxSessions, int idleScalePercent) {
        this(visitLimit, defaultIdle, idleWarning, maxSessions, idleScalePercent, Duration.ofSeconds(10));
    }

    Settings(Duration visitLimit, Duration defaultIdle, Duration idleWarning, int maxSessions, int idleScalePercent, Duration upgradeGrace) {
        this.visitLimit = visitLimit;
        this.defaultIdle = defaultIdle;
        this.idleWarning = idleWarning;
        this.maxSessions = maxSessions;
        this.idleScalePercent = idleScalePercent;
        this.upgradeGrace = upgradeGrace;
    }

    /** A step's idle time after the configured scale; never below one second. */
    Duration scaled(Duration idle) {
        if (idleScalePercent == 100) {
            return idle;
        }
        return Duration.ofMillis(Math.max(1000, idle.toMillis() * idleScalePercent / 100));
    }

    static Settings from(EngineConfig c) {
        return new Settings(Duration.ofSeconds(Math.max(10, c.visit_limit_seconds())),
                Duration.ofSeconds(Math.max(5, c.default_idle_seconds())),
                Duration.ofSeconds(Math.max(0, c.idle_warning_seconds())), Math.max(1, c.max_sessions()),
                Math.min(1000, Math.max(1, c.idle_scale_percent())),
                Duration.ofSeconds(Math.min(600, Math.max(0, c.upgrade_grace_seconds()))));
    }
}
