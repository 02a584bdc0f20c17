package org.opendmv.devices.sim.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every simulated device, on the SPI's {@link BaseDeviceHandler} (status, dispose, configuration
 * errors): handler and device in one object, with configurable latency, an
 * operational fault, class-specific scripted states ({@link SimState}), registration with the shared
 * {@link SimControl}, and non-blocking commands ({@link SimOperation}).
 */
abstract class SimDevice extends BaseDeviceHandler implements Device {
    /** Per-instance key: latency of one step of a command, in ms (default: SimControl's default). */
    static final String KEY_LATENCY = "sim.latency.ms";
    /** Per-instance key: initial {@link SimState} (default: none = ONLINE with the class defaults). */
    static final String KEY_FAULT = "sim.fault";
    /** Per-instance key: time spent INITIALIZING before READY, in ms (default 0). */
    static final String KEY_INIT = "sim.init.ms";

    private static final Logger LOG = LoggerFactory.getLogger(SimDevice.class);

    protected final DeviceInstanceConfigView config;
    protected final SimControl control;
    protected final Object lock = new Object();
    private final Set<SimOperation<?>> running = ConcurrentHashMap.newKeySet();

    // guarded by lock
    private OperationalState operational = OperationalState.ONLINE;
    private long latencyMs;
    private long configuredLatencyMs;
    private SimState configuredFault;
    private boolean ready;

    SimDevice(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control, String model) {
        super(config.raw(), callback);
        this.config = config;
        this.control = control;
        updateInfo(config.raw().infoBuilder().vendor("OpenDMV").model(model).firmware("sim-1")
                .serialNumber("SIM-" + config.raw().id()).build());
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

    /** The instance id (for {@link SimControl} and the console). */
    final String instanceId() {
        return id();
    }

    final DeviceClass deviceClass() {
        return config().deviceClass();
    }

    /** Reads the keys (a bad value is an IllegalArgumentException: CONFIGURATION_ERROR, by the base). */
    @Override
    protected void start() {
        int initMs;
        synchronized (lock) {
            configuredLatencyMs = config.nonNegative(KEY_LATENCY, control.defaultLatencyMs());
            String fault = config.raw().property(KEY_FAULT, "").trim();
            configuredFault = fault.isEmpty() ? null : SimState.parse(fault, deviceClass());
            configure(config);
        }
        initMs = config.nonNegative(KEY_INIT, 0);
        reset(false);
        control.register(this);
        if (initMs > 0) {
            report(DeviceStatus.initializing("simulated start-up"));
            schedule(this::becomeReady, Duration.ofMillis(initMs));
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

    /** The base already cancelled the start-up task and silenced the callback. */
    @Override
    protected void stop() {
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
        raiseError(code, description, hint);
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
        updateStatus(s); // deduplicated, dropped after dispose
    }

    /** One line for {@code kiosk:sim status}. */
    final Map<String, String> summary() {
        Map<String, String> m = new TreeMap<>();
        DeviceStatus status = status();
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
        if (isDisposed()) {
            return CompletableFuture.failedFuture(new DeviceException(CompletionCode.DEVICE_NOT_READY, "device disposed"));
        }
        OperationalState op = operational();
        if (op != OperationalState.ONLINE) {
            CompletionCode code = op == OperationalState.HARDWARE_ERROR ? CompletionCode.HARDWARE_ERROR
                    : CompletionCode.DEVICE_NOT_READY;
            return CompletableFuture.failedFuture(new DeviceException(code, "simulated device is " + op));
        }
        SimOperation<T> operation = new SimOperation<>(callback().scheduler(), ctx, running::remove);
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
