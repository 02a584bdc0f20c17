package org.opendmv.store.internal;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Build step (exec-maven-plugin, before the unit tests and the jar): creates an empty Derby database,
 * migrates it with the store's change log through Liquibase — as a first boot would — shuts it down
 * cleanly and zips it into {@value DatabaseTemplate#RESOURCE} of the store bundle. Arguments: the
 * classes directory, a scratch directory.
 */
public final class BuildDatabaseTemplate {
    /** The build log needs the outcome, not Liquibase's every line (held: JUL keeps loggers weakly). */
    private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

    private BuildDatabaseTemplate() {
    }

    public static void main(String[] args) throws Exception {
        LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
        Path classes = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        DatabaseTemplate.deleteTree(scratch);
        Path db = scratch.resolve("kiosk");
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(db.toString());
        ds.setCreateDatabase("create");
        Migrator.Outcome outcome = Migrator.migrate(ds, Migrator.changelog(),
                d -> LiquibaseUpdate.onClassPath(d, BuildDatabaseTemplate.class.getClassLoader()));
        if (outcome != Migrator.Outcome.MIGRATED || StoreKey.meta(ds, StoreKey.CHECK) != null) {
            throw new IllegalStateException("expected a new, migrated database without a key check");
        }
        long changeSets;
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM DATABASECHANGELOG")) {
            rs.next();
            changeSets = rs.getLong(1);
        }
        try {
            ds.setShutdownDatabase("shutdown");
            ds.getConnection().close();
        } catch (SQLException e) {
            // Derby reports a clean shutdown as SQLState 08006
            if (!"08006".equals(e.getSQLState())) {
                throw e;
            }
        }
        Path zip = classes.resolve(DatabaseTemplate.RESOURCE);
        Files.createDirectories(zip.getParent());
        List<Path> files;
        try (Stream<Path> s = Files.walk(db)) {
            // lock files are a running database's, not the template's
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".lck")).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(db.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        System.out.printf("store: database template %s (%d files, %d bytes, %d change sets)%n", zip, files.size(), Files.size(zip),
                changeSets);
    }
}
