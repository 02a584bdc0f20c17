package org.opendmv.devices.sim.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;

/**
 * One running simulated command: steps scheduled on the handler's scheduler (never blocking a thread),
 * completed once, stopped by cancellation, by the context's deadline (also without a core in front) and
 * by {@link #abort}. Pending steps are cancelled when the result completes.
 */
final class SimOperation<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final ScheduledExecutorService scheduler;
    private final CommandContext ctx;
    private final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();

    SimOperation(ScheduledExecutorService scheduler, CommandContext ctx, Consumer<SimOperation<T>> onDone) {
        this.scheduler = scheduler;
        this.ctx = ctx;
        result.whenComplete((r, e) -> {
            tasks.forEach(t -> t.cancel(false));
            onDone.accept(this);
        });
        ctx.onCancel(() -> fail(new DeviceException(ctx.isExpired() ? CompletionCode.TIMEOUT : CompletionCode.CANCELED,
                ctx.isExpired() ? "deadline passed" : "command cancelled")));
        if (ctx.hasDeadline() && !result.isDone()) {
            Duration left = ctx.remaining();
            if (left.compareTo(Duration.ofDays(1)) < 0) {
                schedule(left.toMillis(), () -> fail(new DeviceException(CompletionCode.TIMEOUT, "deadline passed")));
            }
        }
    }

    CompletableFuture<T> result() {
        return result;
    }

    CommandContext ctx() {
        return ctx;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Runs {@code step} after {@code delayMs} unless finished by then; a thrown exception fails the command. */
    void after(long delayMs, Runnable step) {
        schedule(Math.max(0, delayMs), () -> {
            if (result.isDone()) {
                return;
            }
            try {
                step.run();
            } catch (DeviceException e) {
                fail(e);
            } catch (RuntimeException | Error e) {
                fail(new DeviceException(CompletionCode.INTERNAL_ERROR, null, "simulator step failed: " + e,
                        null, e));
            }
        });
    }

    private void schedule(long delayMs, Runnable r) {
        if (result.isDone()) {
            return;
        }
        try {
            tasks.add(scheduler.schedule(r, delayMs, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            fail(new DeviceException(CompletionCode.DEVICE_NOT_READY, null, "simulator is stopping", null, e));
        }
        if (result.isDone()) {
            tasks.forEach(t -> t.cancel(false));
        }
    }

    void complete(T value) {
        result.complete(value);
    }

    void fail(DeviceException e) {
        result.completeExceptionally(e);
    }

    /** Fails the command unless already finished (device disposed). */
    void abort(String why) {
        fail(new DeviceException(CompletionCode.DEVICE_NOT_READY, why));
    }
}
