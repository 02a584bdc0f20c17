package org.opendmv.devices.api;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Per-command context: deadline, cancellation and a sink for {@link IntermediateEvent}s (the
 * XFS4IoT timeout, cancellation token and event channel in one object). Thread-safe.
 *
 * <p><b>Callers</b> (flows) create one per command or per step, e.g.
 * {@code CommandContext.withTimeout(Duration.ofSeconds(30), ui::show)}, and call {@link #cancel()} when
 * the citizen presses "back". The core then completes the command with
 * {@link CompletionCode#CANCELED}; if the deadline passes first it completes with
 * {@link CompletionCode#TIMEOUT}.
 *
 * <p><b>Drivers</b> receive a context {@linkplain #derive() derived} by the core, which is cancelled both
 * when the caller cancels and when the deadline passes: a driver only needs to stop its work when
 * {@link #isCancelled()} or an {@link #onCancel(Runnable)} hook fires, and may complete with any
 * exception then; the core decides between TIMEOUT and CANCELED. Long loops call {@link #ensureActive()}.
 */
public final class CommandContext {
    private static final System.Logger LOG = System.getLogger(CommandContext.class.getName());
    private static final Consumer<IntermediateEvent> NO_EVENTS = e -> { };

    private final Instant deadline;
    private final Consumer<? super IntermediateEvent> events;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();

    private CommandContext(Instant deadline, Consumer<? super IntermediateEvent> events) {
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.events = events == null ? NO_EVENTS : events;
    }

    /** A context whose deadline is {@code timeout} from now, discarding intermediate events. */
    public static CommandContext withTimeout(Duration timeout) {
        return builder().timeout(timeout).build();
    }

    /** A context whose deadline is {@code timeout} from now, sending intermediate events to {@code events}. */
    public static CommandContext withTimeout(Duration timeout, Consumer<? super IntermediateEvent> events) {
        return builder().timeout(timeout).events(events).build();
    }

    /** A builder; without a timeout or deadline the command has none (it can still be cancelled). */
    public static Builder builder() {
        return new Builder();
    }

    /** The deadline; {@link Instant#MAX} if there is none. */
    public Instant deadline() {
        return deadline;
    }

    /** Whether there is a deadline at all. */
    public boolean hasDeadline() {
        return !Instant.MAX.equals(deadline);
    }

    /** Time left until the deadline, {@link Duration#ZERO} once it has passed. */
    public Duration remaining() {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Whether the deadline has passed. */
    public boolean isExpired() {
        return hasDeadline() && !Instant.now().isBefore(deadline);
    }

    /** Whether {@link #cancel()} was called (on this context or the one it was derived from). */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Requests cancellation. Idempotent; runs the {@link #onCancel(Runnable) hooks} once, on the calling
     * thread.
     */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            for (Runnable hook : cancelHooks) {
                claimAndRun(hook);
            }
        }
    }

    /**
     * Runs {@code hook} once when this context is cancelled, or right away on the calling thread if it
     * already is. Hooks must be quick and must not block (e.g. abort an I/O call, complete a future).
     */
    public void onCancel(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        cancelHooks.add(hook);
        if (cancelled.get()) {
            claimAndRun(hook);
        }
    }

    /**
     * Throws {@link DeviceException} with {@link CompletionCode#CANCELED} if cancelled, or
     * {@link CompletionCode#TIMEOUT} if the deadline has passed.
     */
    public void ensureActive() {
        if (isCancelled()) {
            throw new DeviceException(CompletionCode.CANCELED, "command cancelled");
        }
        if (isExpired()) {
            throw new DeviceException(CompletionCode.TIMEOUT, "command deadline passed");
        }
    }

    /**
     * Reports an intermediate event to the caller. Never throws: a failing UI sink must not break the
     * driver.
     */
    public void event(IntermediateEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "intermediate event sink failed for " + event, e);
        }
    }

    /**
     * A child context with the same deadline and event sink that is cancelled whenever this one is;
     * cancelling the child does not cancel this one. The core gives drivers such a child so it can stop a
     * driver at the deadline without marking the caller's context as cancelled.
     */
    public CommandContext derive() {
        CommandContext child = new CommandContext(deadline, events);
        // weak: a long-lived parent (one per flow step) must not keep finished children and their hooks alive
        WeakReference<CommandContext> ref = new WeakReference<>(child);
        onCancel(() -> {
            CommandContext c = ref.get();
            if (c != null) {
                c.cancel();
            }
        });
        return child;
    }

    @Override
    public String toString() {
        return "CommandContext[" + (hasDeadline() ? "remaining=" + remaining() : "no deadline")
                + (isCancelled() ? ", cancelled" : "") + "]";
    }

    /** Runs a hook only if this thread removed it, so a hook runs once even if cancel races onCancel. */
    private void claimAndRun(Runnable hook) {
        if (!cancelHooks.remove(hook)) {
            return;
        }
        try {
            hook.run();
        } catch (RuntimeException e) {
            // one failing hook must not keep the others from running
            LOG.log(System.Logger.Level.WARNING, "cancel hook failed", e);
        }
    }

    /** Builder for {@link CommandContext}. */
    public static final class Builder {
        private Instant deadline = Instant.MAX;
        private Consumer<? super IntermediateEvent> events;

        private Builder() {
        }

        /** Deadline {@code timeout} from now. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("negative timeout " + timeout);
            }
            this.deadline = Instant.now().plus(timeout);
            return this;
        }

        /** Absolute deadline; {@link Instant#MAX} for none. */
        public Builder deadline(Instant deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /** Sink for intermediate events; called on driver threads, so a UI must hand over to its own thread. */
        public Builder events(Consumer<? super IntermediateEvent> events) {
            this.events = events;
            return this;
        }

        public CommandContext build() {
            return new CommandContext(deadline, events);
        }
    }
}
