package org.opendmv.devices.manager.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler generation of one device: created when a matching factory is present, stopped when the
 * factory leaves, the instance is removed or initialization fails. Owns the device's single command
 * thread (so a rebuilt handler never queues behind a hung predecessor), the driver's scheduler, and the
 * commands in flight. Also the {@link DeviceCallback} the handler reports to.
 */
final class DriverSession implements DeviceCallback {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSession.class);
    // deadlines further away than this are treated as "none" (and avoid overflow in toMillis)
    private static final Duration MAX_TIMER = Duration.ofDays(30);

    final ManagedDevice device;
    final DeviceDriverFactory factory;
    private final String driverType;
    private final int generation;
    private final ScheduledExecutorService timer;
    private final EventDispatcher events;
    private final ExecutorService executor;
    private final Set<Command> inflight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile boolean initHung;
    private volatile DeviceHandler handler;
    private volatile Device driverDevice;
    private ScheduledThreadPoolExecutor driverScheduler; // guarded by this

    DriverSession(ManagedDevice device, DeviceDriverFactory factory, String driverType, int generation,
            ScheduledExecutorService timer, EventDispatcher events) {
        this.device = device;
        this.factory = factory;
        this.driverType = driverType;
        this.generation = generation;
        this.timer = timer;
        this.events = events;
        this.executor = NamedThreads.single("opendmv-device-" + device.id());
    }

    Device driverDevice() {
        return driverDevice;
    }

    boolean isStopped() {
        return stopped;
    }

    void markStopped() {
        stopped = true;
    }

    /**
     * Creates the handler and initializes it on the device thread, bounded by {@code timeout}. The returned
     * future fails with the driver's exception or a {@link TimeoutException}.
     */
    CompletableFuture<Void> start(Duration timeout) {
        return bounded(executor, () -> {
            if (stopped) {
                return;
            }
            DeviceHandler h = factory.createHandler(device.config, this);
            if (h == null) {
                throw new IllegalStateException("createHandler returned null");
            }
            handler = h;
            if (stopped) {
                return; // dispose is queued behind us and will see the handler
            }
            h.initialize();
            Device d = h.device();
            if (!device.config.deviceClass().type().isInstance(d)) {
                throw new IllegalStateException("handler device is not a " + device.config.deviceClass().type().getName());
            }
            driverDevice = d;
            device.refreshInfo(d);
        }, timeout).whenComplete((v, e) -> {
            if (e instanceof TimeoutException) {
                initHung = true;
            }
        });
    }

    /**
     * Disposes the handler (bounded), then releases the threads. Never fails. The caller has already
     * {@linkplain #markStopped() stopped} the session.
     */
    CompletableFuture<Void> dispose(Duration timeout) {
        failInflight("driver of device " + device.id() + " stopped");
        ExecutorService disposeOn = executor;
        if (initHung) {
            // the device thread is stuck in driver code: interrupt it and dispose from a fresh thread
            executor.shutdownNow();
            disposeOn = NamedThreads.single("opendmv-device-" + device.id() + "-dispose");
        }
        ExecutorService extra = disposeOn == executor ? null : disposeOn;
        return bounded(disposeOn, () -> {
            DeviceHandler h = handler;
            if (h != null) {
                h.dispose();
            }
        }, timeout).handle((v, e) -> {
            if (e != null) {
                LOG.warn("Device {}: dispose of driver '{}' {}", device.id(), driverType,
                        e instanceof TimeoutException ? "did not return within " + timeout.toMillis() + " ms"
                                : "failed: " + CompletionMapper.describe(e), e instanceof TimeoutException ? null : e);
                executor.shutdownNow();
            } else {
                executor.shutdown();
            }
            if (extra != null) {
                extra.shutdown();
            }
            synchronized (this) {
                if (driverScheduler != null) {
                    driverScheduler.shutdownNow(); // cancels tasks the driver forgot
                }
            }
            LOG.debug("Device {}: handler generation {} released", device.id(), generation);
            return null;
        });
    }

    // ---- DeviceCallback (called by driver threads) ----

    @Override
    public void statusChanged(DeviceStatus status) {
        if (status == null) {
            return;
        }
        if (!device.setStatusFrom(this, status)) {
            LOG.debug("Device {}: dropped status {} from disposed handler generation {}", device.id(), status,
                    generation);
            return;
        }
        Device d = driverDevice;
        if (status.lifecycle() == Lifecycle.READY && d != null) {
            device.refreshInfo(d); // drivers often learn model/firmware only once the device answers
        }
    }

    @Override
    public void error(DeviceErrorEvent event) {
        if (event == null) {
            return;
        }
        if (stopped || device.session() != this) {
            LOG.debug("Device {}: dropped error {} from disposed handler generation {}", device.id(),
                    event.errorCode(), generation);
            return;
        }
        device.errorReported(event.hint());
        events.error(event.withDevice(device.id(), device.config.deviceClass()));
    }

    @Override
    public synchronized ScheduledExecutorService scheduler() {
        if (driverScheduler == null) {
            driverScheduler = NamedThreads.scheduled("opendmv-device-" + device.id() + "-driver");
            if (stopped) {
                driverScheduler.shutdown();
            }
        }
        return driverScheduler;
    }

    // ---- commands ----

    /** Queues a command on the device thread and arms its deadline. */
    void submit(Command c) {
        inflight.add(c);
        c.result.whenComplete((v, e) -> {
            inflight.remove(c);
            if (e != null) {
                c.driverCtx.cancel(); // tell the driver to stop whatever it still does
            }
        });
        // the hook forgets the command once it is done: a step-long caller context must not pin results
        AtomicReference<Command> pending = new AtomicReference<>(c);
        c.result.whenComplete((v, e) -> pending.set(null));
        c.callerCtx.onCancel(() -> {
            Command p = pending.get();
            if (p != null) {
                p.fail(new DeviceException(CompletionCode.CANCELED, "cancelled by caller"));
            }
        });
        if (c.callerCtx.hasDeadline() && c.callerCtx.remaining().compareTo(MAX_TIMER) < 0) {
            ScheduledFuture<?> t = timer.schedule(
                    () -> c.fail(new DeviceException(CompletionCode.TIMEOUT, "deadline passed")),
                    Math.max(1, c.callerCtx.remaining().toMillis()), TimeUnit.MILLISECONDS);
            c.result.whenComplete((v, e) -> t.cancel(false));
        }
        try {
            executor.execute(() -> run(c));
        } catch (RejectedExecutionException e) {
            c.fail(notReady("driver of device " + device.id() + " stopped"));
        }
        if (stopped) {
            c.fail(notReady("driver of device " + device.id() + " stopped"));
        }
    }

    private void run(Command c) {
        if (c.result.isDone()) {
            return; // cancelled or timed out while queued
        }
        Device d = driverDevice;
        DeviceStatus st = device.status();
        if (stopped || d == null || st == null || !st.isUsable()) {
            c.fail(notReady("device " + device.id() + " is not ready: " + st));
            return;
        }
        Object stage;
        try {
            stage = c.method.invoke(d, c.driverArgs());
        } catch (Throwable t) {
            // catching Throwable: NoClassDefFoundError from a half-uninstalled driver must not kill the queue
            c.fail(CompletionMapper.map(t, c.callerCtx));
            return;
        }
        if (!(stage instanceof java.util.concurrent.CompletionStage)) {
            c.fail(new DeviceException(CompletionCode.INTERNAL_ERROR, "driver returned no CompletionStage"));
            return;
        }
        ((java.util.concurrent.CompletionStage<?>) stage).whenComplete((v, e) -> {
            if (e == null) {
                if (!c.result.complete(v)) {
                    // the caller already got TIMEOUT or CANCELED: nobody will wipe this result
                    wipeLate(v);
                }
            } else {
                c.fail(CompletionMapper.map(e, c.callerCtx));
            }
        });
        // one command at a time: the next one starts only when this one is done, timed out or cancelled
        CountDownLatch done = new CountDownLatch(1);
        c.result.whenComplete((v, e) -> done.countDown());
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.fail(notReady("driver of device " + device.id() + " stopped"));
        }
    }

    private void failInflight(String why) {
        for (Command c : inflight) {
            c.fail(notReady(why));
        }
    }

    private static DeviceException notReady(String why) {
        return new DeviceException(CompletionCode.DEVICE_NOT_READY, why);
    }

    /** Runs driver code on {@code exec}, failing the future with {@link TimeoutException} after {@code timeout}. */
    private CompletableFuture<Void> bounded(ExecutorService exec, Runnable driverCode, Duration timeout) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            exec.execute(() -> {
                try {
                    driverCode.run();
                    f.complete(null);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
            return f;
        }
        ScheduledFuture<?> t = timer.schedule(() -> f.completeExceptionally(new TimeoutException()),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        f.whenComplete((v, e) -> t.cancel(false));
        return f;
    }

    @Override
    public String toString() {
        return "DriverSession[" + device.id() + "#" + generation + ", " + driverType + "]";
    }

    /** Personal data in a result nobody receives is zeroed at once. */
    static void wipeLate(Object v) {
        if (v instanceof org.opendmv.devices.api.IdCardData) {
            ((org.opendmv.devices.api.IdCardData) v).wipe();
        } else if (v instanceof org.opendmv.devices.api.SignatureResult) {
            ((org.opendmv.devices.api.SignatureResult) v).wipe();
        } else if (v instanceof org.opendmv.devices.api.ScanResult) {
            ((org.opendmv.devices.api.ScanResult) v).wipe();
        }
    }
}
