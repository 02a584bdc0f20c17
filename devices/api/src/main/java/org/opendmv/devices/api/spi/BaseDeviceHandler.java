package org.opendmv.devices.api.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.LifecycleDetail;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The base of a driver's handler (after openHAB's {@code BaseThingHandler}): it holds the instance's
 * configuration, callback, {@link DeviceInfo} and {@link DeviceStatus}, and does the generic work every
 * driver repeats.
 * <ul>
 * <li>{@link #initialize()} calls {@link #start()} and never throws: an {@link InvalidConfigurationException}
 * (or any {@link IllegalArgumentException}) becomes {@code UNINITIALIZED / CONFIGURATION_ERROR} with its
 * message, another exception {@code UNINITIALIZED / INITIALIZING_ERROR}; if {@code start()} reported no
 * status, {@code INITIALIZING / NOT_YET_READY} is reported.</li>
 * <li>{@link #updateStatus(DeviceStatus)} sends a status only when it differs from the last one, and
 * nothing after {@link #dispose()}.</li>
 * <li>{@link #scheduleWithFixedDelay}, {@link #schedule} and {@link #execute} run work on the core's
 * {@linkplain DeviceCallback#scheduler() scheduler}, log its exceptions, and cancel it on dispose.</li>
 * <li>{@link #runCommand} runs a blocking command body on a handler thread, completes with
 * {@link CompletionCode#TIMEOUT} or {@link CompletionCode#CANCELED} as soon as the
 * {@link CommandContext} says so (interrupting the body), and wipes a result that arrives too late.</li>
 * <li>{@link #dispose()} is idempotent: it cancels all of the above, fails commands still running with
 * {@link CompletionCode#DEVICE_NOT_READY}, stops the handler's threads and calls {@link #stop()} once.</li>
 * </ul>
 * A minimal driver:
 * <pre>{@code
 * final class AcmeReaderHandler extends BaseDeviceHandler implements IdCardReader {
 *     record Config(String host, @DefaultValue("7000") int port, @DefaultValue("5s") Duration poll) { }
 *     private Config cfg;
 *
 *     AcmeReaderHandler(DeviceInstanceConfig config, DeviceCallback callback) { super(config, callback); }
 *
 *     protected void start() {
 *         cfg = config(Config.class);               // bad keys: CONFIGURATION_ERROR, reported by the base
 *         scheduleWithFixedDelay(this::probe, Duration.ZERO, cfg.poll());
 *     }
 *
 *     private void probe() {                        // status is deduplicated by the base
 *         updateStatus(client.ping() ? DeviceStatus.ready(ONLINE) : DeviceStatus.ready(OFFLINE));
 *     }
 *
 *     public CompletionStage<IdCardData> readCard(ReadCardRequest r, CommandContext ctx) {
 *         ensureUsable();
 *         return runCommand(ctx, () -> client.read(), IdCardData::wipe);
 *     }
 *
 *     protected void stop() { client.close(); }     // unblocks a read still running
 * }
 * }</pre>
 *
 * <p>Nothing here logs personal data; subclasses must not either (the conformance suite in
 * {@code org.opendmv.devices.testkit} checks it).
 *
 * @since 1.1
 */
@ConsumerType
public abstract class BaseDeviceHandler implements DeviceHandler {
    private static final System.Logger LOG = System.getLogger(BaseDeviceHandler.class.getName());

    private final DeviceInstanceConfig config;
    private final DeviceCallback callback;
    private final Object statusLock = new Object();
    private final Set<Future<?>> tasks = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> commands = ConcurrentHashMap.newKeySet();
    private volatile DeviceInfo info;
    private volatile DeviceStatus status = DeviceStatus.initializing("starting");
    private boolean statusSent; // guarded by statusLock
    private volatile boolean disposed;
    private volatile boolean initialized;
    private ThreadPoolExecutor commandThreads; // guarded by this

    /**
     * @param config the instance configuration given to {@link DeviceDriverFactory#createHandler}
     * @param callback the callback given with it
     */
    protected BaseDeviceHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        this.config = Objects.requireNonNull(config, "config");
        this.callback = Objects.requireNonNull(callback, "callback");
        this.info = config.infoBuilder().build();
    }

    // ---- lifecycle ----

    /**
     * Starts the handler: reads the configuration, schedules opening the device and polling. Must return
     * quickly (do slow work in {@link #execute} or {@link #schedule}). Throw
     * {@link InvalidConfigurationException} (or let {@link #config(Class)} throw it) for a bad
     * configuration.
     *
     * @throws Exception anything else is reported as {@code INITIALIZING_ERROR}
     */
    protected abstract void start() throws Exception;

    /**
     * Releases what {@link #start()} opened (ports, sockets, native contexts). Called once, from
     * {@link #dispose()}, after the base cancelled its tasks and failed running commands; closing the
     * device here also unblocks a command body still waiting on it. Must be quick; exceptions are logged.
     */
    protected void stop() throws Exception {
    }

    /** Calls {@link #start()}; never throws. Called once by the core; later calls are ignored. */
    @Override
    public final void initialize() {
        synchronized (this) {
            if (initialized || disposed) {
                return;
            }
            initialized = true;
        }
        try {
            start();
        } catch (IllegalArgumentException e) { // InvalidConfigurationException included
            configurationError(e.getMessage());
        } catch (Exception | LinkageError e) {
            // start() runs before any citizen data exists: the exception is logged whole for the driver's developer
            LOG.log(System.Logger.Level.WARNING, "Device " + config.id() + ": start failed", e);
            updateStatus(DeviceStatus.uninitialized(LifecycleDetail.INITIALIZING_ERROR,
                    "driver start failed: " + e.getClass().getSimpleName()));
        }
        synchronized (statusLock) {
            if (!statusSent && !disposed) {
                statusSent = true;
                callback.statusChanged(status);
            }
        }
    }

    /**
     * Stops the handler: cancels every task scheduled through this class, fails commands still running
     * with {@link CompletionCode#DEVICE_NOT_READY}, stops the command threads, then calls {@link #stop()}.
     * Idempotent; never throws.
     */
    @Override
    public final void dispose() {
        synchronized (this) {
            if (disposed) {
                return;
            }
            disposed = true;
        }
        for (Future<?> f : tasks) {
            f.cancel(true);
        }
        tasks.clear();
        for (CompletableFuture<?> c : commands) {
            c.completeExceptionally(new DeviceException(CompletionCode.DEVICE_NOT_READY, "device disposed"));
        }
        commands.clear();
        try {
            stop();
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Device " + config.id() + ": stop failed: " + e.getClass().getName());
        }
        ExecutorService threads;
        synchronized (this) {
            threads = commandThreads;
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** Whether {@link #dispose()} was called. */
    protected final boolean isDisposed() {
        return disposed;
    }

    /**
     * The device object: this handler if it implements the instance's class interface (e.g.
     * {@link org.opendmv.devices.api.IdCardReader}). Override to return another object.
     *
     * @throws IllegalStateException if this handler does not implement the class interface
     */
    @Override
    public Device device() {
        Class<? extends Device> type = config.deviceClass().type();
        if (type.isInstance(this)) {
            return (Device) this;
        }
        throw new IllegalStateException(getClass().getName() + " does not implement " + type.getName()
                + "; override device()");
    }

    // ---- configuration, info, status ----

    /** The instance configuration. */
    protected final DeviceInstanceConfig config() {
        return config;
    }

    /**
     * The driver keys as a typed record: {@code config().as(type)}; see {@link DeviceInstanceConfig#as(Class)}.
     *
     * @throws InvalidConfigurationException which {@link #initialize()} reports as CONFIGURATION_ERROR
     */
    protected final <R extends Record> R config(Class<R> type) {
        return config.as(type);
    }

    /** The core's callback, e.g. for {@link DeviceCallback#scheduler()}. Prefer the methods of this class. */
    protected final DeviceCallback callback() {
        return callback;
    }

    /** The instance id, for log messages. */
    protected final String id() {
        return config.id();
    }

    /**
     * The device's identity; at first id, class and driver type only, then what {@link #updateInfo} set.
     * Final: the implementation of {@link Device#info()} for a handler that is its own device.
     */
    public final DeviceInfo info() {
        return info;
    }

    /**
     * Sets vendor, model, firmware and serial number once the device told them, e.g.
     * {@code updateInfo(config().infoBuilder().vendor("Acme").model("R1").firmware(fw).serialNumber(sn).build())}.
     * The core shows them with the next READY status.
     */
    protected final void updateInfo(DeviceInfo info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    /** The last status set. Final: the implementation of {@link Device#status()}. */
    public final DeviceStatus status() {
        return status;
    }

    /**
     * Sets and reports the status, unless it equals the current one or the handler was disposed. Callable
     * from any thread.
     */
    protected final void updateStatus(DeviceStatus next) {
        Objects.requireNonNull(next, "status");
        synchronized (statusLock) {
            if (disposed || (statusSent && next.equals(status))) {
                return;
            }
            status = next;
            statusSent = true;
            // under the lock so that two threads cannot deliver statuses out of order
            callback.statusChanged(next);
        }
    }

    /**
     * Reports {@code UNINITIALIZED / CONFIGURATION_ERROR}.
     *
     * @param message what is wrong, for operators, e.g. {@code "set 'host' / 请设置 'host'"}; never a
     *        configuration value (it may be a secret)
     */
    protected final void configurationError(String message) {
        updateStatus(DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR,
                message == null ? "invalid configuration" : message));
    }

    /** Reports an unsolicited error (paper out, SAM not answering), unless disposed. */
    protected final void raiseError(String errorCode, String description, ActionHint hint) {
        if (!disposed) {
            callback.error(DeviceErrorEvent.of(config.id(), config.deviceClass(), errorCode, description, hint));
        }
    }

    /**
     * Refuses a command on a device that cannot take it.
     *
     * @throws DeviceException {@link CompletionCode#DEVICE_NOT_READY} after dispose or when the status is
     *         not {@linkplain DeviceStatus#isUsable() usable}
     */
    protected final void ensureUsable() {
        if (disposed) {
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, "device disposed");
        }
        DeviceStatus s = status;
        if (!s.isUsable()) {
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, "device not ready: " + s.lifecycle() + " "
                    + s.operational());
        }
    }

    // ---- background work ----

    /**
     * Runs {@code task} every {@code period} after {@code initialDelay} on the core's scheduler (a single
     * thread per device: keep tasks short). An exception is logged and the task keeps running. Cancelled
     * on dispose.
     *
     * @return the task, e.g. to cancel it earlier; after dispose an already cancelled future
     */
    protected final ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration period) {
        Runnable guarded = guard(task);
        return track(() -> callback.scheduler().scheduleWithFixedDelay(guarded, initialDelay.toMillis(),
                Math.max(1, period.toMillis()), TimeUnit.MILLISECONDS));
    }

    /** Runs {@code task} once after {@code delay} on the core's scheduler; cancelled on dispose. */
    protected final ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        Runnable guarded = guard(task);
        return track(() -> callback.scheduler().schedule(guarded, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
    }

    /** Runs {@code task} soon on the core's scheduler (e.g. opening the device); cancelled on dispose. */
    protected final Future<?> execute(Runnable task) {
        return schedule(task, Duration.ZERO);
    }

    private ScheduledFuture<?> track(java.util.function.Supplier<ScheduledFuture<?>> submit) {
        if (disposed) {
            return CancelledFuture.INSTANCE;
        }
        ScheduledFuture<?> f;
        try {
            f = submit.get();
        } catch (RejectedExecutionException e) {
            return CancelledFuture.INSTANCE;
        }
        tasks.removeIf(Future::isDone);
        tasks.add(f);
        if (disposed) {
            f.cancel(true);
            tasks.remove(f);
        }
        return f;
    }

    private Runnable guard(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            if (disposed) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "Device " + config.id() + ": background task failed: "
                        + e.getClass().getName());
            }
        };
    }

    // ---- commands ----

    /**
     * Runs a blocking command body on a thread of this handler and returns its result as the command's
     * stage, honouring the {@link CommandContext}:
     * <ul>
     * <li>when the context is cancelled or its deadline passes, the stage fails at once with
     * {@link CompletionCode#CANCELED} or {@link CompletionCode#TIMEOUT} and the body's thread is
     * interrupted;</li>
     * <li>a result the body returns after that is passed to {@code wipe} (e.g. {@code IdCardData::wipe})
     * and never delivered;</li>
     * <li>a {@link DeviceException} from the body fails the stage as is; an {@link InterruptedException}
     * after cancellation as above; any other exception fails it with {@link CompletionCode#INTERNAL_ERROR};</li>
     * <li>after {@link #dispose()} the stage fails with {@link CompletionCode#DEVICE_NOT_READY}.</li>
     * </ul>
     *
     * @param wipe erases a result that is not delivered; {@code null} if results hold no personal data
     */
    protected final <T> CompletionStage<T> runCommand(CommandContext ctx, Callable<? extends T> body,
            Consumer<? super T> wipe) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(body, "body");
        CompletableFuture<T> result = new CompletableFuture<>();
        if (disposed) {
            result.completeExceptionally(new DeviceException(CompletionCode.DEVICE_NOT_READY, "device disposed"));
            return result;
        }
        try {
            ctx.ensureActive();
        } catch (DeviceException e) {
            result.completeExceptionally(e);
            return result;
        }
        commands.add(result);
        result.whenComplete((v, e) -> commands.remove(result));
        Future<?> work;
        try {
            work = commandThreads().submit(() -> {
                T value;
                try {
                    value = body.call();
                } catch (DeviceException e) {
                    result.completeExceptionally(e);
                    return;
                } catch (InterruptedException e) {
                    result.completeExceptionally(stopped(ctx));
                    return;
                } catch (Exception | LinkageError e) {
                    LOG.log(System.Logger.Level.WARNING, "Device " + config.id() + ": command failed: "
                            + e.getClass().getName());
                    result.completeExceptionally(new DeviceException(CompletionCode.INTERNAL_ERROR, null,
                            "driver failed: " + e.getClass().getSimpleName(), null, e));
                    return;
                }
                if (!result.complete(value) && value != null && wipe != null) {
                    try {
                        wipe.accept(value);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "Device " + config.id() + ": wiping a late result failed: "
                                + e.getClass().getName());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DeviceException(CompletionCode.DEVICE_NOT_READY, "device disposed"));
            return result;
        }
        ctx.onCancel(() -> {
            result.completeExceptionally(stopped(ctx));
            work.cancel(true);
        });
        if (ctx.hasDeadline()) {
            long ms = ctx.remaining().toMillis();
            if (ms < Long.MAX_VALUE / 2) {
                try {
                    ScheduledFuture<?> timer = callback.scheduler().schedule(() -> {
                        if (result.completeExceptionally(new DeviceException(CompletionCode.TIMEOUT,
                                "command deadline passed"))) {
                            work.cancel(true);
                        }
                    }, Math.max(1, ms), TimeUnit.MILLISECONDS);
                    result.whenComplete((v, e) -> timer.cancel(false));
                } catch (RejectedExecutionException e) {
                    // no scheduler: the context's own cancellation (the core cancels at the deadline) remains
                }
            }
        }
        result.whenComplete((v, e) -> {
            if (e != null) {
                work.cancel(true);
            }
        });
        return result;
    }

    private static DeviceException stopped(CommandContext ctx) {
        return ctx.isExpired()
                ? new DeviceException(CompletionCode.TIMEOUT, "command deadline passed")
                : new DeviceException(CompletionCode.CANCELED, "command cancelled");
    }

    private synchronized ExecutorService commandThreads() {
        if (disposed) {
            throw new RejectedExecutionException("disposed");
        }
        if (commandThreads == null) {
            AtomicInteger n = new AtomicInteger();
            String name = "opendmv-driver-" + config.id() + "-command-";
            commandThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, name + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
        return commandThreads;
    }

    /** Returned for work scheduled after dispose. */
    private static final class CancelledFuture implements ScheduledFuture<Object> {
        static final CancelledFuture INSTANCE = new CancelledFuture();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed o) {
            return Long.compare(0, o.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new java.util.concurrent.CancellationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new java.util.concurrent.CancellationException();
        }
    }
}
