package org.opendmv.store.internal;

import java.sql.Connection;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.OSGiResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Liquibase's update of {@value Migrator#CHANGELOG}: the only class of the store that touches
 * Liquibase, loaded only when a migration is needed ({@link Migrator}).
 */
final class LiquibaseUpdate {
    private LiquibaseUpdate() {
    }

    /**
     * In OSGi. The Liquibase bundle is installed but not started at boot (its start registers
     * hundreds of service-loader providers through SPI Fly, seconds of a kiosk's boot on 2 cores);
     * it is started here, transiently, when the schema needs it.
     */
    static void inBundle(DataSource ds, Bundle store) throws Exception {
        startLiquibase(store);
        update(ds, new OSGiResourceAccessor(store));
    }

    /** On a plain class path (unit tests, tools). */
    static void onClassPath(DataSource ds, ClassLoader loader) throws Exception {
        update(ds, new ClassLoaderResourceAccessor(loader));
    }

    /** With any resource accessor holding {@value Migrator#CHANGELOG} (tests: another change log). */
    static void update(DataSource ds, ResourceAccessor resources) throws Exception {
        // no phoning home from a kiosk
        System.setProperty("liquibase.analytics.enabled", "false");
        try (Connection c = ds.getConnection()) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Liquibase lb = new Liquibase(Migrator.CHANGELOG, resources, db);
            lb.update(new Contexts(), new LabelExpression());
            // Derby refuses to close a connection with an open transaction
            db.commit();
        }
    }

    private static void startLiquibase(Bundle store) throws BundleException {
        BundleWiring wiring = store.adapt(BundleWiring.class);
        if (wiring == null) {
            return;
        }
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            if ("liquibase".equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                Bundle liquibase = wire.getProvider().getBundle();
                if (liquibase.getState() != Bundle.ACTIVE) {
                    liquibase.start(Bundle.START_TRANSIENT);
                }
                return;
            }
        }
    }
}
