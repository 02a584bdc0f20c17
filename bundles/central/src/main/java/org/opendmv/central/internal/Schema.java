package org.opendmv.central.internal;

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

/** Brings the central's PostgreSQL schema to {@value #CHANGELOG} with Liquibase (as bundles/store does for Derby). */
final class Schema {
    static final String CHANGELOG = "db/central-changelog.yaml";

    private Schema() {
    }

    /** In OSGi: Liquibase's bundle is started transiently when needed (Karaf installs it without starting it). */
    static void migrateInBundle(DataSource ds, Bundle central) throws Exception {
        startLiquibase(central);
        update(ds, new OSGiResourceAccessor(central));
    }

    /** On a plain class path (unit tests, tools). */
    static void migrateOnClassPath(DataSource ds) throws Exception {
        update(ds, new ClassLoaderResourceAccessor(Schema.class.getClassLoader()));
    }

    private static void update(DataSource ds, ResourceAccessor resources) throws Exception {
        // no phoning home
        System.setProperty("liquibase.analytics.enabled", "false");
        try (Connection c = ds.getConnection()) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Liquibase lb = new Liquibase(CHANGELOG, resources, db);
            lb.update(new Contexts(), new LabelExpression());
            db.commit();
        }
    }

    private static void startLiquibase(Bundle bundle) throws BundleException {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
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
