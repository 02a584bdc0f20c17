package org.opendmv.engine.internal;

import java.time.Duration;

/** Engine limits, resolved from {@link EngineConfig}. */
final class Settings {
    final Duration visitLimit;
    final Duration defaultIdle;
    final Duration idleWarning;
    final int maxSessions;

    Settings(Duration visitLimit, Duration defaultIdle, Duration idleWarning, int maxSessions) {
        this.visitLimit = visitLimit;
        this.defaultIdle = defaultIdle;
        this.idleWarning = idleWarning;
        this.maxSessions = maxSessions;
    }

    static Settings from(EngineConfig c) {
        return new Settings(Duration.ofSeconds(Math.max(10, c.visit_limit_seconds())),
                Duration.ofSeconds(Math.max(5, c.default_idle_seconds())),
                Duration.ofSeconds(Math.max(0, c.idle_warning_seconds())), Math.max(1, c.max_sessions()));
    }
}
