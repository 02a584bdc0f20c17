package org.opendmv.store.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import liquibase.resource.OSGiResourceAccessor;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditEntry;
import org.opendmv.store.api.AuditLog;
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
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema, then offers the store. Bound to the configured data source: change
 * {@code org.ops4j.datasource-kiosk} (or this component's dataSource.target) to move databases.
 */
@Component(configurationPid = "org.opendmv.store", service = {ApplicationStore.class, AuditLog.class, StoreStatus.class,
        PaymentOrders.class, Outbox.class})
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements ApplicationStore, AuditLog, StoreStatus, PaymentOrders, Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final DataSource dataSource;
    private final String bootId;
    private volatile StoreConfig config;
    private volatile JdbcStore store;
    private final JdbcPaymentOrders payments;
    private final JdbcOutbox outbox;

    @Activate
    public StoreComponent(@Reference(name = "dataSource") DataSource dataSource, StoreConfig config, BundleContext ctx)
            throws Exception {
        long t0 = System.nanoTime();
        Migrator.migrate(dataSource, new OSGiResourceAccessor(ctx.getBundle()));
        this.dataSource = dataSource;
        // new at every framework launch, the same across component and bundle restarts: what "a restart" means
        this.bootId = ctx.getProperty("org.osgi.framework.uuid");
        this.config = config;
        this.store = open(config);
        this.payments = new JdbcPaymentOrders(dataSource, Clock.systemDefaultZone());
        this.outbox = new JdbcOutbox(dataSource, Clock.systemDefaultZone());
        LOG.info("Store ready on {} with migrations {} ({} ms)", store.database(), store.appliedMigrations(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private JdbcStore open(StoreConfig c) throws Exception {
        Path key = Path.of(c.key_file());
        if (!key.isAbsolute()) {
            key = Path.of(System.getProperty("karaf.etc", "etc")).resolve(key);
        }
        JdbcStore s = new JdbcStore(dataSource, FieldCipher.fromKeyFile(key), c.kiosk_id(), Clock.systemDefaultZone());
        s.bootId(bootId);
        return s;
    }

    /**
     * A configuration change does not restart the store (that would end the visits in progress and
     * look like a restart to the payment core): unchanged settings are ignored, a new key file or
     * kiosk id replace the inner store in place. A new data source is a new store (DS rebinds).
     */
    @Modified
    void modified(StoreConfig c) throws Exception {
        StoreConfig old = config;
        if (old.kiosk_id().equals(c.kiosk_id()) && old.key_file().equals(c.key_file())) {
            LOG.debug("Store configuration touched; nothing to change");
            return;
        }
        this.store = open(c);
        this.config = c;
        LOG.info("Store settings changed (kiosk id or key file); store kept running");
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
    public void updateRefund(String outRefundNo, String status, String refundId) {
        payments.updateRefund(outRefundNo, status, refundId);
    }

    @Override
    public List<PaymentRefundRecord> refunds(String outTradeNo) {
        return payments.refunds(outTradeNo);
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
