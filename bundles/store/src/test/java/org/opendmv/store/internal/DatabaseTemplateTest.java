package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.NewApplication;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A first boot unpacks the database made at build time (current schema, nothing else) instead of
 * creating one and running Liquibase; an existing database is never touched.
 */
public class DatabaseTemplateTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static URL template() {
        URL url = DatabaseTemplate.class.getClassLoader().getResource(DatabaseTemplate.RESOURCE);
        assertNotNull("the build made " + DatabaseTemplate.RESOURCE + " (exec-maven-plugin, process-test-classes)", url);
        return url;
    }

    private static EmbeddedDataSource derby(Path dir, boolean create) {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dir.toString());
        if (create) {
            ds.setCreateDatabase("create");
        }
        return ds;
    }

    @Test
    public void onlyAnAbsoluteEmbeddedDerbyDatabaseThatWouldBeCreatedQualifies() {
        assertEquals(Optional.of(Path.of("/var/kiosk/data/derby/kiosk")),
                DatabaseTemplate.creatableDirectory("jdbc:derby:/var/kiosk/data/derby/kiosk;create=true"));
        assertEquals(Optional.of(Path.of("/d/k")), DatabaseTemplate.creatableDirectory("jdbc:derby:/d/k;bootPassword=x; CREATE=TRUE"));
        for (Object url : new Object[] {null, 42, "", "jdbc:derby:/d/k", "jdbc:derby:/d/k;create=false", "jdbc:derby:memory:k;create=true",
            "jdbc:derby://host:1527/k;create=true", "jdbc:derby:relative/k;create=true", "jdbc:derby:jar:(/a.jar)k;create=true",
            "jdbc:postgresql://h/k", "jdbc:derby:;create=true"}) {
            assertEquals(String.valueOf(url), Optional.empty(), DatabaseTemplate.creatableDirectory(url));
        }
    }

    @Test
    public void aNewDatabaseHasTheCurrentSchemaWithoutLiquibaseAndNothingElse() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("data/derby/kiosk");
        assertTrue(DatabaseTemplate.install(dir, template()));
        EmbeddedDataSource ds = derby(dir, false);
        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(ds, Migrator.changelog(), d -> fail("Liquibase was not needed")));
        assertEquals("no key check: the key is this kiosk's, made at its first start", null, StoreKey.meta(ds, StoreKey.CHECK));
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            for (String table : List.of("applications", "attachments", "outbox", "payment_order", "payment_refund", "audit_log", "counters")) {
                try (var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertEquals(table + " is empty", 0, rs.getInt(1));
                }
            }
        }
        assertFalse("no leftover beside it", Files.exists(dir.resolveSibling("kiosk.template-tmp")));
    }

    @Test
    public void anExistingDatabaseIsNeverTouched() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("kiosk");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mine"), "a database of this kiosk");
        assertFalse(DatabaseTemplate.install(dir, template()));
        assertEquals("a database of this kiosk", Files.readString(dir.resolve("mine")));
        assertFalse(Files.exists(dir.resolve("service.properties")));
    }

    @Test
    public void aCrashHalfWayLeavesNoDatabaseAndTheNextBootStartsAgain() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("kiosk");
        Path leftover = tmp.getRoot().toPath().resolve("kiosk.template-tmp");
        Files.createDirectories(leftover.resolve("seg0"));
        Files.writeString(leftover.resolve("seg0/c10.dat"), "half written");
        assertFalse("a half unpack is not a database", Files.exists(dir));
        assertTrue(DatabaseTemplate.install(dir, template()));
        assertFalse(Files.exists(leftover));
        assertEquals(Migrator.Outcome.CURRENT, Migrator.migrate(derby(dir, false), Migrator.changelog(), d -> fail("Liquibase")));
    }

    @Test
    public void aBadTemplateIsRefusedAndLeavesNothing() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("kiosk");
        Path evil = zip("evil.zip", Map.of("../outside", "x"));
        try {
            DatabaseTemplate.install(dir, evil.toUri().toURL());
            fail("an entry outside the database was unpacked");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("outside"));
        }
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve("outside")));
        Path notDerby = zip("other.zip", Map.of("readme.txt", "no database here"));
        try {
            DatabaseTemplate.install(dir, notDerby.toUri().toURL());
            fail("a zip without a Derby database was used");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("service.properties"));
        }
        assertFalse(Files.exists(dir));
        assertFalse(DatabaseTemplate.install(dir, null));
        assertFalse(Files.exists(dir));
    }

    /** The store's first start on a kiosk: the template, a new key, the services — and no Liquibase (no framework here to start it). */
    @Test
    public void theStoreOpensAFirstBootFromTheTemplate() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("data/derby/kiosk");
        Path key = tmp.getRoot().toPath().resolve("etc/keys/store.key");
        List<Object> services = new CopyOnWriteArrayList<>();
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> "boot-1";
                    case "registerService" -> {
                        services.add(a[1]);
                        yield Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (q, n, b) -> null);
                    }
                    default -> throw new UnsupportedOperationException(m.getName() + ": Liquibase would need the framework");
                });
        StoreConfig config = (StoreConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StoreConfig.class},
                (p, m, a) -> switch (m.getName()) {
                    case "kiosk_id" -> "";
                    case "key_file" -> key.toString();
                    case "database_template" -> true;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Map<String, Object> props = new HashMap<>();
        props.put("component.name", StoreComponent.class.getName());
        Map<String, Object> dsProps = Map.of("url", "jdbc:derby:" + dir + ";create=true", "dataSourceName", "kiosk");
        StoreComponent component = new StoreComponent(Map.entry(dsProps, derby(dir, true)), () -> "K001", config, ctx, props);
        long end = System.currentTimeMillis() + 30_000;
        while (services.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertEquals("the store is offered", 1, services.size());
        assertTrue("a key of this kiosk's own", Files.exists(key));
        ApplicationStore store = (ApplicationStore) services.get(0);
        String serial = store.submit(new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.name", "张三"))).serial();
        assertEquals("张三", store.find(serial).orElseThrow().payload().get("form.name"));
        component.deactivate();
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path z = tmp.getRoot().toPath().resolve(name);
        try (OutputStream out = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return z;
    }
}
