package org.opendmv.devices.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.spi.DeviceCallback;

/**
 * The core's side of a handler, for tests: records every status and error event, and offers a scheduler
 * like the core's (one thread, named {@code testkit-core-scheduler-N}). {@link #close()} shuts the scheduler
 * down, as the core does once the handler is disposed.
 *
 * <pre>{@code
 * try (RecordingCallback cb = new RecordingCallback()) {
 *     DeviceHandler h = factory.createHandler(config, cb);
 *     h.initialize();
 *     cb.awaitStatus(DeviceStatus::isUsable, Duration.ofSeconds(5));
 *     ...
 * }
 * }</pre>
 */
public class RecordingCallback implements DeviceCallback, AutoCloseable {
    /** Prefix of the scheduler's thread names. */
    public static final String SCHEDULER_THREAD_PREFIX = "testkit-core-scheduler-";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<DeviceErrorEvent> errors = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;

    public RecordingCallback() {
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, SCHEDULER_THREAD_PREFIX + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void statusChanged(DeviceStatus status) {
        statuses.add(status);
    }

    @Override
    public void error(DeviceErrorEvent event) {
        errors.add(event);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Every status reported so far, oldest first. */
    public List<DeviceStatus> statuses() {
        return new ArrayList<>(statuses);
    }

    /** The last status reported, if any. */
    public Optional<DeviceStatus> lastStatus() {
        return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
    }

    /** Every error event reported so far, oldest first. */
    public List<DeviceErrorEvent> errors() {
        return new ArrayList<>(errors);
    }

    /** Forgets what was recorded. */
    public void clear() {
        statuses.clear();
        errors.clear();
    }

    /** Tasks waiting in the scheduler (cancelled ones are removed at once). */
    public int pendingTasks() {
        return scheduler.getQueue().size();
    }

    /**
     * Waits until the last reported status matches.
     *
     * @return that status
     * @throws AssertionError naming the statuses seen if it does not within {@code timeout}
     */
    public DeviceStatus awaitStatus(Predicate<DeviceStatus> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<DeviceStatus> last = lastStatus();
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no matching status within " + timeout.toMillis() + " ms; reported: " + statuses);
            }
            Thread.sleep(5);
        }
    }

    /** Stops the scheduler (as the core does after dispose). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
