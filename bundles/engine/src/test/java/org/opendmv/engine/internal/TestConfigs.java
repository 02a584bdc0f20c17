package org.opendmv.engine.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds DS config annotations for plain unit tests. */
final class TestConfigs {
    private TestConfigs() {
    }

    static EngineConfig engine(int visitSeconds, int idleSeconds, int warnSeconds, int max) {
        return engine(visitSeconds, idleSeconds, warnSeconds, max, 0);
    }

    static EngineConfig engine(int visitSeconds, int idleSeconds, int warnSeconds, int max, int graceSeconds) {
        Map<String, Object> v = Map.of("visit_limit_seconds", visitSeconds, "default_idle_seconds", idleSeconds,
                "idle_warning_seconds", warnSeconds, "max_sessions", max, "upgrade_grace_seconds", graceSeconds);
        return (EngineConfig) Proxy.newProxyInstance(EngineConfig.class.getClassLoader(), new Class<?>[] {EngineConfig.class},
                (p, m, a) -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue());
    }

    static IdentifyConfig identify(double threshold, int attempts, boolean required) {
        Map<String, Object> v = Map.of("match_threshold", threshold, "liveness_attempts", attempts, "liveness_required", required);
        return (IdentifyConfig) Proxy.newProxyInstance(IdentifyConfig.class.getClassLoader(), new Class<?>[] {IdentifyConfig.class},
                (p, m, a) -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue());
    }
}
