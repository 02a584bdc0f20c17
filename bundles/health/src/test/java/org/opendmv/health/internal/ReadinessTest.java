package org.opendmv.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class ReadinessTest {
    private final FakeFacts f = new FakeFacts();

    private List<String> waits() {
        return Readiness.waitingFor(f);
    }

    @Test
    public void everythingInPlaceIsReady() {
        assertEquals(List.of(), waits());
    }

    @Test
    public void aBusinessBundleNotYetReadKeepsTheKioskStarting() {
        f.processed.clear();
        assertEquals(List.of("businesses of org.opendmv.business.dl-renewal"), waits());
        f.processed.add(42L); // registered, or listed invalid: both count as read
        assertEquals(List.of(), waits());
        f.processed = null;
        assertEquals(List.of("business registry"), waits());
    }

    @Test
    public void aWarmBootIsNotReadyBeforeItsBundlesAreStarted() {
        // a warm boot: the boot features are known installed at once, the business and driver bundles
        // are not started yet (so none is waiting to be read), the devices lack their driver
        f.businessBundles.clear();
        f.processed.clear();
        f.devices.put("id-card-reader", "UNINITIALIZED");
        f.startLevel = "start level 80 of 100";
        assertEquals(List.of("bundles starting (start level 80 of 100)"), waits());
        ReadinessMonitor m = new ReadinessMonitor(f);
        assertEquals(1, m.check().size());
        assertEquals("no \"ready\" with 0 businesses", 0, m.announcements());

        f.startLevel = null;
        f.businessBundles.put(42L, "org.opendmv.business.dl-renewal");
        assertEquals(List.of("businesses of org.opendmv.business.dl-renewal"), m.check());
        f.processed.add(42L);
        assertEquals(List.of(), m.check());
        assertEquals(1, m.announcements());
    }

    @Test
    public void theBeginningStartLevelDefaultsToOsgisOne() {
        assertEquals(100, ReadinessMonitor.beginningStartLevel("100"));
        assertEquals(1, ReadinessMonitor.beginningStartLevel(null));
        assertEquals(1, ReadinessMonitor.beginningStartLevel("many"));
    }

    @Test
    public void devicesMustBePastTheirInitialisationWhateverTheirState() {
        f.devices.put("id-card-reader", "INITIALIZING");
        assertEquals(List.of("devices initialising: id-card-reader"), waits());
        f.devices.put("id-card-reader", "UNINITIALIZED"); // e.g. DRIVER_MISSING: settled, not waited for
        assertEquals(List.of(), waits());
        f.configured.add("printer");
        assertEquals("configured but not yet known to the manager", List.of("devices initialising: printer"), waits());
        f.devices = null;
        assertEquals(List.of("device manager"), waits());
    }

    @Test
    public void theTouchUiCountsOnlyWithADisplay() {
        f.display = false;
        assertEquals(List.of(), waits());
        f.display = true;
        assertEquals(List.of("touch UI (first screen)"), waits());
        f.drawn = true;
        assertEquals(List.of(), waits());
    }

    @Test
    public void everyMissingPieceIsNamed() {
        f.kioskIdentity = false;
        f.store = false;
        f.bootFinished = false;
        f.httpProblem = "not listening yet";
        List<String> w = waits();
        assertEquals(w.toString(), 4, w.size());
        assertTrue(w.get(0), w.get(0).contains("etc/org.opendmv.kiosk.cfg"));
        assertTrue(w.get(1), w.get(1).startsWith("store"));
        assertEquals("boot features being installed", w.get(2));
        assertEquals("HTTP server (not listening yet)", w.get(3));
    }

    @Test
    public void readyIsAnnouncedOnceAndStaysReady() {
        f.store = false;
        ReadinessMonitor m = new ReadinessMonitor(f);
        assertEquals(List.of("store (database migration and store key; see the log)"), m.check());
        assertEquals(0, m.announcements());
        f.store = true;
        assertEquals(List.of(), m.check());
        assertEquals(List.of(), m.check());
        assertEquals(1, m.announcements());
        int asked = f.asked;
        f.store = false;
        assertEquals("latched: later trouble is DEGRADED/DOWN, not STARTING", List.of(), m.check());
        assertEquals(asked, f.asked);
        assertEquals(1, m.announcements());
    }

    @Test
    public void theBootsMemoryIsReturnedOnceTheKioskIsReadyAndOnlyThen() throws Exception {
        java.util.concurrent.atomic.AtomicInteger collections = new java.util.concurrent.atomic.AtomicInteger();
        f.drawn = false;
        f.display = true;
        ReadinessMonitor m = new ReadinessMonitor(f, collections::incrementAndGet);
        m.activate(null);
        try {
            Thread.sleep(ReadinessMonitor.BOOT_GC_DELAY_MS + 700);
            assertEquals("not while the kiosk is starting", 0, collections.get());
            f.drawn = true;
            long end = System.currentTimeMillis() + ReadinessMonitor.BOOT_GC_DELAY_MS + 10_000;
            while (collections.get() == 0 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertEquals("once ready", 1, collections.get());
            Thread.sleep(1000);
            assertEquals("once only", 1, collections.get());
        } finally {
            m.deactivate();
        }
    }
}
