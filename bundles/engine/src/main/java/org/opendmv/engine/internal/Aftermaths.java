package org.opendmv.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opendmv.engine.api.Aftermath;
import org.osgi.service.component.annotations.Component;

/**
 * The aftermath of visits that ended at PAY unsettled, by session id, for the screen that follows
 * the visit. Serial numbers and states only; forgotten after {@link #KEEP}.
 */
@Component(service = Aftermaths.class)
public final class Aftermaths {
    static final Duration KEEP = Duration.ofMinutes(10);

    private final Map<String, Aftermath> bySession = new ConcurrentHashMap<>();
    private final Map<String, Instant> at = new ConcurrentHashMap<>();
    private final Clock clock;

    public Aftermaths() {
        this(Clock.systemUTC());
    }

    Aftermaths(Clock clock) {
        this.clock = clock;
    }

    void put(String sessionId, Aftermath a) {
        forgetOld();
        bySession.put(sessionId, a);
        at.put(sessionId, clock.instant());
    }

    Optional<Aftermath> get(String sessionId) {
        forgetOld();
        return Optional.ofNullable(bySession.get(sessionId));
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(KEEP);
        at.entrySet().removeIf(e -> {
            if (e.getValue().isBefore(cutoff)) {
                bySession.remove(e.getKey());
                return true;
            }
            return false;
        });
    }
}
