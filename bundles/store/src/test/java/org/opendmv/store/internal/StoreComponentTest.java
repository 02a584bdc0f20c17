package org.opendmv.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.KioskIdentity;
import org.opendmv.store.api.NewApplication;
import org.opendmv.store.api.StoreStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The store opens its database on a thread of its own: activating it does not hold up the bundles
 * started after it, and its services appear once it is open.
 */
public class StoreComponentTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private EmbeddedDataSource derby;
    private Path key;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();

    private record Registered(String[] names, Object service, Dictionary<String, ?> properties, boolean[] unregistered) {
    }

    @Before
    public void setUp() throws Exception {
        derby = new EmbeddedDataSource();
        derby.setDatabaseName(tmp.getRoot().toPath().resolve("db").toString());
        derby.setCreateDatabase("create");
        key = tmp.getRoot().toPath().resolve("etc/keys/store.key");
        // a kiosk that has run before: schema current (the component's Liquibase needs a framework)
        StandaloneStore.open(derby, key, "K001");
    }

    /** The framework, as far as the store uses it: its properties and service registrations. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperty":
                            return "org.osgi.framework.uuid".equals(args[0]) ? "boot-1" : null;
                        case "registerService":
                            @SuppressWarnings("unchecked")
                            Registered r = new Registered((String[]) args[0], args[1], (Dictionary<String, ?>) args[2], new boolean[1]);
                            registered.add(r);
                            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                                    (p, m, a) -> {
                                        if ("unregister".equals(m.getName())) {
                                            r.unregistered[0] = true;
                                        }
                                        return null;
                                    });
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private StoreConfig config(String keyFile) {
        return (StoreConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StoreConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "kiosk_id" -> "";
                    case "key_file" -> keyFile;
                    case "dataSource_target" -> "(dataSourceName=kiosk)";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put("component.name", StoreComponent.class.getName());
        p.put("key_file", "keys/store.key");
        p.put(".hidden", "not published");
        return p;
    }

    private void awaitRegistered(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (registered.size() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals("services registered", n, registered.size());
    }

    @Test
    public void activatingReturnsAtOnceAndTheServicesComeWhenTheDatabaseIsOpen() throws Exception {
        CountDownLatch databaseUp = new CountDownLatch(1);
        DataSource slow = new GatedDataSource(derby, databaseUp);
        KioskIdentity id = () -> "K001";

        long t0 = System.nanoTime();
        StoreComponent component = new StoreComponent(slow, id, config(key.toString()), context(), props());
        assertTrue("activation did not wait for the database", System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        Thread.sleep(200);
        assertTrue("nothing offered before the database is open", registered.isEmpty());

        databaseUp.countDown();
        awaitRegistered(1);
        Registered r = registered.get(0);
        assertArrayEquals(StoreComponent.SERVICES, r.names());
        assertEquals(StoreComponent.class.getName(), r.properties().get("component.name"));
        assertNull("private properties stay private", r.properties().get(".hidden"));

        ApplicationStore store = (ApplicationStore) r.service();
        String serial = store.submit(new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.name", "张三"))).serial();
        assertEquals("张三", store.find(serial).orElseThrow().payload().get("form.name"));
        assertTrue(((StoreStatus) r.service()).appliedMigrations().contains("009-refund-requested-by"));

        component.deactivate();
        assertTrue("services withdrawn when the component goes", r.unregistered()[0]);
    }

    @Test
    public void aStoreThatCannotOpenOffersNothingAndTriesAgainWithNewSettings() throws Exception {
        // the database holds encrypted data; its key is moved away
        StandaloneStore.open(derby, key, "K001").applications().submit(
                new NewApplication("dl-renewal", "11010519491231002X", 1000, Map.of("form.name", "张三")));
        Path moved = tmp.getRoot().toPath().resolve("backup/store.key");
        Files.createDirectories(moved.getParent());
        Files.move(key, moved);

        StoreComponent component = new StoreComponent(derby, () -> "K001", config(key.toString()), context(), props());
        Thread.sleep(1500);
        assertTrue("no store without its key", registered.isEmpty());
        assertTrue("no new key made for a database with encrypted data", Files.notExists(key));

        // the operator points key_file at the restored key
        component.modified(config(moved.toString()), props());
        awaitRegistered(1);
        ApplicationStore store = (ApplicationStore) registered.get(0).service();
        assertEquals("张三", store.recent(1).get(0).payload().get("form.name"));
        component.deactivate();
    }

    /** A data source whose database takes its time to come up. */
    private static final class GatedDataSource implements DataSource {
        private final DataSource target;
        private final CountDownLatch gate;

        GatedDataSource(DataSource target, CountDownLatch gate) {
            this.target = target;
            this.gate = gate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    fail("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return target.isWrapperFor(iface);
        }
    }
}
