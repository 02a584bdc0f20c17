package org.opendmv.devices.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

public class CommandContextTest {

    @Test
    public void cancelRunsHooksOnceAndLateHooksImmediately() {
        CommandContext ctx = CommandContext.withTimeout(Duration.ofMinutes(1));
        AtomicInteger runs = new AtomicInteger();
        ctx.onCancel(runs::incrementAndGet);
        ctx.onCancel(() -> {
            throw new IllegalStateException("bad hook must not stop the others");
        });
        ctx.onCancel(runs::incrementAndGet);
        ctx.cancel();
        ctx.cancel();
        assertEquals(2, runs.get());
        ctx.onCancel(runs::incrementAndGet);
        assertEquals(3, runs.get());
        assertTrue(ctx.isCancelled());
    }

    @Test
    public void hookRunsExactlyOnceWhenCancelRacesRegistration() throws Exception {
        for (int round = 0; round < 200; round++) {
            CommandContext ctx = CommandContext.builder().build();
            AtomicInteger runs = new AtomicInteger();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread canceller = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                ctx.cancel();
            });
            canceller.start();
            go.countDown();
            ctx.onCancel(runs::incrementAndGet);
            canceller.join();
            assertEquals(1, runs.get());
        }
    }

    @Test
    public void derivedContextFollowsParentButNotTheOtherWay() {
        CommandContext parent = CommandContext.withTimeout(Duration.ofMinutes(1));
        CommandContext child = parent.derive();
        assertEquals(parent.deadline(), child.deadline());
        child.cancel();
        assertFalse(parent.isCancelled());

        CommandContext child2 = parent.derive();
        parent.cancel();
        assertTrue(child2.isCancelled());
    }

    @Test
    public void deadlineAndRemaining() {
        CommandContext past = CommandContext.builder().deadline(Instant.now().minusSeconds(1)).build();
        assertTrue(past.isExpired());
        assertEquals(Duration.ZERO, past.remaining());
        try {
            past.ensureActive();
            fail();
        } catch (DeviceException e) {
            assertEquals(CompletionCode.TIMEOUT, e.code());
        }

        CommandContext none = CommandContext.builder().build();
        assertFalse(none.hasDeadline());
        assertFalse(none.isExpired());
        none.ensureActive();
        none.cancel();
        try {
            none.ensureActive();
            fail();
        } catch (DeviceException e) {
            assertEquals(CompletionCode.CANCELED, e.code());
        }
    }

    @Test
    public void eventSinkFailureDoesNotReachDriver() {
        List<IntermediateEvent> seen = new ArrayList<>();
        CommandContext ctx = CommandContext.withTimeout(Duration.ofMinutes(1), e -> {
            seen.add(e);
            throw new RuntimeException("UI broke");
        });
        ctx.event(IntermediateEvent.PAGE_SCANNED.withDetail("1"));
        ctx.derive().event(IntermediateEvent.MEDIA_INSERTED);
        assertEquals(2, seen.size());
        assertTrue(seen.get(0).is(IntermediateEvent.PAGE_SCANNED));
        assertEquals("1", seen.get(0).detail().orElseThrow());
    }
}
