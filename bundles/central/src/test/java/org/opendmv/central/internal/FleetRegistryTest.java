package org.opendmv.central.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.central.api.DeviceState;
import org.opendmv.central.api.ErrorEvent;
import org.opendmv.central.api.KioskDetail;
import org.opendmv.central.api.KioskSummary;

/** Provisioning and the fleet registry on a real PostgreSQL. */
public class FleetRegistryTest {
    private static TestCentral central;
    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

    @BeforeClass
    public static void startCentral() throws Exception {
        central = new TestCentral("registry");
    }

    @AfterClass
    public static void stopCentral() throws Exception {
        if (central != null) {
            central.close();
        }
    }

    @Before
    public void clear() throws Exception {
        central.clear();
    }

    @Test
    public void aKioskIsRegisteredWithATokenTheCentralKeepsOnlyAsAHash() throws Exception {
        String token = central.db.addKiosk("K001", "beijing-dongcheng");
        assertTrue(token, Tokens.wellFormed(token));
        assertEquals(Tokens.hash(token), central.text("SELECT token_hash FROM kiosks WHERE id = 'K001'"));
        assertEquals("the token itself is nowhere in the database", 0,
                central.count("SELECT COUNT(*) FROM kiosks WHERE token_hash = '" + token + "' OR office = '" + token + "'"));
        assertEquals("K001", central.db.authenticate(token).orElseThrow().id());
        assertEquals("beijing-dongcheng", central.db.authenticate(token).orElseThrow().office());
        assertTrue(central.db.authenticate(Tokens.newToken()).isEmpty());
        assertTrue(central.db.authenticate(null).isEmpty());
        assertTrue(central.db.authenticate(token + "x").isEmpty());

        String other = central.db.addKiosk("K002", "beijing-dongcheng");
        assertNotEquals(token, other);
        try {
            central.db.addKiosk("K001", "shanghai");
            fail("a kiosk id is registered once");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("registered already"));
        }
        for (String[] bad : new String[][] {{"k001", "x"}, {"K0/1", "x"}, {"K001234567890", "x"}, {"K003", "a/b"}, {"K003", "#"}, {"K003", ""}}) {
            try {
                central.db.addKiosk(bad[0], bad[1]);
                fail("accepted " + String.join(" ", bad));
            } catch (IllegalArgumentException e) {
                // kiosk ids as the kiosk makes them; offices are MQTT topic levels
            }
        }
        assertEquals(2, central.count("SELECT COUNT(*) FROM kiosks"));

        assertTrue(central.db.revoke("K001"));
        assertTrue(central.db.authenticate(token).isEmpty());
        assertFalse(central.db.revoke("K404"));
        String renewed = central.db.renewToken("K001");
        assertEquals("K001", central.db.authenticate(renewed).orElseThrow().id());
        assertTrue("the old token stays dead", central.db.authenticate(token).isEmpty());
        assertEquals(List.of("K001", "K002"), central.db.kiosks().stream().map(KioskSummary::id).toList());
    }

    @Test
    public void heartbeatsKeepTheLatestAndALateCatchUpDoesNotMoveItBack() throws Exception {
        central.db.addKiosk("K001", "office-a");
        assertTrue(central.db.heartbeat("K001", T0.plusSeconds(60), 2, "{\"bundles\":{\"org.opendmv.engine\":\"0.1.0\"}}"));
        // buffered while the broker was away, delivered after the newer one
        assertTrue(central.db.heartbeat("K001", T0, 1, "{\"bundles\":{\"org.opendmv.engine\":\"0.0.9\"}}"));
        KioskDetail d = central.db.kiosk("K001").orElseThrow();
        assertEquals(T0.plusSeconds(60), d.kiosk().lastHeartbeat());
        assertTrue(d.versionsJson(), d.versionsJson().contains("0.1.0"));
        assertEquals(2, central.count("SELECT last_seq FROM kiosks WHERE id = 'K001'"));
        // a heartbeat without versions keeps the last known ones
        central.db.heartbeat("K001", T0.plusSeconds(90), 3, null);
        assertTrue(central.db.kiosk("K001").orElseThrow().versionsJson().contains("0.1.0"));
        assertEquals(T0.plusSeconds(90), central.db.kiosk("K001").orElseThrow().kiosk().lastHeartbeat());
        assertFalse("not provisioned: nothing stored", central.db.heartbeat("K999", T0, 1, null));
        assertEquals(1, central.count("SELECT COUNT(*) FROM kiosks"));
    }

    @Test
    public void deviceStatesKeepTheNewestPerDeviceAndEventsCountOncePerSequenceNumber() throws Exception {
        central.db.addKiosk("K001", "office-a");
        central.db.deviceStates("K001", List.of(
                new DeviceState("printer-1", "ReceiptPrinter", "HARDWARE_ERROR", "MAINTENANCE", "paper jammed", T0.plusSeconds(10)),
                new DeviceState("idcard-1", "IdCardReader", "ONLINE", null, null, T0.plusSeconds(10))));
        // an older report of the printer (re-delivered) does not overwrite the newer state
        central.db.deviceStates("K001", List.of(new DeviceState("printer-1", "ReceiptPrinter", "ONLINE", null, null, T0)));
        List<DeviceState> states = central.db.kiosk("K001").orElseThrow().devices();
        assertEquals(2, states.size());
        assertEquals("idcard-1", states.get(0).deviceId());
        assertEquals("HARDWARE_ERROR", states.get(1).state());
        assertEquals("MAINTENANCE", states.get(1).actionHint());
        central.db.deviceStates("K001", List.of(new DeviceState("printer-1", "ReceiptPrinter", "ONLINE", null, null, T0.plusSeconds(20))));
        assertEquals("ONLINE", central.db.kiosk("K001").orElseThrow().devices().get(1).state());
        assertNull(central.db.kiosk("K001").orElseThrow().devices().get(1).actionHint());

        ErrorEvent jam = new ErrorEvent(17, "printer-1", "PAPER_JAMMED", "MAINTENANCE", null, T0.plusSeconds(10));
        assertTrue(central.db.event("K001", jam));
        assertFalse("the same message again (QoS 1 re-delivery)", central.db.event("K001", jam));
        assertTrue(central.db.event("K001", new ErrorEvent(18, "idcard-1", "READ_FAILED", "RETRY", null, T0.plusSeconds(11))));
        assertFalse(central.db.event("K999", jam));
        assertEquals(2, central.count("SELECT COUNT(*) FROM error_events"));
        List<ErrorEvent> recent = central.db.kiosk("K001").orElseThrow().recentEvents();
        assertEquals(List.of(18L, 17L), recent.stream().map(ErrorEvent::seq).toList());
        assertFalse(central.db.deviceStates("K999", List.of(new DeviceState("x", "y", "ONLINE", null, null, T0))));
    }

    @Test
    public void aDailySummaryIsKeptOncePerKioskAndDay() throws Exception {
        central.db.addKiosk("K001", "office-a");
        LocalDate day = LocalDate.of(2026, 12, 3);
        assertTrue(central.db.dailySummary("K001", day, "{\"sessions\":10,\"applications\":{\"dl-renewal\":3}}"));
        assertTrue(central.db.dailySummary("K001", day, "{\"sessions\":12,\"applications\":{\"dl-renewal\":4}}"));
        assertEquals(1, central.count("SELECT COUNT(*) FROM daily_summaries"));
        assertEquals(12, central.count("SELECT (counts->>'sessions')::int FROM daily_summaries"));
        assertFalse(central.db.dailySummary("K999", day, "{}"));
    }

    @Test
    public void theSchemaMigrationCanRunAgainOnAMigratedDatabase() throws Exception {
        Schema.migrateOnClassPath(central.ds);
        assertEquals(3, central.count("SELECT COUNT(*) FROM databasechangelog"));
    }
}
