package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.store.api.NewApplication;

/** Serial numbers never repeat, even after the database is wiped and the kiosk reinstalled. */
public class SerialTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicReference<Instant> now = new AtomicReference<>();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.systemDefault();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private JdbcStore freshStore(String db, String kioskId) throws Exception {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(tmp.getRoot().toPath().resolve(db).toString());
        ds.setCreateDatabase("create");
        LiquibaseUpdate.update(ds, new ClassLoaderResourceAccessor(getClass().getClassLoader()));
        Path key = tmp.getRoot().toPath().resolve(db + ".key");
        return new JdbcStore(ds, StoreKey.open(ds, key), kioskId, clock);
    }

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.systemDefault()).toInstant();
    }

    private static String submit(JdbcStore s) {
        return s.submit(new NewApplication("dl-renewal", null, 1000, Map.of())).serial();
    }

    @Test
    public void aReinstalledKioskWithAnEmptyDatabaseNeverReusesASerial() throws Exception {
        JdbcStore before = freshStore("db1", "K001");
        List<String> issued = new ArrayList<>();
        now.set(at("2026-11-24T09:00:00"));
        issued.add(submit(before));
        now.set(at("2026-11-24T09:00:30"));
        issued.add(submit(before));
        // the disk is wiped; same kiosk id, an empty database, a few seconds later
        JdbcStore after = freshStore("db2", "K001");
        now.set(at("2026-11-24T09:00:35"));
        String first = submit(after);
        assertTrue(issued + " then " + first, !issued.contains(first));
        assertTrue(issued + " then " + first, first.compareTo(issued.get(1)) > 0);
        assertTrue(first, first.startsWith("20261124K001"));
        assertEquals("09:00:35.0 is tick 324350", "20261124K001324350", first);
    }

    @Test
    public void serialsIncreaseWithinABurstAndASlowClock() throws Exception {
        JdbcStore s = freshStore("db", "K001");
        now.set(at("2026-11-24T00:00:00"));
        Set<String> seen = new HashSet<>();
        String last = "";
        for (int i = 0; i < 25; i++) {
            String serial = submit(s);
            assertTrue(last + " < " + serial, serial.compareTo(last) > 0);
            assertTrue(seen.add(serial));
            last = serial;
        }
        assertEquals("20261124K001000025", last);
        // a clock set back within one database changes nothing: the counter goes on
        now.set(at("2026-11-23T23:59:59").plusSeconds(1));
        assertEquals("20261124K001000026", submit(s));
        // the next day starts from its own time of day
        now.set(at("2026-11-25T00:00:01.5"));
        assertEquals("20261125K001000015", submit(s));
    }
}
