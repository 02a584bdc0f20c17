package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.NewApplication;

/** The store key is made once, for an empty database, and never silently replaced. */
public class StoreKeyTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDataSource ds;
    private Path key;

    @Before
    public void setUp() {
        ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        ds.setCreateDatabase("create");
        key = tmp.getRoot().toPath().resolve("etc/keys/store.key");
    }

    private String submitOne() throws Exception {
        StandaloneStore s = StandaloneStore.open(ds, key, "K001");
        return s.applications().submit(new NewApplication("dl-renewal", "11010519491231002X", 1000,
                Map.of("form.name", "张三"))).serial();
    }

    private void refused(String... phrases) throws Exception {
        try {
            StandaloneStore.open(ds, key, "K001");
            fail("the store must not open");
        } catch (IllegalStateException e) {
            for (String p : phrases) {
                assertTrue(e.getMessage(), e.getMessage().contains(p));
            }
        }
    }

    @Test
    public void aNewKeyIsMadeForAnEmptyDatabaseOwnerOnlyAndAtomically() throws Exception {
        submitOne();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        assertEquals(64, Files.readString(key).strip().length());
        try (Stream<Path> files = Files.list(key.getParent())) {
            assertEquals("no temporary file left", List.of("store.key"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertTrue(StoreKey.meta(ds, StoreKey.CHECK) != null);
        // the same key opens it again and reads the data
        String before = Files.readString(key);
        StandaloneStore again = StandaloneStore.open(ds, key, "K001");
        assertEquals(before, Files.readString(key));
        assertEquals(1, again.applications().recent(5).size());
        assertEquals("张三", again.applications().recent(5).get(0).payload().get("form.name"));
    }

    @Test
    public void aMissingKeyWithEncryptedDataStopsTheStoreAndMakesNoNewKey() throws Exception {
        submitOne();
        Files.delete(key);
        refused(key.toString(), "is missing", "Restore the key file from your backup");
        assertFalse("no new key", Files.exists(key));
    }

    @Test
    public void aWrongKeyIsDetectedAtStart() throws Exception {
        submitOne();
        Files.writeString(key, "ab".repeat(32), StandardCharsets.US_ASCII);
        refused(key.toString(), "is not the key this database was encrypted with");
        assertEquals("the wrong key is left for the operator", "ab".repeat(32), Files.readString(key));
    }

    @Test
    public void aWrongKeyIsDetectedOnADatabaseFromBeforeTheCheckValue() throws Exception {
        submitOne();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM store_meta");
        }
        String right = Files.readString(key);
        Files.writeString(key, "cd".repeat(32), StandardCharsets.US_ASCII);
        refused("is not the key this database was encrypted with");
        Files.writeString(key, right, StandardCharsets.US_ASCII);
        StandaloneStore.open(ds, key, "K001");
        assertTrue("the check value is recorded once the key is proven", StoreKey.meta(ds, StoreKey.CHECK) != null);
    }

    @Test
    public void aBrokenKeyFileIsNeverReplaced() throws Exception {
        submitOne();
        Files.writeString(key, "abcd", StandardCharsets.US_ASCII);
        refused("cannot be used", "64 hex characters", "Restore the key file");
        assertEquals("abcd", Files.readString(key));
        Files.writeString(key, "ab".repeat(32), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        refused("chmod 600");
    }

    @Test
    public void anExistingKeyIsKeptForAnEmptyDatabase() throws Exception {
        Files.createDirectories(key.getParent());
        Files.writeString(key, "ef".repeat(32), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        submitOne();
        assertEquals("ef".repeat(32), Files.readString(key));
    }

    @Test
    public void createKeyFileNeverOverwrites() throws Exception {
        Files.createDirectories(key.getParent());
        Files.writeString(key, "theirs");
        assertFalse(FieldCipher.createKeyFile(key));
        assertEquals("theirs", Files.readString(key));
    }
}
