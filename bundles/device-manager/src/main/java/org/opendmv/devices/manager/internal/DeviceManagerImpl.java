package org.opendmv.devices.manager.internal;

import org.opendmv.devices.api.DeviceErrorEvent;

import org.opendmv.devices.manager.api.DeviceStatusEvent;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.manager.api.DeviceListener;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device core (after openHAB's {@code ThingManagerImpl}): matches device instances with driver
 * factories as both come and go, drives handler lifecycles with a timeout, hands out role-based device
 * proxies and fans out status and error events.
 *
 * <p>Roles fail closed ({@link RolePolicy}): in production mode ({@code kiosk.mode} of
 * {@value KioskMode#PID}) simulators are refused for identity roles, and in any mode a simulator
 * never silently takes over a role from a higher-ranked device whose driver went away.
 *
 * <p>Locking: {@code lock} guards the registry and is never held while driver code runs; driver code
 * only ever runs on per-device threads. Lock order is manager lock, then a {@link ManagedDevice}.
 */
@Component(service = DeviceManager.class, immediate = true, configurationPid = DeviceManagerImpl.PID)
@Designate(ocd = DeviceManagerImpl.Config.class)
public final class DeviceManagerImpl implements DeviceManager {
    static final String PID = "org.opendmv.devices.manager";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceManagerImpl.class);

    /** Manager settings. */
    @ObjectClassDefinition(id = PID, name = "OpenDMV device manager")
    public @interface Config {
        @AttributeDefinition(name = "Lifecycle timeout (ms)", min = "50",
                description = "Bound on a driver's createHandler+initialize and on its dispose")
        long lifecycle_timeout_ms() default 5000;
    }

    private final Object lock = new Object();
    private final Map<String, ManagedDevice> devices = new TreeMap<>();
    private final Map<DeviceInstance, ManagedDevice> byInstance = new IdentityHashMap<>();
    private final Map<String, CompletableFuture<Void>> disposalsById = new TreeMap<>();
    private final List<DeviceDriverFactory> factories = new ArrayList<>();
    private final Map<String, Device> proxies = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer = NamedThreads.scheduled("opendmv-device-timer");
    private final EventDispatcher events = new EventDispatcher();
    private volatile Duration lifecycleTimeout;
    private final KioskSettings settings;
    private final Consumer<KioskMode> modeListener = this::setMode;
    private volatile KioskMode mode;
    private boolean closed;

    @Activate
    public DeviceManagerImpl(Config config, @Reference(name = "settings") KioskSettings settings) {
        this(Duration.ofMillis(config.lifecycle_timeout_ms()), settings);
    }

    DeviceManagerImpl(Duration lifecycleTimeout) {
        this(lifecycleTimeout, new KioskSettings(KioskMode.DEMO));
    }

    DeviceManagerImpl(Duration lifecycleTimeout, KioskSettings settings) {
        this.lifecycleTimeout = lifecycleTimeout;
        this.settings = settings;
        this.mode = settings.mode();
        LOG.info("Kiosk mode: {}", mode.value());
        settings.listen(modeListener);
    }

    @Modified
    void modified(Config config) {
        lifecycleTimeout = Duration.ofMillis(config.lifecycle_timeout_ms());
    }

    KioskSettings settings() {
        return settings;
    }

    KioskMode mode() {
        return mode;
    }

    /** Applies a new kiosk mode at once: refuses or releases the instances it concerns. */
    private void setMode(KioskMode next) {
        synchronized (lock) {
            if (closed || next == mode) {
                return;
            }
            LOG.info("Kiosk mode: {} (was {})", next.value(), mode.value());
            mode = next;
            for (ManagedDevice d : devices.values()) {
                if (RolePolicy.refused(d.config, next)) {
                    refuse(d);
                } else if (d.session() == null && RolePolicy.isRefusedStatus(d.status())) {
                    reconcile(d);
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        settings.unlisten(modeListener);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (ManagedDevice d : devices.values()) {
                stopSession(d, DeviceStatus.uninitialized(LifecycleDetail.NONE, "device manager stopped"), false);
                pending.add(d.lastDisposal);
            }
        }
        try {
            // bounded: every disposal is itself bounded by the lifecycle timeout
            CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
                    .get(lifecycleTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Device drivers did not all dispose in time on shutdown");
        }
        timer.shutdownNow();
        events.close();
    }

    // ---- driver factories (whiteboard) ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindFactory")
    void bindFactory(DeviceDriverFactory factory) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            factories.add(factory);
            LOG.info("Device driver '{}' available", driverType(factory));
            for (ManagedDevice d : devices.values()) {
                if (d.session() == null) {
                    reconcile(d);
                }
            }
        }
    }

    void unbindFactory(DeviceDriverFactory factory) {
        synchronized (lock) {
            if (!factories.remove(factory) || closed) {
                return;
            }
            String type = driverType(factory);
            LOG.info("Device driver '{}' removed", type);
            for (ManagedDevice d : devices.values()) {
                DriverSession s = d.session();
                if (s != null && s.factory == factory) {
                    stopSession(d, DeviceStatus.uninitialized(LifecycleDetail.DRIVER_MISSING,
                            "driver '" + type + "' was removed"), false);
                    if (hasFactoryFor(d)) {
                        reconcile(d); // another factory of the same type serves it
                    }
                    // the role is not handed to a lower-ranked simulator: see pick()
                }
            }
        }
    }

    // ---- device instances (Config Admin factory configurations) ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindInstance")
    void bindInstance(DeviceInstance instance) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            String id = instance.config().id();
            if (devices.containsKey(id)) {
                LOG.error("Device id '{}' is configured twice; ignoring {}", id, instance);
                return;
            }
            // a reconfigured device waits for its previous handler to release the hardware
            CompletableFuture<Void> previous = disposalsById.remove(id);
            ManagedDevice d = new ManagedDevice(instance.config(), events,
                    previous == null ? CompletableFuture.completedFuture(null) : previous);
            byInstance.put(instance, d);
            devices.put(id, d);
            reconcile(d);
        }
    }

    void unbindInstance(DeviceInstance instance) {
        synchronized (lock) {
            ManagedDevice d = byInstance.remove(instance);
            if (d == null || closed) {
                return;
            }
            devices.remove(d.id());
            stopSession(d, DeviceStatus.of(Lifecycle.REMOVING, LifecycleDetail.NONE, OperationalState.UNKNOWN,
                    Map.of(), "device configuration removed"), true);
            CompletableFuture<Void> disposal = d.lastDisposal;
            disposalsById.put(d.id(), disposal);
            disposal.whenComplete((v, e) -> {
                synchronized (lock) {
                    disposalsById.remove(d.id(), disposal);
                }
            });
        }
    }

    // ---- listeners (whiteboard and programmatic) ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindListener")
    void bindListener(DeviceListener listener) {
        events.add(listener);
    }

    void unbindListener(DeviceListener listener) {
        events.remove(listener);
    }

    @Override
    public void addListener(DeviceListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        events.remove(listener);
    }

    @Override
    public List<DeviceStatusEvent> recentStatusEvents(int max) {
        return events.recentStatus(max);
    }

    @Override
    public List<DeviceErrorEvent> recentErrors(int max) {
        return events.recentErrors(max);
    }

    // ---- lifecycle ----

    /** Brings {@code d} to the state its configuration and the present factories call for. Holds lock. */
    private void reconcile(ManagedDevice d) {
        if (d.session() != null || d.isRemoved()) {
            return;
        }
        if (RolePolicy.refused(d.config, mode)) {
            refuse(d);
            return;
        }
        String type = d.config.driverType();
        if (type.isEmpty()) {
            d.setStatus(DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR, "driver.type is missing"));
            return;
        }
        boolean typePresent = false;
        for (DeviceDriverFactory f : factories) {
            if (type.equals(driverType(f))) {
                typePresent = true;
                if (supports(f, d.config.deviceClass())) {
                    startSession(d, f, type);
                    return;
                }
            }
        }
        d.setStatus(typePresent
                ? DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR,
                        "driver '" + type + "' does not support " + d.config.deviceClass())
                : DeviceStatus.uninitialized(LifecycleDetail.DRIVER_MISSING, "driver '" + type + "' is not installed"));
    }

    /** Stops {@code d}'s driver, if any, and shows why it may not run. Holds lock. */
    private void refuse(ManagedDevice d) {
        if (RolePolicy.isRefusedStatus(d.status()) && d.session() == null) {
            return;
        }
        LOG.warn("Device {}: refused in production mode: a simulator may not serve the identity role '{}'",
                d.id(), d.config.role());
        stopSession(d, RolePolicy.refusedStatus(d.config), false);
    }

    private boolean hasFactoryFor(ManagedDevice d) {
        for (DeviceDriverFactory f : factories) {
            if (d.config.driverType().equals(driverType(f)) && supports(f, d.config.deviceClass())) {
                return true;
            }
        }
        return false;
    }

    private void startSession(ManagedDevice d, DeviceDriverFactory f, String type) {
        DriverSession s = new DriverSession(d, f, type, ++d.generation, timer, events);
        d.attach(s, DeviceStatus.initializing("starting driver '" + type + "'"));
        Duration timeout = lifecycleTimeout;
        d.lastDisposal.whenComplete((v, e) -> s.start(timeout).whenComplete((x, err) -> {
            if (err != null) {
                initFailed(d, s, err, timeout);
            } else {
                LOG.debug("Device {}: driver '{}' initialized", d.id(), type);
            }
        }));
    }

    private void initFailed(ManagedDevice d, DriverSession s, Throwable err, Duration timeout) {
        Throwable cause = CompletionMapper.unwrap(err);
        String why = cause instanceof TimeoutException
                ? "initialize did not return within " + timeout.toMillis() + " ms"
                : "initialize failed: " + CompletionMapper.describe(cause);
        synchronized (lock) {
            if (d.session() != s) {
                return; // already stopped for another reason
            }
            if (cause instanceof TimeoutException) {
                LOG.warn("Device {}: {}", d.id(), why);
            } else {
                LOG.warn("Device {}: {}", d.id(), why, cause);
            }
            stopSession(d, DeviceStatus.uninitialized(LifecycleDetail.INITIALIZING_ERROR, why), false);
        }
    }

    /** Detaches the session (callbacks dropped from now), sets the final status, disposes in background. */
    private void stopSession(ManagedDevice d, DeviceStatus finalStatus, boolean remove) {
        DriverSession s = d.session();
        d.detach(s, finalStatus, remove);
        if (s != null) {
            d.lastDisposal = s.dispose(lifecycleTimeout);
        }
    }

    // ---- commands ----

    /** Runs one command through the device's queue; called by {@link DeviceProxy}. */
    CompletionStage<Object> execute(ManagedDevice d, String id, Method method, Object[] args) {
        Object last = args[args.length - 1];
        String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        CompletableFuture<Object> result;
        if (!(last instanceof CommandContext)) {
            result = CompletableFuture.failedFuture(
                    new DeviceException(CompletionCode.INVALID_DATA, "no CommandContext given to " + name));
        } else {
            CommandContext ctx = (CommandContext) last;
            DriverSession s = d == null ? null : d.session();
            DeviceStatus st = d == null ? null : d.status();
            if (ctx.isCancelled()) {
                result = CompletableFuture.failedFuture(new DeviceException(CompletionCode.CANCELED, "already cancelled"));
            } else if (ctx.isExpired()) {
                result = CompletableFuture.failedFuture(new DeviceException(CompletionCode.TIMEOUT, "deadline passed"));
            } else if (s == null || st == null || !st.isUsable()) {
                // a refused, misconfigured, broken or absent device will not come back by waiting: out of service
                ActionHint hint = d == null ? null : d.notReadyHint();
                result = CompletableFuture.failedFuture(new DeviceException(CompletionCode.DEVICE_NOT_READY, null,
                        "device " + id + " is not ready: " + (st == null ? "not configured" : st), hint, null));
            } else {
                Command c = new Command(method, args, ctx);
                s.submit(c);
                result = c.result;
            }
        }
        long started = System.nanoTime();
        result.whenComplete((v, e) -> logOutcome(id, name, e, started));
        return result.minimalCompletionStage();
    }

    // logs codes only: arguments and results carry personal data
    private static void logOutcome(String id, String name, Throwable e, long started) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (e == null) {
            LOG.debug("Device {}: {} succeeded in {} ms", id, name, ms);
            return;
        }
        DeviceException de = DeviceException.find(e).orElse(null);
        CompletionCode code = de == null ? CompletionCode.INTERNAL_ERROR : de.code();
        String err = de == null ? "" : de.errorCode().orElse("");
        if (code == CompletionCode.INTERNAL_ERROR || code == CompletionCode.HARDWARE_ERROR) {
            LOG.warn("Device {}: {} failed with {} {} after {} ms: {}", id, name, code, err, ms, e.getMessage(),
                    de != null && de.getCause() != null ? de.getCause() : null);
        } else {
            LOG.info("Device {}: {} ended with {} {} after {} ms", id, name, code, err, ms);
        }
    }

    // ---- queries ----

    ManagedDevice managed(String id) {
        synchronized (lock) {
            return devices.get(id);
        }
    }

    @Override
    public List<DeviceView> devices() {
        List<DeviceView> out = new ArrayList<>();
        synchronized (lock) {
            for (ManagedDevice d : devices.values()) {
                out.add(d.view());
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public Optional<DeviceView> device(String id) {
        ManagedDevice d = managed(id);
        return d == null ? Optional.empty() : Optional.of(d.view());
    }

    @Override
    public Optional<Device> byRole(String role) {
        return Optional.ofNullable(pick(role, Device.class)).map(this::proxy);
    }

    @Override
    public <T extends Device> Optional<T> role(String role, Class<T> type) {
        return Optional.ofNullable(pick(role, type)).map(d -> type.cast(proxy(d)));
    }

    @Override
    public <T extends Device> Optional<T> role(Class<T> type) {
        return DeviceClass.forType(type).flatMap(c -> role(c.role(), type));
    }

    @Override
    public Optional<Device> byId(String id) {
        return Optional.ofNullable(managed(id)).map(this::proxy);
    }

    /**
     * Which configured device serves a role: usable ones first, then the highest
     * {@code role.rank} (instance config, default 0; e.g. a spare reader at -1), then a real device
     * before a simulator, then by id. A simulator serves only as the role's primary (first in that
     * order regardless of status) instance, unless it says
     * {@code role.fallback = true}: when the real device's driver goes away the role stays with the
     * real device (DRIVER_MISSING, commands answer DEVICE_NOT_READY) instead of moving to a simulator.
     */
    private ManagedDevice pick(String role, Class<?> type) {
        synchronized (lock) {
            List<ManagedDevice> candidates = new ArrayList<>();
            ManagedDevice primary = null;
            for (ManagedDevice d : devices.values()) {
                if (d.config.role().equals(role) && type.isAssignableFrom(d.config.deviceClass().type())) {
                    candidates.add(d);
                    if (primary == null || RolePolicy.outranks(d.config, primary.config)) {
                        primary = d;
                    }
                }
            }
            ManagedDevice best = null;
            for (ManagedDevice d : candidates) {
                if ((d == primary || RolePolicy.mayStandIn(d.config, mode)) && (best == null || better(d, best))) {
                    best = d;
                }
            }
            return best;
        }
    }

    private static boolean better(ManagedDevice a, ManagedDevice b) {
        boolean ua = a.status() != null && a.status().isUsable();
        boolean ub = b.status() != null && b.status().isUsable();
        if (ua != ub) {
            return ua;
        }
        return RolePolicy.outranks(a.config, b.config);
    }

    private Device proxy(ManagedDevice d) {
        return proxies.computeIfAbsent(d.id() + "/" + d.config.deviceClass(), k -> DeviceProxy.create(this, d));
    }

    // factories are driver code: a broken getter must not break the registry
    private static String driverType(DeviceDriverFactory f) {
        try {
            String t = f.driverType();
            return t == null ? "" : t;
        } catch (RuntimeException e) {
            LOG.warn("Driver factory {} failed in driverType()", f, e);
            return "";
        }
    }

    private static boolean supports(DeviceDriverFactory f, DeviceClass c) {
        try {
            Set<DeviceClass> s = f.supportedClasses();
            return s != null && s.contains(c);
        } catch (RuntimeException e) {
            LOG.warn("Driver factory {} failed in supportedClasses()", f, e);
            return false;
        }
    }
}
