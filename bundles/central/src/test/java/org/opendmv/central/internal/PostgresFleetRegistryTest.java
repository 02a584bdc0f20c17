package org.opendmv.central.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.central.api.KioskDetail;
import org.opendmv.fleet.api.DailySummary;
import org.opendmv.fleet.api.DeviceState;
import org.opendmv.fleet.api.DeviceStatusReport;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetRegistry;
import org.opendmv.fleet.api.Heartbeat;

/** The MQTT ingest's messages (fleet-api records) stored through the FleetRegistry service on a real PostgreSQL. */
public class PostgresFleetRegistryTest {
    private static TestCentral central;
    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final String OFFICE = "beijing-dongcheng";
    private FleetRegistry registry;

    @BeforeClass
    public static void startCentral() throws Exception {
        central = new TestCentral("fleet-registry");
    }

    @AfterClass
    public static void stopCentral() throws Exception {
        if (central != null) {
            central.close();
        }
    }

    @Before
    public void kiosk() throws Exception {
        central.clear();
        central.db.addKiosk("K001", OFFICE);
        registry = new PostgresFleetRegistry(central.db);
    }

    private static Heartbeat heartbeat(long seq, Instant at, String engine) {
        return new Heartbeat(1, "K001", OFFICE, at, seq, "pilot", 3600, Map.of("opendmv-core", "0.1.0"),
                Map.of("org.opendmv.engine", engine));
    }

    @Test
    public void heartbeatsStatusEventsAndSummariesReachTheRegistryAndTheApiView() throws Exception {
        registry.accept(heartbeat(1, T0, "0.1.0"));
        registry.accept(new ErrorEvent(1, "K001", OFFICE, T0.plusSeconds(1), 2, "printer-1", "RECEIPT_PRINTER", "PAPER_OUT", "CLEAR",
                T0.plusSeconds(1)));
        registry.accept(new DeviceStatusReport(1, "K001", OFFICE, T0.plusSeconds(2), 3, List.of(
                new DeviceState("printer-1", "RECEIPT_PRINTER", "receiptPrinter", "READY", "NONE", "HARDWARE_ERROR", Map.of("paper", "OUT")),
                new DeviceState("idcard-1", "ID_CARD_READER", "idCardReader", "READY", "NONE", "ONLINE", Map.of()))));
        registry.accept(new DailySummary(1, "K001", OFFICE, T0.plusSeconds(3), 4, LocalDate.of(2026, 12, 3), 12,
                Map.of("dl-renewal", 3L), 1));

        KioskDetail k = central.db.kiosk("K001").orElseThrow();
        assertEquals(T0, k.kiosk().lastHeartbeat());
        assertTrue(k.versionsJson(), k.versionsJson().contains("\"group\": \"pilot\"") || k.versionsJson().contains("\"group\":\"pilot\""));
        assertTrue(k.versionsJson(), k.versionsJson().contains("org.opendmv.engine"));
        assertEquals(2, k.devices().size());
        org.opendmv.central.api.DeviceState printer = k.devices().get(1);
        assertEquals("printer-1", printer.deviceId());
        assertEquals("HARDWARE_ERROR", printer.state());
        assertEquals("the action hint of its latest error event", "CLEAR", printer.actionHint());
        assertEquals("READY; paper=OUT", printer.detail());
        assertNull("a usable device has no hint", k.devices().get(0).actionHint());
        assertEquals("PAPER_OUT", k.recentEvents().get(0).code());
        assertEquals(12, central.count("SELECT (counts->>'sessions')::int FROM daily_summaries WHERE kiosk_id = 'K001'"));
        assertEquals(3, central.count("SELECT (counts->'applications'->>'dl-renewal')::int FROM daily_summaries"));
    }

    @Test
    public void repeatedAndLateMessagesChangeNothingAndALaterReportDropsDevicesNoLongerThere() throws Exception {
        registry.accept(heartbeat(5, T0.plusSeconds(60), "0.2.0"));
        registry.accept(heartbeat(5, T0.plusSeconds(60), "0.2.0"));
        registry.accept(heartbeat(4, T0, "0.1.0"));
        assertEquals(T0.plusSeconds(60), central.db.kiosk("K001").orElseThrow().kiosk().lastHeartbeat());
        assertTrue(central.db.kiosk("K001").orElseThrow().versionsJson().contains("0.2.0"));

        ErrorEvent e = new ErrorEvent(1, "K001", OFFICE, T0, 6, "printer-1", "RECEIPT_PRINTER", "PAPER_OUT", "CLEAR", T0);
        registry.accept(e);
        registry.accept(e);
        assertEquals(1, central.count("SELECT COUNT(*) FROM error_events"));

        DeviceState scanner = new DeviceState("scanner-1", "DOCUMENT_SCANNER", "documentScanner", "READY", "NONE", "ONLINE", Map.of());
        DeviceState printer = new DeviceState("printer-1", "RECEIPT_PRINTER", "receiptPrinter", "READY", "NONE", "ONLINE", Map.of());
        registry.accept(new DeviceStatusReport(1, "K001", OFFICE, T0.plusSeconds(10), 7, List.of(scanner, printer)));
        registry.accept(new DeviceStatusReport(1, "K001", OFFICE, T0.plusSeconds(20), 8, List.of(printer)));
        assertEquals(List.of("printer-1"), central.db.kiosk("K001").orElseThrow().devices().stream()
                .map(org.opendmv.central.api.DeviceState::deviceId).toList());
        // the older report, delivered again after a reconnect, does not bring the scanner back
        registry.accept(new DeviceStatusReport(1, "K001", OFFICE, T0.plusSeconds(10), 7, List.of(scanner, printer)));
        assertEquals(1, central.db.kiosk("K001").orElseThrow().devices().size());
    }

    @Test
    public void messagesOfAnUnregisteredKioskAreRefusedAndStoreNothing() throws Exception {
        Heartbeat stranger = new Heartbeat(1, "K999", OFFICE, T0, 1, "pilot", 1, Map.of(), Map.of());
        try {
            registry.accept(stranger);
            fail("an unregistered kiosk's heartbeat was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("K999"));
        }
        try {
            registry.accept(new ErrorEvent(1, "K999", OFFICE, T0, 2, "printer-1", "RECEIPT_PRINTER", "PAPER_OUT", "CLEAR", T0));
            fail("an unregistered kiosk's event was taken");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not registered"));
        }
        assertEquals(0, central.count("SELECT COUNT(*) FROM error_events"));
        assertEquals(1, central.count("SELECT COUNT(*) FROM kiosks"));
    }
}
