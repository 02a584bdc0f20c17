package org.opendmv.health.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HTTP up. When Pax Web cannot start (its port held by another process, e.g. right after a
 * kill -9 and restart) it logs once and never tries again: no health, phone upload or payment
 * notifications while SSH and the workers run. This watchdog notices that the HTTP runtime is
 * missing, logs an OPERATOR ALERT with the reason (which address and port cannot be bound), and
 * restarts the Pax Web runtime with back-off until HTTP listens again.
 */
@Component(immediate = true, service = {}, configurationPid = HttpBindWatchdog.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpBindWatchdog.Config.class)
public final class HttpBindWatchdog {
    public static final String PID = "org.opendmv.http.watchdog";
    static final String PAX_WEB_PID = "org.ops4j.pax.web";
    static final String PAX_WEB_RUNTIME = "org.ops4j.pax.web.pax-web-runtime";
    private static final Logger LOG = LoggerFactory.getLogger(HttpBindWatchdog.class);

    @ObjectClassDefinition(name = "OpenDMV HTTP watchdog", description = "Restarts the HTTP service when it could not start (e.g. its port was busy)")
    public @interface Config {
        @AttributeDefinition(name = "Grace (s)", description = "How long HTTP may take to come up, at start and after each restart", min = "1")
        int grace_seconds() default 30;

        @AttributeDefinition(name = "First back-off (s)", min = "1")
        int backoff_initial_seconds() default 5;

        @AttributeDefinition(name = "Longest back-off (s)", min = "1")
        int backoff_max_seconds() default 60;
    }

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ServiceTracker<HttpServiceRuntime, HttpServiceRuntime> runtime;
    private final ScheduledExecutorService timer;
    private final Retry retry;

    @Activate
    public HttpBindWatchdog(BundleContext context, @Reference ConfigurationAdmin configAdmin, Config config) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.retry = new Retry(config.grace_seconds() * 1000L, config.backoff_initial_seconds() * 1000L,
                config.backoff_max_seconds() * 1000L, System.nanoTime() / 1_000_000);
        this.runtime = new ServiceTracker<>(context, HttpServiceRuntime.class, null);
        runtime.open();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opendmv-http-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        runtime.close();
    }

    private void check() {
        try {
            HttpSettings http = settings();
            long now = System.nanoTime() / 1_000_000;
            // nothing to do when HTTP is off, serving, or its runtime bundle was stopped on purpose (or is starting)
            boolean up = !http.enabled() || !runtime.isEmpty() || !runtimeBundleActive();
            switch (retry.next(up, now)) {
                case RECOVERED:
                    LOG.info("HTTP listening again on {} after {} restart(s) of the HTTP service", http.describe(), retry.restarts());
                    return;
                case RESTART:
                    int closed = stopLeakedConnectors();
                    List<String> busy = busy(http);
                    if (!busy.isEmpty()) {
                        // restarting now would only bind the free ports and leave them bound again
                        LOG.error("OPERATOR ALERT: HTTP is not listening on {}: cannot bind {}: another program holds the port"
                                + " (a kiosk still running, or a previous one not yet gone), or the address is not on this"
                                + " machine. /api/health, the phone upload page and payment notifications are unavailable"
                                + " until then; next try in {} s.", http.describe(), String.join(", ", busy),
                                retry.nextTryMs(now) / 1000);
                        return;
                    }
                    LOG.error("OPERATOR ALERT: HTTP is not listening on {} although its ports are free{}: /api/health, the phone"
                            + " upload page and payment notifications are unavailable. Restarting the HTTP service (attempt {}).",
                            http.describe(), closed > 0 ? " (" + closed + " socket(s) left by the failed start closed)" : "",
                            retry.restarts());
                    restartRuntime();
                    return;
                default:
                    return;
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP watchdog: {}", e.toString());
        }
    }

    private boolean runtimeBundleActive() {
        for (Bundle b : context.getBundles()) {
            if (PAX_WEB_RUNTIME.equals(b.getSymbolicName())) {
                return b.getState() == Bundle.ACTIVE;
            }
        }
        return false;
    }

    private void restartRuntime() {
        for (Bundle b : context.getBundles()) {
            if (PAX_WEB_RUNTIME.equals(b.getSymbolicName())) {
                try {
                    // transient: the bundle's persistent start state stays as the features service set it
                    b.stop(Bundle.STOP_TRANSIENT);
                    b.start(Bundle.START_TRANSIENT);
                } catch (BundleException | IllegalStateException e) {
                    LOG.error("OPERATOR ALERT: could not restart the HTTP service ({}): {}", PAX_WEB_RUNTIME, e.toString());
                }
                return;
            }
        }
        LOG.error("OPERATOR ALERT: the HTTP service bundle {} is not installed", PAX_WEB_RUNTIME);
    }

    /** What the HTTP service is configured to listen on (etc/org.ops4j.pax.web.cfg). */
    private HttpSettings settings() {
        Dictionary<String, Object> p = null;
        try {
            Configuration[] cs = configAdmin.listConfigurations("(service.pid=" + PAX_WEB_PID + ")");
            if (cs != null && cs.length > 0) {
                p = cs[0].getProperties();
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.debug("no Pax Web configuration", e);
        }
        return HttpSettings.of(p);
    }

    /** The configured address:port pairs that cannot be bound now, with the reason; tries each the way Jetty would. */
    static List<String> busy(HttpSettings http) {
        List<String> busy = new ArrayList<>();
        for (InetSocketAddress a : http.endpoints()) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(a);
            } catch (IOException e) {
                busy.add(a.getHostString() + ":" + a.getPort() + " (" + e.getMessage() + ")");
            }
        }
        return busy;
    }

    /**
     * Jetty keeps the connectors that did bind when another one failed, and Pax Web never stops a
     * server that did not start: those sockets stay bound and make every later start fail. With no
     * HTTP runtime registered, any started Jetty connector in this JVM is such a leftover: stop it
     * through Jetty's JMX beans (Pax Web registers them).
     */
    static int stopLeakedConnectors() {
        int stopped = 0;
        try {
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName n : mbs.queryNames(new ObjectName("org.eclipse.jetty.server:type=serverconnector,*"), null)) {
                try {
                    if ("STARTED".equals(String.valueOf(mbs.getAttribute(n, "state")))) {
                        mbs.invoke(n, "stop", new Object[0], new String[0]);
                        stopped++;
                    }
                } catch (JMException | RuntimeException e) {
                    LOG.warn("HTTP watchdog: could not stop Jetty connector {}: {}", n, e.toString());
                }
            }
        } catch (MalformedObjectNameException | RuntimeException e) {
            LOG.warn("HTTP watchdog: Jetty's JMX beans are not readable: {}", e.toString());
        }
        return stopped;
    }

    /** The retry rule, without clocks or threads of its own. Times in milliseconds. */
    static final class Retry {
        enum Action { NONE, RESTART, RECOVERED }

        private final long grace;
        private final long initial;
        private final long max;
        private long waitUntil;
        private int restarts;
        private long backoff;

        Retry(long grace, long initial, long max, long start) {
            this.grace = Math.max(1, grace);
            this.initial = Math.max(1, initial);
            this.max = Math.max(this.initial, max);
            this.waitUntil = start + this.grace;
        }

        Action next(boolean up, long now) {
            if (up) {
                if (restarts > 0) {
                    Action a = Action.RECOVERED;
                    reset(now);
                    return a;
                }
                waitUntil = now + grace;
                return Action.NONE;
            }
            if (now < waitUntil) {
                return Action.NONE;
            }
            backoff = restarts == 0 ? initial : Math.min(max, backoff * 2);
            restarts++;
            // the restarted runtime gets its grace, then the back-off
            waitUntil = now + grace + backoff;
            return Action.RESTART;
        }

        private int lastRestarts;

        private void reset(long now) {
            lastRestarts = restarts;
            restarts = 0;
            backoff = 0;
            waitUntil = now + grace;
        }

        int restarts() {
            return restarts > 0 ? restarts : lastRestarts;
        }

        long backoffMs() {
            return backoff;
        }

        long nextTryMs(long now) {
            return Math.max(0, waitUntil - now);
        }
    }
}
