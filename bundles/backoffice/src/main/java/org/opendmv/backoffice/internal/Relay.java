package org.opendmv.backoffice.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opendmv.backoffice.api.BackOfficeGateway;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.forms.api.ApplicationForms;
import org.opendmv.forms.api.PrintResolver;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditLog;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay: on its own thread, claims due outbox rows, builds each submission from the store
 * (application JSON, the official form PDF, attachments), hands it to the configured
 * {@link BackOfficeGateway} and records the acknowledgement; a failure is retried with exponential
 * back-off, and after {@code max.attempts} (or at once for a non-temporary error) the row becomes FAILED
 * for staff ({@code kiosk:outbox-retry}). Nothing in a citizen's visit waits for it: the visit ends when
 * the application and its outbox row are committed.
 *
 * <p>After a crash (kill -9, power cut) rows left SENDING are put back to PENDING when the relay starts,
 * and delivered again with the same idempotency key, which the receiver recognises.
 *
 * <p>A second job, at start and every {@code purge.interval}, purges the personal data of applications
 * acknowledged more than {@code retention.days} ago and records it on the outbox row, so it runs once per
 * application (the store audits each purge); and removes the other copies the kiosk holds: file-drop
 * folders the back office has collected or that are older than {@code filedrop.retention.days}, and
 * temporary files left by a crashed process ({@link TempSweep}). Each removal is audited with the serial or
 * the file name and what went, never the content.
 */
@Component(configurationPid = Relay.PID, service = {}, immediate = true)
@Designate(ocd = RelayConfig.class)
public final class Relay {
    public static final String PID = "org.opendmv.backoffice";
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final int PURGE_BATCH = 100;
    static final String ACTOR = "retention";

    private final ApplicationStore store;
    private final AuditLog audit;
    private final Outbox outbox;
    private final SubmissionBuilder builder;
    private final Clock clock;
    private final Map<String, BackOfficeGateway> gateways = new ConcurrentHashMap<>();
    private volatile Settings settings;
    private volatile String missingGatewayLogged;
    /** The engine's, for applications stored without print.* (taken before forms came from descriptors). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PrintResolver printResolver;
    private ScheduledExecutorService executor;

    /** The relay's configuration, as plain values (tests build it directly). */
    record Settings(String gateway, int pollSeconds, int batch, int backoffInitialSeconds, int backoffMaxSeconds,
            int maxAttempts, int retentionDays, int purgeSeconds, int fileDropRetentionDays, List<Path> tempFolders) {
        Settings(String gateway, int pollSeconds, int batch, int backoffInitialSeconds, int backoffMaxSeconds,
                int maxAttempts, int retentionDays, int purgeSeconds) {
            this(gateway, pollSeconds, batch, backoffInitialSeconds, backoffMaxSeconds, maxAttempts, retentionDays,
                    purgeSeconds, 30, List.of()); // tests: no temporary folders unless given
        }

        static Settings from(RelayConfig c) {
            return new Settings(c.gateway() == null || c.gateway().isBlank() ? "file-drop" : c.gateway().trim(),
                    Math.max(1, c.poll_interval()), Math.max(1, Math.min(1000, c.batch())), Math.max(1, c.backoff_initial()),
                    Math.max(1, c.backoff_max()), Math.max(1, c.max_attempts()), Math.max(0, c.retention_days()),
                    Math.max(1, c.purge_interval()), Math.max(0, c.filedrop_retention_days()), tempFolders(c.temp_folders()));
        }

        static Settings defaults() {
            return new Settings("file-drop", 5, 20, 10, 3600, 50, 30, 3600);
        }

        /** The configured folders (comma-separated), or java.io.tmpdir. */
        static List<Path> tempFolders(String configured) {
            List<Path> out = new ArrayList<>();
            if (configured != null) {
                for (String f : configured.split(",")) {
                    if (!f.isBlank()) {
                        out.add(Path.of(f.trim()));
                    }
                }
            }
            if (out.isEmpty()) {
                out.add(Path.of(System.getProperty("java.io.tmpdir")));
            }
            return List.copyOf(out);
        }
    }

    @Activate
    public Relay(@Reference ApplicationStore store, @Reference Outbox outbox, @Reference ApplicationForms forms,
            @Reference AuditLog audit, RelayConfig config) {
        this(store, outbox, forms, audit, Settings.from(config), Clock.systemDefaultZone());
        int recovered = outbox.recoverInterrupted();
        if (recovered > 0) {
            LOG.warn("{} outbox entr{} left SENDING by an interrupted run: delivered again with the same idempotency key",
                    recovered, recovered == 1 ? "y was" : "ies were");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opendmv-backoffice-relay");
            t.setDaemon(true);
            return t;
        });
        executor.schedule(this::deliveryTick, 1, TimeUnit.SECONDS);
        // at start: what a crash left behind goes before the kiosk serves anyone for long
        executor.schedule(this::purgeTick, 0, TimeUnit.SECONDS);
        LOG.info("Back-office relay started: gateway {}, poll {} s, retention {} day(s)", settings.gateway(),
                settings.pollSeconds(), settings.retentionDays());
    }

    /** For tests: no thread; call {@link #deliverDue()} and {@link #purgeExpired()} directly. */
    Relay(ApplicationStore store, Outbox outbox, ApplicationForms forms, Settings settings, Clock clock) {
        this(store, outbox, forms, (AuditLog) null, settings, clock);
    }

    /** For tests: no thread; {@code audit} null audits nothing (the store still audits its purges). */
    Relay(ApplicationStore store, Outbox outbox, ApplicationForms forms, AuditLog audit, Settings settings, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.builder = new SubmissionBuilder(store, forms, ZoneId.systemDefault(), () -> printResolver);
        this.settings = settings;
        this.clock = clock;
    }

    @Modified
    void modified(RelayConfig config) {
        settings = Settings.from(config);
        missingGatewayLogged = null;
        LOG.info("Back-office relay reconfigured: gateway {}, poll {} s, retention {} day(s)", settings.gateway(),
                settings.pollSeconds(), settings.retentionDays());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Back-office relay thread did not stop in 10 s; its delivery is recovered at the next start");
        }
    }

    @Reference(service = BackOfficeGateway.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addGateway(BackOfficeGateway gateway, Map<String, Object> props) {
        Object name = props.get(BackOfficeGateway.PROPERTY);
        if (name != null) {
            gateways.put(String.valueOf(name), gateway);
            LOG.info("Back-office gateway {} available", name);
        } else {
            LOG.warn("A BackOfficeGateway without the service property {} is ignored: {}", BackOfficeGateway.PROPERTY, gateway);
        }
    }

    void removeGateway(BackOfficeGateway gateway, Map<String, Object> props) {
        Object name = props.get(BackOfficeGateway.PROPERTY);
        if (name != null) {
            gateways.remove(String.valueOf(name), gateway);
        }
    }

    private void deliveryTick() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.error("Back-office relay pass failed (retried at the next poll): {}", e.getMessage(), e);
        } finally {
            reschedule(this::deliveryTick, settings.pollSeconds());
        }
    }

    private void purgeTick() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            LOG.error("Retention purge failed (retried at the next run): {}", e.getMessage(), e);
        } finally {
            reschedule(this::purgeTick, settings.purgeSeconds());
        }
    }

    private void reschedule(Runnable task, int seconds) {
        ScheduledExecutorService ex = executor;
        if (ex != null && !ex.isShutdown() && !Thread.currentThread().isInterrupted()) {
            try {
                ex.schedule(task, seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /**
     * One relay pass: claims the due rows (at most one batch) and delivers them one after the other.
     *
     * @return how many were acknowledged
     */
    int deliverDue() {
        Settings s = settings;
        BackOfficeGateway gateway = gateways.get(s.gateway());
        if (gateway == null) {
            if (!s.gateway().equals(missingGatewayLogged)) {
                missingGatewayLogged = s.gateway();
                LOG.warn("Back-office gateway '{}' is not available (known: {}); applications wait in the outbox",
                        s.gateway(), gateways.keySet());
            }
            return 0;
        }
        missingGatewayLogged = null;
        int sent = 0;
        for (OutboxEntry e : outbox.claimDue(clock.instant(), s.batch())) {
            if (Thread.currentThread().isInterrupted()) {
                // stopping: give the claimed row back at once (recovery would do it at the next start)
                outbox.markFailed(e.id(), "relay stopped before the delivery", clock.instant(), false);
                continue;
            }
            if (deliver(gateway, e, s)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean deliver(BackOfficeGateway gateway, OutboxEntry e, Settings s) {
        long t0 = System.nanoTime();
        Submission submission = null;
        try {
            submission = builder.build(e);
            String ack = gateway.deliver(submission);
            if (ack == null || ack.isBlank()) {
                throw new GatewayException("the gateway returned no acknowledgement reference", false);
            }
            outbox.markSent(e.id(), ack);
            LOG.info("Application {} delivered to the back office via {} (ack {}, attempt {}, {} ms)", e.serial(), s.gateway(),
                    ack, e.attempts(), (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (GatewayException ex) {
            failed(e, s, ex.getMessage(), ex.temporary());
        } catch (RuntimeException ex) {
            // a defect or the store going away: keep retrying, staff see the error
            failed(e, s, ex.getClass().getSimpleName() + ": " + ex.getMessage(), true);
        } finally {
            if (submission != null) {
                submission.wipe();
            }
        }
        return false;
    }

    private void failed(OutboxEntry e, Settings s, String error, boolean temporary) {
        boolean terminal = !temporary || e.attempts() >= s.maxAttempts();
        Instant next = clock.instant().plus(backoff(e.attempts(), s));
        try {
            outbox.markFailed(e.id(), error, next, terminal);
        } catch (RuntimeException ex) {
            LOG.error("Could not record the failed delivery of {} (recovered at the next start): {}", e.serial(), ex.getMessage());
        }
        if (terminal) {
            LOG.error("Delivery of application {} FAILED after {} attempt(s): {} (staff: kiosk:outbox-retry {})", e.serial(),
                    e.attempts(), error, e.id());
        } else {
            LOG.warn("Delivery of application {} failed (attempt {}), next attempt at {}: {}", e.serial(), e.attempts(), next, error);
        }
    }

    /** Wait after the n-th failed attempt: initial × 2^(n-1), at most the configured maximum. */
    static Duration backoff(int attempts, Settings s) {
        int n = Math.max(1, attempts);
        long seconds = n > 30 ? s.backoffMaxSeconds() : Math.min(s.backoffMaxSeconds(), (long) s.backoffInitialSeconds() << (n - 1));
        return Duration.ofSeconds(seconds);
    }

    /**
     * The retention purge: personal data of applications acknowledged more than {@code retention.days}
     * ago is deleted by the store (which audits it); the outbox row records it so it is done once.
     *
     * @return how many applications were purged
     */
    int purgeExpired() {
        Settings s = settings;
        Instant cutoff = clock.instant().minus(Duration.ofDays(s.retentionDays()));
        String reason = "retention: " + s.retentionDays() + " days after acknowledgement";
        int n = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<OutboxEntry> due = outbox.acknowledgedBefore(cutoff, PURGE_BATCH);
            for (OutboxEntry e : due) {
                store.purgePersonalData(e.serial(), reason);
                outbox.markPurged(e.id());
                n++;
            }
            if (due.size() < PURGE_BATCH) {
                break;
            }
        }
        if (n > 0) {
            LOG.info("Retention purge: personal data of {} application(s) acknowledged before {} deleted", n, cutoff);
        }
        sweepCopies(s);
        return n;
    }

    /**
     * The copies outside the database: collected or expired file-drop folders (a delivery the outbox has not
     * recorded as SENT is never touched) and temporary files of crashed processes. Audited one by one.
     *
     * @return how many folders and files were removed
     */
    int sweepCopies(Settings s) {
        Instant now = clock.instant();
        int n = 0;
        for (BackOfficeGateway g : gateways.values()) {
            if (g instanceof FileDropGateway fileDrop) {
                for (FileDropGateway.Removed r : fileDrop.sweep(now, Duration.ofDays(s.fileDropRetentionDays()), this::notYetSent)) {
                    audit("retention.filedrop", r.serial() + ": " + r.why());
                    n++;
                }
            }
        }
        for (TempSweep.Removed r : TempSweep.sweep(s.tempFolders(), now)) {
            audit("retention.temp", r.name() + ": " + r.why());
            n++;
        }
        if (n > 0) {
            LOG.info("Retention: {} copy(ies) of personal data outside the database removed (see the audit log)", n);
        }
        return n;
    }

    /** True while the outbox has not recorded the delivery of this serial as acknowledged (or cannot tell). */
    private boolean notYetSent(String serial) {
        try {
            return outbox.entryOf(serial).map(e -> !Outbox.SENT.equals(e.state())).orElse(false);
        } catch (RuntimeException e) {
            return true; // store unavailable: keep everything
        }
    }

    private void audit(String action, String subject) {
        LOG.info("Retention: {} {}", action, subject);
        if (audit != null) {
            try {
                audit.record(ACTOR, action, subject);
            } catch (RuntimeException e) {
                LOG.warn("Could not audit {} {}: {}", action, subject, e.getMessage());
            }
        }
    }
}
