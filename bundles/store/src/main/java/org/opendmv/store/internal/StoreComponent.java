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
import org.opendmv.store.api.StatusChange;
import org.opendmv.store.api.StoreStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema, then offers the store. Bound to the configured data source: change
 * {@code org.ops4j.datasource-kiosk} (or this component's dataSource.target) to move databases.
 */
@Component(configurationPid = "org.opendmv.store", service = {ApplicationStore.class, AuditLog.class, StoreStatus.class})
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements ApplicationStore, AuditLog, StoreStatus {
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final JdbcStore store;

    @Activate
    public StoreComponent(@Reference(name = "dataSource") DataSource dataSource, StoreConfig config, BundleContext ctx)
            throws Exception {
        long t0 = System.nanoTime();
        Migrator.migrate(dataSource, new OSGiResourceAccessor(ctx.getBundle()));
        Path key = Path.of(config.key_file());
        if (!key.isAbsolute()) {
            key = Path.of(System.getProperty("karaf.etc", "etc")).resolve(key);
        }
        this.store = new JdbcStore(dataSource, FieldCipher.fromKeyFile(key), config.kiosk_id(), Clock.systemDefaultZone());
        LOG.info("Store ready on {} with migrations {} ({} ms)", store.database(), store.appliedMigrations(),
                (System.nanoTime() - t0) / 1_000_000);
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
}
