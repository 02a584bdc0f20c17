package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.AuditEntry;
import org.opendmv.store.api.NewApplication;

/**
 * Liquibase runs when the schema may need it (a new database, one from an older kiosk, a changed
 * change log) and not when the database says it is current.
 */
public class MigratorTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDataSource ds;
    private byte[] changelog;
    private final AtomicInteger liquibaseRuns = new AtomicInteger();

    @Before
    public void setUp() throws Exception {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        changelog = Migrator.changelog();
    }

    /** Liquibase with the change log of this build, counting its runs. */
    private Migrator.Engine liquibase() {
        return d -> {
            liquibaseRuns.incrementAndGet();
            LiquibaseUpdate.update(d, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        };
    }

    /** The first {@code n} change sets of this build's change log, as an older kiosk carried it. */
    private byte[] olderChangelog(int n) {
        String text = new String(changelog, StandardCharsets.UTF_8);
        String marker = "\n  - changeSet:";
        int at = -1;
        for (int i = 0; i <= n; i++) {
            at = text.indexOf(marker, at + 1);
            if (at < 0) {
                fail("the change log has fewer than " + (n + 1) + " change sets");
            }
        }
        return (text.substring(0, at) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Liquibase with another change log under the same path (db/changelog.yaml). */
    private Migrator.Engine liquibaseWith(byte[] log) throws Exception {
        Path root = tmp.newFolder().toPath();
        Files.createDirectories(root.resolve("db"));
        Files.write(root.resolve(Migrator.CHANGELOG), log);
        return d -> {
            liquibaseRuns.incrementAndGet();
            LiquibaseUpdate.update(d, new DirectoryResourceAccessor(root.toFile()));
        };
    }

    private List<String> applied() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static int changeSets(byte[] log) {
        return new String(log, StandardCharsets.UTF_8).split("\n  - changeSet:", -1).length - 1;
    }

    private void execute(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    public void aNewDatabaseIsMigratedByLiquibase() throws Exception {
        assertEquals(Migrator.Outcome.MIGRATED, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals(1, liquibaseRuns.get());
        assertEquals(changeSets(changelog), applied().size());
        assertTrue(applied().toString(), applied().contains("009-refund-requested-by"));
        String fingerprint = StoreKey.meta(ds, Migrator.FINGERPRINT);
        assertTrue(fingerprint, fingerprint.contains(Migrator.sha256(changelog)));
    }

    @Test
    public void aCurrentSchemaOpensWithoutLiquibaseAndWorks() throws Exception {
        Migrator.migrate(ds, changelog, liquibase());
        List<String> before = applied();

        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals("Liquibase ran for the new database only", 1, liquibaseRuns.get());
        assertEquals(before, applied());

        // the store opened this way stores and reads back
        StandaloneStore store = StandaloneStore.open(ds, tmp.getRoot().toPath().resolve("keys/store.key"), "K001");
        String serial = store.applications().submit(new NewApplication("dl-renewal", "11010519491231002X", 1000,
                Map.of("form.name", "张三"))).serial();
        assertEquals("张三", store.applications().find(serial).orElseThrow().payload().get("form.name"));
    }

    @Test
    public void aChangedChangelogRunsLiquibaseAgain() throws Exception {
        byte[] older = olderChangelog(7);
        assertEquals(Migrator.Outcome.MIGRATED, Migrator.migrate(ds, older, liquibaseWith(older)));
        assertEquals(List.of("001-applications", "002-audit", "003-counters", "004-attachments-payment",
                "005-payment-orders", "006-outbox", "007-store-meta"), applied());
        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(ds, older, liquibaseWith(older)));

        // this build's change log has two more change sets
        assertEquals(Migrator.Outcome.MIGRATED, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals(changeSets(changelog), applied().size());
        assertTrue(applied().toString(), applied().contains("008-boot-id") && applied().contains("009-refund-requested-by"));
        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals("the older change log once, this one once", 2, liquibaseRuns.get());
    }

    @Test
    public void aDatabaseOfAnOlderKioskIsUpgradedWithItsData() throws Exception {
        // an older kiosk: Liquibase alone, five change sets, no fingerprint (store_meta came later)
        LiquibaseUpdate.update(ds, new DirectoryResourceAccessor(writeOlder(olderChangelog(5)).toFile()));
        execute("INSERT INTO audit_log (logged_at, actor, action, subject) VALUES (CURRENT_TIMESTAMP, 'admin', 'config', 'before the upgrade')");

        StandaloneStore store = StandaloneStore.open(ds, tmp.getRoot().toPath().resolve("keys/store.key"), "K001");
        assertEquals(changeSets(changelog), applied().size());
        List<AuditEntry> audit = store.audit().latest(10);
        assertTrue(audit.toString(), audit.stream().anyMatch(e -> "before the upgrade".equals(e.subject())));
        assertTrue(StoreKey.meta(ds, Migrator.FINGERPRINT).contains(Migrator.sha256(changelog)));
        // and the next start finds it current
        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals(0, liquibaseRuns.get());
    }

    private Path writeOlder(byte[] log) throws Exception {
        Path root = tmp.newFolder().toPath();
        Files.createDirectories(root.resolve("db"));
        Files.write(root.resolve(Migrator.CHANGELOG), log);
        return root;
    }

    @Test
    public void aFailedMigrationIsTriedAgainAtTheNextStart() throws Exception {
        try {
            Migrator.migrate(ds, changelog, d -> {
                liquibaseRuns.incrementAndGet();
                throw new IllegalStateException("disk full");
            });
            fail("the failure must reach the caller");
        } catch (IllegalStateException e) {
            assertEquals("disk full", e.getMessage());
        }
        assertEquals(Migrator.Outcome.MIGRATED, Migrator.migrate(ds, changelog, liquibase()));
        assertEquals(2, liquibaseRuns.get());
    }

    @Test
    public void changeSetsRemovedBehindTheStoresBackAreNoticed() throws Exception {
        Migrator.migrate(ds, changelog, liquibase());
        // e.g. an operator rolled the last change set back with Liquibase's own tools
        execute("DROP INDEX ix_payment_refund_status");
        execute("ALTER TABLE payment_refund DROP COLUMN requested_by");
        execute("DELETE FROM DATABASECHANGELOG WHERE id = '009-refund-requested-by'");
        assertFalse(applied().contains("009-refund-requested-by"));

        assertEquals(Migrator.Outcome.MIGRATED, Migrator.migrate(ds, changelog, liquibase()));
        assertTrue(applied().contains("009-refund-requested-by"));
        assertEquals(2, liquibaseRuns.get());
    }
}
