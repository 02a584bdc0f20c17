package org.opendmv.health.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.store.api.KioskIdentity;
import org.opendmv.store.api.StoreStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.HttpServiceRuntimeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when the kiosk is ready ({@link Readiness}) and logs "OpenDMV Kiosk ready: …" once, at
 * that moment, with the counts. Everything it looks at is optional: it runs from the start of
 * the health bundle, so that {@code /api/health} can answer STARTING with what is missing.
 * Ready is latched: later changes show as DEGRADED or DOWN, not as STARTING again.
 */
@Component(service = ReadinessMonitor.class, immediate = true)
public final class ReadinessMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessMonitor.class);
    static final String UI_BUNDLE = "org.opendmv.ui.shell";
    static final String UI_SERVICE = "org.opendmv.ui.api.KioskUi";
    private static final long POLL_MS = 250;
    private static final long REMIND_MS = 30_000;
    /** Framework property: "false" keeps the boot's garbage on the heap (see {@link #returnBootMemory}). */
    static final String BOOT_GC = "opendmv.boot.gc";
    static final long BOOT_GC_DELAY_MS = 3_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile KioskIdentity identity;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile StoreStatus store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile BusinessRegistry registry;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ConfigurationAdmin configAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, service = HttpServiceRuntime.class)
    volatile ServiceReference<HttpServiceRuntime> http;

    private final AtomicBoolean ready = new AtomicBoolean();
    private final Supplier<Readiness.Facts> facts;
    private final AtomicInteger announcements = new AtomicInteger();
    private volatile BundleContext context;
    private ScheduledExecutorService poller;
    private long startedNanos;
    private long lastReminder;
    private final Runnable bootGc;

    public ReadinessMonitor() {
        this.facts = OsgiFacts::new;
        this.bootGc = ReadinessMonitor::returnBootMemory;
    }

    /** For tests: facts from elsewhere, no framework. */
    ReadinessMonitor(Readiness.Facts facts) {
        this(facts, () -> {
        });
    }

    /** For tests: facts from elsewhere, and what is done with the boot's memory once ready. */
    ReadinessMonitor(Readiness.Facts facts, Runnable bootGc) {
        this.facts = () -> facts;
        this.bootGc = bootGc;
    }

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        this.startedNanos = System.nanoTime();
        this.lastReminder = startedNanos;
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opendmv-readiness");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    private void poll() {
        try {
            List<String> waits = check();
            if (waits.isEmpty()) {
                if (!"false".equals(context == null ? null : context.getProperty(BOOT_GC))) {
                    // a delayed task still runs after shutdown(); the periodic poll does not
                    poller.schedule(bootGc, BOOT_GC_DELAY_MS, TimeUnit.MILLISECONDS);
                }
                poller.shutdown();
            } else if (System.nanoTime() - lastReminder > REMIND_MS * 1_000_000) {
                lastReminder = System.nanoTime();
                LOG.info("OpenDMV Kiosk not ready yet, waiting for: {}", String.join("; ", waits));
            }
        } catch (RuntimeException e) {
            LOG.debug("readiness check failed", e);
        }
    }

    /**
     * The boot leaves ≈ 100 MiB of garbage on a heap that grew to hold it (14,000 classes loaded,
     * features resolved, the UI built); an idle kiosk would keep that memory until its first busy
     * hour. One full collection, a few seconds after "ready", gives it back to the system: with the
     * Serial collector and {@code -XX:-ShrinkHeapInSteps} (bin/setenv) the heap shrinks to what is
     * live at once. A pause of a few hundred ms at a moment no citizen is served yet.
     */
    static void returnBootMemory() {
        java.lang.management.MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = mem.getHeapMemoryUsage().getCommitted();
        long t0 = System.nanoTime();
        System.gc();
        LOG.info("Boot memory returned: heap committed {} → {} MiB ({} ms)", before >> 20,
                mem.getHeapMemoryUsage().getCommitted() >> 20, (System.nanoTime() - t0) / 1_000_000);
    }

    boolean isReady() {
        return ready.get();
    }

    /** What the kiosk still waits for; empty once ready (then for good). */
    List<String> check() {
        if (ready.get()) {
            return List.of();
        }
        List<String> waits = Readiness.waitingFor(facts.get());
        if (waits.isEmpty() && ready.compareAndSet(false, true)) {
            logReady();
        }
        return waits;
    }

    /** How many times "ready" was announced: once at most. */
    int announcements() {
        return announcements.get();
    }

    private void logReady() {
        announcements.incrementAndGet();
        BusinessRegistry r = registry;
        DeviceManager d = devices;
        KioskIdentity id = identity;
        StoreStatus s = store;
        long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("OpenDMV Kiosk ready: {} business(es) ({} invalid), {} device(s), kiosk {}, store {}, touch UI {},"
                + " health at {}api/health ({} ms after the JVM started)",
                r == null ? 0 : r.businesses().size(), r == null ? 0 : r.invalid().size(),
                d == null ? 0 : d.devices().size(), id == null ? "?" : id.kioskId(), s == null ? "?" : s.database(),
                displayPresent() ? "drawn" : "none (headless)", String.join(" ", endpoints()), sinceJvm);
    }

    private boolean displayPresent() {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank() || context == null) {
            return false;
        }
        for (Bundle b : context.getBundles()) {
            if (UI_BUNDLE.equals(b.getSymbolicName()) && (b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP server's bound addresses: Pax Web publishes them once its connectors are started. */
    private List<String> endpoints() {
        ServiceReference<HttpServiceRuntime> ref = http;
        List<String> out = new ArrayList<>();
        if (ref == null) {
            return out;
        }
        Object p = ref.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        Collection<?> values = p instanceof String[] ? Arrays.asList((String[]) p)
                : p instanceof Collection ? (Collection<?>) p : p == null ? List.of() : List.of(p);
        for (Object v : values) {
            String s = String.valueOf(v);
            if (s.startsWith("http://") || s.startsWith("https://")) {
                out.add(s);
            }
        }
        return out;
    }

    /** The framework's beginning start level (OSGi's default is 1). */
    static int beginningStartLevel(String property) {
        try {
            return property == null ? 1 : Integer.parseInt(property.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private final class OsgiFacts implements Readiness.Facts {
        @Override
        public boolean kioskIdentity() {
            return identity != null;
        }

        @Override
        public boolean store() {
            return store != null;
        }

        @Override
        public boolean bootFinished() {
            for (Bundle b : context.getBundles()) {
                if ("org.apache.karaf.features.core".equals(b.getSymbolicName())) {
                    return context.getServiceReference("org.apache.karaf.features.BootFinished") != null;
                }
            }
            return true;
        }

        @Override
        public String startLevelProblem() {
            FrameworkStartLevel fsl = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkStartLevel.class);
            int target = beginningStartLevel(context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL));
            int now = fsl == null ? target : fsl.getStartLevel();
            return now >= target ? null : "start level " + now + " of " + target;
        }

        @Override
        public Set<Long> processedBusinessBundles() {
            BusinessRegistry r = registry;
            if (r == null) {
                return null;
            }
            Set<Long> ids = new HashSet<>();
            r.businesses().forEach(b -> r.source(b.code()).ifPresent(src -> ids.add(src.bundleId())));
            for (InvalidBusiness i : r.invalid()) {
                ids.add(i.source().bundleId());
            }
            return ids;
        }

        @Override
        public Map<Long, String> businessBundles() {
            Map<Long, String> out = new LinkedHashMap<>();
            for (Bundle b : context.getBundles()) {
                boolean started = b.getState() == Bundle.ACTIVE || (b.getState() == Bundle.STARTING
                        // a lazily activated bundle waits in STARTING; the extender reads it once ACTIVE
                        && !Constants.ACTIVATION_LAZY.equals(b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY)));
                if (started && b.findEntries(BusinessRegistry.DESCRIPTOR_FOLDER, "*.json", false) != null) {
                    out.put(b.getBundleId(), b.getSymbolicName());
                }
            }
            return out;
        }

        @Override
        public Map<String, String> devices() {
            DeviceManager d = devices;
            if (d == null) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (DeviceView v : d.devices()) {
                out.put(v.id(), v.status().lifecycle().name());
            }
            return out;
        }

        @Override
        public Set<String> configuredDevices() {
            ConfigurationAdmin cm = configAdmin;
            Set<String> ids = new HashSet<>();
            if (cm == null) {
                return ids;
            }
            Configuration[] configs;
            try {
                configs = cm.listConfigurations("(service.factoryPid=" + DeviceInstanceConfig.FACTORY_PID + ")");
            } catch (IOException | InvalidSyntaxException e) {
                return ids;
            }
            if (configs == null) {
                return ids;
            }
            Set<String> failed = failedDeviceConfigurations();
            for (Configuration c : configs) {
                if (c.getProperties() == null || failed.contains(c.getPid())) {
                    continue;
                }
                Object id = c.getProperties().get(DeviceInstanceConfig.DEVICE_ID);
                ids.add(id == null || id.toString().isBlank() ? c.getPid() : id.toString().trim());
            }
            return ids;
        }

        /** Configurations DS could not turn into a device (logged by SCR): they never will be. */
        private Set<String> failedDeviceConfigurations() {
            Set<String> pids = new HashSet<>();
            ServiceComponentRuntime runtime = scr;
            if (runtime == null) {
                return pids;
            }
            for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
                if (d.configurationPid == null || !Arrays.asList(d.configurationPid).contains(DeviceInstanceConfig.FACTORY_PID)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : runtime.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && c.properties != null) {
                        pids.add(String.valueOf(c.properties.get(Constants.SERVICE_PID)));
                    }
                }
            }
            return pids;
        }

        @Override
        public boolean displayPresent() {
            return ReadinessMonitor.this.displayPresent();
        }

        @Override
        public boolean firstScreenDrawn() {
            // ui-shell registers KioskUi once its first screen is drawn
            return context.getServiceReference(UI_SERVICE) != null;
        }

        @Override
        public String httpProblem() {
            if (http == null) {
                return "no HTTP service yet";
            }
            List<String> bound = endpoints();
            if (bound.isEmpty()) {
                return "not listening yet";
            }
            URI uri = URI.create(bound.get(0));
            String host = uri.getHost();
            if (host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
                host = "127.0.0.1";
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, uri.getPort()), 1000);
                return null;
            } catch (IOException e) {
                return "cannot connect to " + host + ":" + uri.getPort() + ": " + e.getMessage();
            }
        }
    }
}
