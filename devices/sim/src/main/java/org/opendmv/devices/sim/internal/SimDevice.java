package org.opendmv.devices.sim.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every simulated device: handler and device in one object, with configurable latency, an
 * operational fault, class-specific scripted states ({@link SimState}), registration with the shared
 * {@link SimControl}, and non-blocking commands ({@link SimOperation}).
 */
abstract class SimDevice implements DeviceHandler, Device {
    /** Per-instance key: latency of one step of a command, in ms (default: SimControl's default). */
    static final String KEY_LATENCY = "sim.latency.ms";
    /** Per-instance key: initial {@link SimState} (default: none = ONLINE with the class defaults). */
    static final String KEY_FAULT = "sim.fault";
    /** Per-instance key: time spent INITIALIZING before READY, in ms (default 0). */
    static final String KEY_INIT = "sim.init.ms";

    private static final Logger LOG = LoggerFactory.getLogger(SimDevice.class);

    protected final DeviceInstanceConfigView config;
    protected final DeviceCallback callback;
    protected final SimControl control;
    protected final Object lock = new Object();
    private final DeviceInfo info;
    private final Set<SimOperation<?>> running = ConcurrentHashMap.newKeySet();

    // guarded by lock
    private OperationalState operational = OperationalState.ONLINE;
    private long latencyMs;
    private long configuredLatencyMs;
    private SimState configuredFault;
    private boolean ready;

    private volatile DeviceStatus status = DeviceStatus.initializing("simulator starting");
    private volatile boolean disposed;
    private volatile ScheduledFuture<?> initTask;

    SimDevice(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control, String model) {
        this.config = config;
        this.callback = callback;
        this.control = control;
        this.info = config.raw().infoBuilder().vendor("OpenDMV").model(model).firmware("sim-1")
                .serialNumber("SIM-" + config.raw().id()).build();
    }

    /** Reads the class's own keys; throws IllegalArgumentException for a bad value. */
    abstract void configure(DeviceInstanceConfigView config);

    /** Restores the class's scripted state to the configured one. */
    abstract void resetScript();

    /** Applies a class-specific state (already checked to apply to this class). */
    abstract void applyScript(SimState state);

    /** Adds the class's substatus. */
    abstract DeviceStatus withSubstatus(DeviceStatus s);

    /** Short operator text of the class-specific state, e.g. {@code "paper=LOW"}. */
    abstract String scriptSummary();

    final String id() {
        return info.instanceId();
    }

    final DeviceClass deviceClass() {
        return info.deviceClass();
    }

    @Override
    public final DeviceInfo info() {
        return info;
    }

    @Override
    public final DeviceStatus status() {
        return status;
    }

    @Override
    public final Device device() {
        return this;
    }

    @Override
    public void initialize() {
        int initMs;
        try {
            synchronized (lock) {
                configuredLatencyMs = config.nonNegative(KEY_LATENCY, control.defaultLatencyMs());
                String fault = config.raw().property(KEY_FAULT, "").trim();
                configuredFault = fault.isEmpty() ? null : SimState.parse(fault, deviceClass());
                configure(config);
            }
            initMs = config.nonNegative(KEY_INIT, 0);
        } catch (IllegalArgumentException e) {
            report(DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR, e.getMessage()));
            return;
        }
        reset(false);
        control.register(this);
        if (initMs > 0) {
            report(DeviceStatus.initializing("simulated start-up"));
            try {
                initTask = callback.scheduler().schedule(this::becomeReady, initMs, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                becomeReady();
            }
        } else {
            becomeReady();
        }
    }

    private void becomeReady() {
        synchronized (lock) {
            ready = true;
        }
        publish();
        LOG.info("simulated {} {} ready", deviceClass(), id());
    }

    @Override
    public void dispose() {
        disposed = true;
        ScheduledFuture<?> t = initTask;
        if (t != null) {
            t.cancel(false);
        }
        control.unregister(this);
        for (SimOperation<?> op : running) {
            op.abort("device disposed");
        }
        running.clear();
        onDispose();
    }

    /** Extra clean-up of a class. */
    void onDispose() {
    }

    boolean isDisposed() {
        return disposed;
    }

    /** Back to the configured latency, fault and script; publishes unless {@code publish} is false. */
    final void reset(boolean publish) {
        synchronized (lock) {
            latencyMs = configuredLatencyMs;
            operational = OperationalState.ONLINE;
            resetScript();
            if (configuredFault != null) {
                applyLocked(configuredFault);
            }
        }
        if (publish) {
            publish();
        }
    }

    /**
     * Puts the device in {@code state} (console {@code kiosk:sim fail}).
     *
     * @throws IllegalArgumentException if the state does not apply to this class
     */
    final void apply(SimState state) {
        if (!state.appliesTo(deviceClass())) {
            throw new IllegalArgumentException("state " + state + " does not apply to a " + deviceClass()
                    + "; known: " + String.join(", ", SimState.namesFor(deviceClass())));
        }
        synchronized (lock) {
            applyLocked(state);
        }
        publish();
        raiseErrorFor(state);
    }

    private void applyLocked(SimState state) {
        if (state.operational() != null) {
            operational = state.operational();
        } else {
            applyScript(state);
        }
    }

    /** Unsolicited error event for a state change an operator must hear about. */
    void raiseErrorFor(SimState state) {
        if (state == SimState.HARDWARE_ERROR) {
            error("HARDWARE_ERROR", "simulated hardware failure", ActionHint.MAINTENANCE);
        }
    }

    final void error(String code, String description, ActionHint hint) {
        if (!disposed) {
            callback.error(DeviceErrorEvent.of(id(), deviceClass(), code, description, hint));
        }
    }

    final void setLatency(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("latency must be >= 0 ms: " + ms);
        }
        synchronized (lock) {
            latencyMs = ms;
        }
    }

    final long latency() {
        synchronized (lock) {
            return latencyMs;
        }
    }

    final OperationalState operational() {
        synchronized (lock) {
            return operational;
        }
    }

    /** Recomputes and reports the status. */
    final void publish() {
        DeviceStatus s;
        synchronized (lock) {
            if (!ready) {
                return;
            }
            s = DeviceStatus.ready(operational);
            if (operational != OperationalState.ONLINE) {
                s = s.withDescription("simulated " + operational);
            }
            s = withSubstatus(s);
        }
        report(s);
    }

    private void report(DeviceStatus s) {
        status = s;
        if (!disposed) {
            callback.statusChanged(s);
        }
    }

    /** One line for {@code kiosk:sim status}. */
    final Map<String, String> summary() {
        Map<String, String> m = new TreeMap<>();
        m.put("state", status.lifecycle() + " " + status.operational());
        m.put("latency", latency() + " ms");
        m.put("script", scriptSummary());
        return m;
    }

    /**
     * Starts a command: refuses it if the device is not usable, else runs {@code body} with a new
     * operation whose result is returned.
     */
    final <T> CompletionStage<T> start(CommandContext ctx, Consumer<SimOperation<T>> body) {
        if (disposed) {
            return CompletableFuture.failedFuture(new DeviceException(CompletionCode.DEVICE_NOT_READY, "device disposed"));
        }
        OperationalState op = operational();
        if (op != OperationalState.ONLINE) {
            CompletionCode code = op == OperationalState.HARDWARE_ERROR ? CompletionCode.HARDWARE_ERROR
                    : CompletionCode.DEVICE_NOT_READY;
            return CompletableFuture.failedFuture(new DeviceException(code, "simulated device is " + op));
        }
        SimOperation<T> operation = new SimOperation<>(callback.scheduler(), ctx, running::remove);
        if (!operation.isDone()) {
            running.add(operation);
            if (operation.isDone()) {
                running.remove(operation);
            }
            try {
                body.accept(operation);
            } catch (DeviceException e) {
                operation.fail(e);
            } catch (RuntimeException e) {
                operation.fail(new DeviceException(CompletionCode.INTERNAL_ERROR, null, "simulator failed: " + e, null, e));
            }
        }
        return operation.result();
    }
}
