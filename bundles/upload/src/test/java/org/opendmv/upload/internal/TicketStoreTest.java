package org.opendmv.upload.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.opendmv.upload.api.UploadTicket;

public class TicketStoreTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    static TicketConfig config(int ttl, String base) {
        return new TicketConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TicketConfig.class;
            }

            @Override
            public int ttl_seconds() {
                return ttl;
            }

            @Override
            public String public_base_url() {
                return base;
            }
        };
    }

    private final TicketStore store = new TicketStore(config(300, "http://192.0.2.7:18080"), clock);

    @Test
    public void aTicketIsLongRandomBoundToTheVisitAndGivesTheUrl() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            UploadTicket t = store.issue("visit-" + i);
            assertEquals(43, t.token().length());
            assertTrue(seen.add(t.token()));
            assertEquals("http://192.0.2.7:18080/upload/" + t.token(), t.url());
            assertEquals("visit-" + i, t.visitId());
            assertFalse("the token stays out of logs", t.toString().contains(t.token()));
        }
    }

    @Test
    public void aTicketWorksOnceOnly() {
        UploadTicket t = store.issue("v1");
        assertTrue(store.peek(t.token()).isPresent());
        assertEquals("v1", store.redeem(t.token()).orElseThrow().visitId());
        assertTrue("reused", store.redeem(t.token()).isEmpty());
        assertTrue(store.peek(t.token()).isEmpty());
    }

    @Test
    public void anExpiredTicketIsRefused() {
        UploadTicket t = store.issue("v1");
        now.set(now.get().plus(Duration.ofSeconds(301)));
        assertTrue(store.peek(t.token()).isEmpty());
        assertTrue(store.redeem(t.token()).isEmpty());
    }

    @Test
    public void guessedAndMalformedTokensAreRefused() {
        store.issue("v1");
        for (String bad : new String[] {null, "", "x", "../../etc/passwd", "A".repeat(43), "A".repeat(44), "<script>".repeat(6)}) {
            assertTrue(String.valueOf(bad), store.redeem(bad).isEmpty());
            assertTrue(String.valueOf(bad), store.peek(bad).isEmpty());
        }
    }

    @Test
    public void aNewTicketOrTheVisitEndingRevokesTheOldOne() {
        UploadTicket first = store.issue("v1");
        UploadTicket second = store.issue("v1");
        assertNotEquals(first.token(), second.token());
        assertTrue("retry gets a new ticket", store.redeem(first.token()).isEmpty());
        store.revoke("v1");
        assertTrue(store.redeem(second.token()).isEmpty());
    }

    @Test
    public void concurrentUploadsOnOneTicketHaveExactlyOneWinner() throws Exception {
        UploadTicket t = store.issue("v1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tries.add(() -> store.redeem(t.token()).isPresent());
        }
        int wins = 0;
        for (Future<Boolean> f : pool.invokeAll(tries)) {
            wins += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, wins);
    }

    @Test
    public void aClaimBlocksAConcurrentUploadAndARejectedPhotoMayBeRetried() {
        UploadTicket t = store.issue("v1");
        assertTrue(store.claim(t.token()).isPresent());
        assertTrue("second upload while the first runs", store.claim(t.token()).isEmpty());
        store.release(t.token());
        assertTrue("after a rejected photo the same ticket works", store.claim(t.token()).isPresent());
        assertTrue(store.redeem(t.token()).isPresent());
        assertTrue(store.claim(t.token()).isEmpty());
    }

    @Test
    public void badConfigurationIsRefusedClearly() {
        for (String base : new String[] {"", "ftp://x", "http://host/", "http://ho st", "javascript:alert(1)"}) {
            try {
                new TicketStore(config(300, base), clock);
                fail(base);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("public.base.url"));
            }
        }
        try {
            new TicketStore(config(5, "http://h"), clock);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("ttl.seconds must be 30-3600", e.getMessage());
        }
    }
}
