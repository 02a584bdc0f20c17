package org.opendmv.upload.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opendmv.upload.api.UploadTicket;
import org.opendmv.upload.api.UploadTickets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** Tickets in memory: they live for minutes and die with the visit, so nothing is persisted. */
@Component(service = UploadTickets.class, configurationPid = TicketStore.PID)
@Designate(ocd = TicketConfig.class)
public final class TicketStore implements UploadTickets {
    static final String PID = "org.opendmv.upload";
    /** 256 random bits, base64url without padding: 43 characters. */
    private static final int TOKEN_BYTES = 32;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, UploadTicket> byToken = new ConcurrentHashMap<>();
    private final Map<String, String> tokenByVisit = new ConcurrentHashMap<>();
    private final java.util.Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private volatile TicketConfig config;

    @Activate
    public TicketStore(TicketConfig config) {
        this(config, Clock.systemUTC());
    }

    TicketStore(TicketConfig config, Clock clock) {
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(TicketConfig c) {
        if (c.ttl_seconds() < 30 || c.ttl_seconds() > 3600) {
            throw new IllegalArgumentException("ttl.seconds must be 30-3600");
        }
        String base = c.public_base_url();
        if (base == null || !base.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?") || base.endsWith("/")) {
            throw new IllegalArgumentException("public.base.url must be http(s)://host[:port][/path] without a trailing slash");
        }
        this.config = c;
    }

    @Override
    public synchronized UploadTicket issue(String visitId) {
        if (visitId == null || visitId.isBlank()) {
            throw new IllegalArgumentException("visit id required");
        }
        revoke(visitId);
        purgeExpired();
        byte[] b = new byte[TOKEN_BYTES];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        TicketConfig c = config;
        UploadTicket t = new UploadTicket(token, visitId, c.public_base_url() + "/upload/" + token,
                clock.instant().plus(Duration.ofSeconds(c.ttl_seconds())));
        byToken.put(token, t);
        tokenByVisit.put(visitId, token);
        return t;
    }

    @Override
    public Optional<UploadTicket> peek(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        UploadTicket t = byToken.get(token);
        return t != null && clock.instant().isBefore(t.expiresAt()) ? Optional.of(t) : Optional.empty();
    }

    @Override
    public Optional<UploadTicket> redeem(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        // remove() is atomic: of two concurrent uploads on one ticket exactly one gets it
        UploadTicket t = byToken.remove(token);
        busy.remove(token);
        if (t == null) {
            return Optional.empty();
        }
        tokenByVisit.remove(t.visitId(), token);
        return clock.instant().isBefore(t.expiresAt()) ? Optional.of(t) : Optional.empty();
    }

    @Override
    public Optional<UploadTicket> claim(String token) {
        Optional<UploadTicket> t = peek(token);
        if (t.isEmpty() || !busy.add(token)) {
            return Optional.empty();
        }
        return t;
    }

    @Override
    public void release(String token) {
        if (token != null) {
            busy.remove(token);
        }
    }

    @Override
    public synchronized void revoke(String visitId) {
        String token = tokenByVisit.remove(visitId);
        if (token != null) {
            byToken.remove(token);
        }
    }

    static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.matches("[A-Za-z0-9_-]{43}");
    }

    private void purgeExpired() {
        var now = clock.instant();
        byToken.values().removeIf(t -> {
            boolean old = !now.isBefore(t.expiresAt());
            if (old) {
                tokenByVisit.remove(t.visitId(), t.token());
            }
            return old;
        });
    }
}
