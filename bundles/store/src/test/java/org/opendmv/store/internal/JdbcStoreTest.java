package org.opendmv.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.NewApplication;

public class JdbcStoreTest {
    private static final String ID = "11010519491231002X";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDataSource ds;
    private JdbcStore store;

    @Before
    public void setUp() throws Exception {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        LiquibaseUpdate.update(ds, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        store = new JdbcStore(ds, StoreKey.open(ds, tmp.getRoot().toPath().resolve("keys/store.key")), "K001",
                Clock.systemDefaultZone());
    }

    @Test
    public void migrationIsRepeatableAndRecorded() throws Exception {
        LiquibaseUpdate.update(ds, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        assertEquals(List.of("001-applications", "002-audit", "003-counters", "004-attachments-payment",
                "005-payment-orders", "006-outbox", "007-store-meta", "008-boot-id", "009-refund-requested-by"), store.appliedMigrations());
        assertTrue(store.database().startsWith("Apache Derby"));
    }

    @Test
    public void submitAssignsSerialsAndKeepsHistory() {
        Application a = store.submit(new NewApplication("dl-renewal", ID, 1000, Map.of("form.mobile", "13812345678")));
        Application b = store.submit(new NewApplication("dl-renewal", ID, 1000, Map.of()));
        assertTrue(a.serial(), a.serial().matches("\\d{8}K001\\d{6}"));
        assertTrue(a.serial() + " < " + b.serial(), b.serial().compareTo(a.serial()) > 0);
        assertEquals("110105********002X", a.maskedIdNumber());
        assertEquals(2, store.count());
        Application read = store.find(a.serial()).orElseThrow();
        assertEquals("13812345678", read.payload().get("form.mobile"));
        assertEquals(Application.SUBMITTED, read.status());
        store.changeStatus(a.serial(), "SENT", "back office 200");
        assertEquals("SENT", store.find(a.serial()).orElseThrow().status());
        assertEquals(List.of("SUBMITTED", "SENT"), store.history(a.serial()).stream().map(s -> s.status()).collect(java.util.stream.Collectors.toList()));
        assertEquals("application.status", store.latest(1).get(0).action());
        assertFalse(store.find("nope").isPresent());
    }

    @Test
    public void unknownSerialIsAClearError() {
        try {
            store.changeStatus("20260101K001999999", "SENT", null);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no application with serial 20260101K001999999", e.getMessage());
        }
    }

    @Test
    public void personalDataIsNotStoredInClear() throws Exception {
        Application a = store.submit(new NewApplication("dl-renewal", ID, 1000, Map.of("name", "张三样例")));
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id_hash, id_masked, payload FROM applications WHERE serial = '" + a.serial() + "'")) {
            rs.next();
            assertNotEquals(ID, rs.getString(1));
            assertEquals(64, rs.getString(1).length());
            assertFalse(rs.getString(2).contains("19491231"));
            String raw = new String(rs.getBytes(3), StandardCharsets.ISO_8859_1);
            assertFalse(raw.contains("name"));
            assertFalse(new String(rs.getBytes(3), StandardCharsets.UTF_8).contains("张三"));
        }
        List<String> audit = store.latest(10).stream().map(Object::toString).collect(java.util.stream.Collectors.toList());
        assertTrue(audit.stream().noneMatch(s -> s.contains("1949") || s.contains("张三")));
    }

    @Test
    public void keyFileIsCreatedPrivateAndLooseOnesAreRefused() throws Exception {
        Path key = tmp.getRoot().toPath().resolve("keys/store.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            FieldCipher.fromKeyFile(key);
            fail("a world-readable key must be refused");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("chmod 600"));
        }
        Path bad = tmp.newFile("bad.key").toPath();
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(bad, "not hex");
        try {
            FieldCipher.fromKeyFile(bad);
            fail();
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage().contains("hex"));
        }
    }

    @Test
    public void tamperedCiphertextIsDetected() throws Exception {
        FieldCipher c = StoreKey.open(ds, tmp.getRoot().toPath().resolve("keys/store.key"));
        byte[] sealed = c.encrypt("hello".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), c.decrypt(sealed));
        sealed[sealed.length - 1] ^= 1;
        try {
            c.decrypt(sealed);
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("tampered"));
        }
    }

    @Test
    public void badKioskIdIsRefused() throws Exception {
        try {
            new JdbcStore(ds, StoreKey.open(ds, tmp.getRoot().toPath().resolve("keys/store.key")), "k 1", Clock.systemUTC());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("kiosk id"));
        }
    }
}
