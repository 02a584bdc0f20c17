package org.opendmv.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ResourceAccessor;

/** Applies db/changelog.yaml with Liquibase 4 (Apache-2.0; 5.x is not). */
final class Migrator {
    static final String CHANGELOG = "db/changelog.yaml";

    private Migrator() {
    }

    static void migrate(DataSource ds, ResourceAccessor resources) throws SQLException, LiquibaseException {
        // no phoning home from a kiosk
        System.setProperty("liquibase.analytics.enabled", "false");
        try (Connection c = ds.getConnection()) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Liquibase lb = new Liquibase(CHANGELOG, resources, db);
            lb.update(new Contexts(), new LabelExpression());
            // Derby refuses to close a connection with an open transaction
            db.commit();
        }
    }
}
