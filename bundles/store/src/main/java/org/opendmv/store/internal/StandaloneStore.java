package org.opendmv.store.internal;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.AuditLog;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.PaymentOrders;

/**
 * The store outside OSGi, on a plain class path: for other modules' unit tests (a real Derby
 * instead of a fake) and tools. Needs Liquibase (and its YAML parser) and the JDBC driver on the
 * class path. Not exported from the bundle.
 */
public final class StandaloneStore {
    private final JdbcStore store;
    private final JdbcPaymentOrders payments;
    private final JdbcOutbox outbox;

    private StandaloneStore(JdbcStore store, JdbcPaymentOrders payments, JdbcOutbox outbox) {
        this.store = store;
        this.payments = payments;
        this.outbox = outbox;
    }

    /**
     * Migrates the schema of {@code ds} (Liquibase runs only when it is not current: {@link Migrator}) and opens the store.
     *
     * @param keyFile the field key; created (mode 600) if missing and the database holds nothing encrypted
     */
    public static StandaloneStore open(DataSource ds, Path keyFile, String kioskId) throws Exception {
        Migrator.migrate(ds, Migrator.changelog(), d -> LiquibaseUpdate.onClassPath(d, StandaloneStore.class.getClassLoader()));
        Clock clock = Clock.systemDefaultZone();
        return new StandaloneStore(new JdbcStore(ds, StoreKey.open(ds, keyFile), kioskId, clock),
                new JdbcPaymentOrders(ds, clock), new JdbcOutbox(ds, clock));
    }

    public ApplicationStore applications() {
        return store;
    }

    public AuditLog audit() {
        return store;
    }

    public PaymentOrders payments() {
        return payments;
    }

    public Outbox outbox() {
        return outbox;
    }
}
