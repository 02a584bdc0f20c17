package org.opendmv.store.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditEntry;
import org.opendmv.store.api.AuditLog;
import org.opendmv.store.api.KioskIdentity;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;
import org.opendmv.store.api.PaidOutcome;
import org.opendmv.store.api.PaymentOrderChange;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.api.PaymentRefundRecord;
import org.opendmv.store.api.StatusChange;
import org.opendmv.store.api.StoreStatus;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema, then offers the store. Bound to the configured data source: change
 * {@code org.ops4j.datasource-kiosk} (or this component's dataSource.target) to move databases.
 *
 * <p>Opening (Derby's boot, the migration when one is needed, the key check) runs on its own thread,
 * not on the thread that activates the component: that is the framework's bundle-start thread, and
 * every bundle after the store (the businesses among them) would wait for the database. The store's
 * services are registered once it is open, so whoever needs them still gets an open, migrated store;
 * {@code /api/health} says STARTING until then. A store that cannot open logs why and offers nothing,
 * as before; a configuration change (e.g. another key file) tries again.
 */
@Component(configurationPid = "org.opendmv.store", service = {}, immediate = true)
// what DS would declare for the services it registered (Karaf's resolver checks other bundles' service requirements)
@Capability(namespace = "osgi.service", uses = ApplicationStore.class, attribute = "objectClass:List<String>=\"org.opendmv.store.api.ApplicationStore,"
        + "org.opendmv.store.api.AuditLog,org.opendmv.store.api.Outbox,org.opendmv.store.api.PaymentOrders,org.opendmv.store.api.StoreStatus\"")
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements ApplicationStore, AuditLog, StoreStatus, PaymentOrders, Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    static final String[] SERVICES = {ApplicationStore.class.getName(), AuditLog.class.getName(), StoreStatus.class.getName(),
        PaymentOrders.class.getName(), Outbox.class.getName()};
    private static final long STOP_WAIT_MS = 30_000;

    private final DataSource dataSource;
    private final String bootId;
    private final KioskIdentity identity;
    private final BundleContext context;
    private volatile StoreConfig config;
    private volatile Map<String, Object> properties;
    private volatile JdbcStore store;
    private final JdbcPaymentOrders payments;
    private final JdbcOutbox outbox;
    private final Object lock = new Object();
    private Thread opening;
    private ServiceRegistration<?> registration;
    private boolean failed;
    private boolean closed;

    /** The Derby database directory a first boot may unpack the build-time schema into ({@link DatabaseTemplate}). */
    private final Optional<Path> newDatabase;

    @Activate
    public StoreComponent(@Reference(name = "dataSource") Map.Entry<Map<String, Object>, DataSource> dataSource,
            @Reference KioskIdentity identity, StoreConfig config, BundleContext ctx, Map<String, Object> properties) {
        // pax-jdbc-config publishes the data source's url (never its password) as a service property
        this(dataSource.getValue(), DatabaseTemplate.creatableDirectory(dataSource.getKey().get("url")), identity, config, ctx,
                properties);
    }

    StoreComponent(DataSource dataSource, KioskIdentity identity, StoreConfig config, BundleContext ctx, Map<String, Object> properties) {
        this(dataSource, Optional.empty(), identity, config, ctx, properties);
    }

    StoreComponent(DataSource dataSource, Optional<Path> newDatabase, KioskIdentity identity, StoreConfig config, BundleContext ctx,
            Map<String, Object> properties) {
        this.dataSource = dataSource;
        this.newDatabase = newDatabase;
        this.identity = identity;
        this.context = ctx;
        // new at every framework launch, the same across component and bundle restarts: what "a restart" means
        this.bootId = ctx.getProperty("org.osgi.framework.uuid");
        this.config = config;
        this.properties = properties;
        this.payments = new JdbcPaymentOrders(dataSource, Clock.systemDefaultZone());
        this.outbox = new JdbcOutbox(dataSource, Clock.systemDefaultZone());
        synchronized (lock) {
            startOpening();
        }
    }

    /** Under {@link #lock}. */
    private void startOpening() {
        failed = false;
        opening = new Thread(this::openAndRegister, "opendmv-store-open");
        opening.setDaemon(true);
        opening.start();
    }

    private void openAndRegister() {
        long t0 = System.nanoTime();
        try {
            boolean fromTemplate = unpackTemplate();
            Migrator.Outcome outcome = Migrator.migrate(dataSource, Migrator.changelog(),
                    ds -> LiquibaseUpdate.inBundle(ds, context.getBundle()));
            StoreConfig used = config;
            JdbcStore s = open(used);
            // logged before the services go out: their users start on this thread
            LOG.info("Store ready on {} with migrations {} ({} ms{})", s.database(), s.appliedMigrations(),
                    (System.nanoTime() - t0) / 1_000_000,
                    fromTemplate && outcome == Migrator.Outcome.CURRENT ? "; a new database from the build-time schema, Liquibase not needed"
                            : outcome == Migrator.Outcome.CURRENT ? "; schema current, Liquibase not needed" : "");
            Map<String, Object> published;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                this.store = s;
                published = properties;
            }
            // not under the lock: registering activates the store's users, on this thread
            ServiceRegistration<?> r = context.registerService(SERVICES, this, serviceProperties(published));
            boolean gone;
            synchronized (lock) {
                gone = closed;
                if (!gone) {
                    registration = r;
                    if (properties != published) {
                        r.setProperties(serviceProperties(properties));
                    }
                }
            }
            if (gone) {
                r.unregister();
                return;
            }
            StoreConfig now = config;
            if (!now.key_file().equals(used.key_file())) {
                // the key file changed while the store was opening: as modified() would have done
                this.store = open(now);
                LOG.info("Store key file changed; store kept running");
            }
        } catch (Exception e) {
            synchronized (lock) {
                // a key change that failed after the store went out leaves it running on its old key
                failed = registration == null;
                if (closed) {
                    return;
                }
            }
            if (!(e instanceof StoreKeyProblem)) {
                LOG.error("The store could not start: {}", e.getMessage(), e);
            }
        }
    }

    /** A first boot: the empty database with the current schema, made at build time. Never fatal. */
    private boolean unpackTemplate() {
        if (newDatabase.isEmpty() || !config.database_template()) {
            return false;
        }
        try {
            return DatabaseTemplate.install(newDatabase.get(), StoreComponent.class.getClassLoader().getResource(DatabaseTemplate.RESOURCE));
        } catch (IOException | RuntimeException e) {
            // Derby creates the database and Liquibase migrates it, as without a template
            LOG.warn("The build-time database could not be used ({}); creating the database instead", e.getMessage());
            return false;
        }
    }

    /** What DS would publish: the component's properties without the private ones (leading dot). */
    private static Dictionary<String, Object> serviceProperties(Map<String, Object> props) {
        Hashtable<String, Object> out = new Hashtable<>();
        props.forEach((k, v) -> {
            if (!k.startsWith(".") && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Deactivate
    void deactivate() {
        Thread t;
        ServiceRegistration<?> r;
        synchronized (lock) {
            closed = true;
            t = opening;
            r = registration;
            registration = null;
        }
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                // a migration half-way: let it end before the data source goes
                t.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private JdbcStore open(StoreConfig c) throws Exception {
        Path key = Path.of(c.key_file());
        if (!key.isAbsolute()) {
            key = Path.of(System.getProperty("karaf.etc", "etc")).resolve(key);
        }
        FieldCipher cipher;
        try {
            cipher = StoreKey.open(dataSource, key);
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            throw new StoreKeyProblem(e);
        }
        if (!c.kiosk_id().isBlank() && !c.kiosk_id().equals(identity.kioskId())) {
            LOG.warn("kiosk_id in org.opendmv.store ({}) is no longer used: this kiosk's id is {} (kiosk.id in"
                    + " etc/org.opendmv.kiosk.cfg)", c.kiosk_id(), identity.kioskId());
        }
        JdbcStore s = new JdbcStore(dataSource, cipher, identity::kioskId, Clock.systemDefaultZone());
        s.bootId(bootId);
        return s;
    }

    /** A key problem, already logged with its instructions. */
    private static final class StoreKeyProblem extends Exception {
        private static final long serialVersionUID = 1L;

        StoreKeyProblem(IllegalStateException e) {
            super(e.getMessage(), e);
        }
    }

    /**
     * A configuration change does not restart the store (that would end the visits in progress and
     * look like a restart to the payment core): unchanged settings are ignored, a new key file
     * replaces the inner store in place (checked against the database first). A new data source is a
     * new store (DS rebinds). A store that could not open tries again with the new settings.
     */
    @Modified
    void modified(StoreConfig c, Map<String, Object> props) throws Exception {
        StoreConfig old = config;
        synchronized (lock) {
            this.properties = props;
            if (failed) {
                this.config = c;
                LOG.info("Store configuration changed; opening the store again");
                startOpening();
                return;
            }
            if (registration == null) {
                // still opening: it reads the new settings if it has not yet
                this.config = c;
                return;
            }
            registration.setProperties(serviceProperties(props));
        }
        if (old.key_file().equals(c.key_file())) {
            LOG.debug("Store configuration touched; nothing to change");
            this.config = c;
            return;
        }
        this.store = open(c);
        this.config = c;
        LOG.info("Store key file changed; store kept running");
    }

    @Override
    public Application submit(NewApplication application) {
        return store.submit(application);
    }

    @Override
    public Optional<Application> find(String serial) {
        return store.find(serial);
    }

    @Override
    public List<Application> recent(int max) {
        return store.recent(max);
    }

    @Override
    public List<StatusChange> history(String serial) {
        return store.history(serial);
    }

    @Override
    public void changeStatus(String serial, String status, String note) {
        store.changeStatus(serial, status, note);
    }

    @Override
    public boolean changeStatusIf(String serial, String expected, String status, String note) {
        return store.changeStatusIf(serial, expected, status, note);
    }

    @Override
    public boolean cancelUnpaid(String serial, String expected, String reason) {
        return store.cancelUnpaid(serial, expected, reason);
    }

    @Override
    public List<String> fromEarlierRuns(String status) {
        return store.fromEarlierRuns(status);
    }

    @Override
    public List<String> serialsWithStatus(String status) {
        return store.serialsWithStatus(status);
    }

    @Override
    public long count() {
        return store.count();
    }

    @Override
    public java.util.List<Application> byIdNumber(String idNumber, int max) {
        return store.byIdNumber(idNumber, max);
    }

    @Override
    public java.util.List<String> attachmentNames(String serial) {
        return store.attachmentNames(serial);
    }

    @Override
    public Optional<org.opendmv.store.api.Attachment> attachment(String serial, String name) {
        return store.attachment(serial, name);
    }

    @Override
    public void setPaymentReference(String serial, String paymentRef) {
        store.setPaymentReference(serial, paymentRef);
    }

    @Override
    public Optional<String> paymentReference(String serial) {
        return store.paymentReference(serial);
    }

    @Override
    public void purgePersonalData(String serial, String reason) {
        store.purgePersonalData(serial, reason);
    }

    @Override
    public void record(String actor, String action, String subject) {
        store.record(actor, action, subject);
    }

    @Override
    public List<AuditEntry> latest(int max) {
        return store.latest(max);
    }

    @Override
    public String database() {
        return store.database();
    }

    @Override
    public List<String> appliedMigrations() {
        return store.appliedMigrations();
    }

    // --- payment orders ---

    @Override
    public PaymentOrderRecord insert(String outTradeNo, String serial, String provider, long amountFen, String description,
            java.time.Instant expiresAt) {
        return payments.insert(outTradeNo, serial, provider, amountFen, description, expiresAt);
    }

    @Override
    public Optional<PaymentOrderRecord> changeState(String outTradeNo, String expectedState, String newState, String codeUrl,
            String message, String note) {
        return payments.changeState(outTradeNo, expectedState, newState, codeUrl, message, note);
    }

    @Override
    public Optional<PaymentOrderRecord> order(String outTradeNo) {
        return payments.order(outTradeNo);
    }

    @Override
    public List<PaymentOrderRecord> ordersOf(String serial) {
        return payments.ordersOf(serial);
    }

    @Override
    public List<PaymentOrderRecord> recentOrders(int max, String state) {
        return payments.recentOrders(max, state);
    }

    @Override
    public List<PaymentOrderRecord> openOrders() {
        return payments.openOrders();
    }

    @Override
    public List<PaymentOrderRecord> paidNotApplied() {
        return payments.paidNotApplied();
    }

    @Override
    public List<PaymentOrderChange> orderHistory(String outTradeNo) {
        return payments.orderHistory(outTradeNo);
    }

    @Override
    public PaidOutcome markPaid(String outTradeNo, String transactionId, String note) {
        return payments.markPaid(outTradeNo, transactionId, note);
    }

    @Override
    public boolean insertRefund(String outRefundNo, String outTradeNo, long amountFen, String reason) {
        return payments.insertRefund(outRefundNo, outTradeNo, amountFen, reason);
    }

    @Override
    public boolean insertRefund(String outRefundNo, String outTradeNo, long amountFen, String reason, String requestedBy) {
        return payments.insertRefund(outRefundNo, outTradeNo, amountFen, reason, requestedBy);
    }

    @Override
    public void updateRefund(String outRefundNo, String status, String refundId) {
        payments.updateRefund(outRefundNo, status, refundId);
    }

    @Override
    public List<PaymentRefundRecord> refunds(String outTradeNo) {
        return payments.refunds(outTradeNo);
    }

    @Override
    public List<PaymentRefundRecord> unfinishedRefunds() {
        return payments.unfinishedRefunds();
    }

    // --- back-office outbox ---

    @Override
    public int recoverInterrupted() {
        return outbox.recoverInterrupted();
    }

    @Override
    public List<OutboxEntry> claimDue(java.time.Instant now, int max) {
        return outbox.claimDue(now, max);
    }

    @Override
    public Optional<OutboxEntry> markSent(long id, String ackReference) {
        return outbox.markSent(id, ackReference);
    }

    @Override
    public Optional<OutboxEntry> markFailed(long id, String error, java.time.Instant nextAttemptAt, boolean terminal) {
        return outbox.markFailed(id, error, nextAttemptAt, terminal);
    }

    @Override
    public OutboxEntry retry(long id, String actor) {
        return outbox.retry(id, actor);
    }

    @Override
    public List<OutboxEntry> entries(String state, int max) {
        return outbox.entries(state, max);
    }

    @Override
    public Optional<OutboxEntry> entry(long id) {
        return outbox.entry(id);
    }

    @Override
    public Optional<OutboxEntry> entryOf(String serial) {
        return outbox.entryOf(serial);
    }

    @Override
    public List<OutboxEntry> acknowledgedBefore(java.time.Instant cutoff, int max) {
        return outbox.acknowledgedBefore(cutoff, max);
    }

    @Override
    public void markPurged(long id) {
        outbox.markPurged(id);
    }
}
