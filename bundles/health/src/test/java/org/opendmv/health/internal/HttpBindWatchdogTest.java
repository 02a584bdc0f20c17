package org.opendmv.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.Test;
import org.opendmv.health.internal.HttpBindWatchdog.Retry;
import org.opendmv.health.internal.HttpBindWatchdog.Retry.Action;

public class HttpBindWatchdogTest {
    @Test
    public void restartsAfterTheGraceWithGrowingBackOffUntilHttpListens() {
        Retry r = new Retry(10_000, 5_000, 20_000, 0);
        assertEquals(Action.NONE, r.next(false, 9_999));
        assertEquals(Action.RESTART, r.next(false, 10_000));
        assertEquals(1, r.restarts());
        // the restarted service gets the grace, then the first back-off
        assertEquals(Action.NONE, r.next(false, 24_999));
        assertEquals(Action.RESTART, r.next(false, 25_000));
        assertEquals(10_000, r.backoffMs());
        assertEquals(Action.RESTART, r.next(false, 45_000));
        assertEquals(20_000, r.backoffMs());
        assertEquals(Action.RESTART, r.next(false, 75_000));
        assertEquals("capped", 20_000, r.backoffMs());
        assertEquals(4, r.restarts());
        assertEquals(Action.RECOVERED, r.next(true, 80_000));
        assertEquals(4, r.restarts());
        assertEquals(Action.NONE, r.next(true, 81_000));
    }

    @Test
    public void neverRestartsWhileHttpListens() {
        Retry r = new Retry(1_000, 1_000, 1_000, 0);
        for (long t = 0; t < 100_000; t += 500) {
            assertEquals(Action.NONE, r.next(true, t));
        }
        // and a later loss gets the grace first
        assertEquals(Action.NONE, r.next(false, 100_000));
        assertEquals(Action.RESTART, r.next(false, 100_500));
    }

    @Test
    public void theAlertNamesTheBusyPort() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("org.osgi.service.http.port", String.valueOf(held.getLocalPort()));
            p.put("org.ops4j.pax.web.listening.addresses", "127.0.0.1");
            List<String> busy = HttpBindWatchdog.busy(HttpSettings.of(p));
            assertEquals(1, busy.size());
            assertTrue(busy.get(0), busy.get(0).startsWith("127.0.0.1:" + held.getLocalPort() + " (") && busy.get(0).contains("in use"));
        }
        int free;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.osgi.service.http.port", free);
        p.put("org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        assertTrue(HttpBindWatchdog.busy(HttpSettings.of(p)).isEmpty());
    }

    /** What Jetty's JMX bean of a connector offers: its lifecycle state and stop. */
    public interface FakeConnectorMBean {
        String getstate();

        void stop();
    }

    public static final class FakeConnector implements FakeConnectorMBean {
        volatile String state;

        FakeConnector(String state) {
            this.state = state;
        }

        @Override
        public String getstate() {
            return state;
        }

        @Override
        public void stop() {
            state = "STOPPED";
        }
    }

    @Test
    public void connectorsLeftBoundByAFailedStartAreStopped() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        FakeConnector leaked = new FakeConnector("STARTED");
        FakeConnector failed = new FakeConnector("FAILED");
        ObjectName a = new ObjectName("org.eclipse.jetty.server:type=serverconnector,id=9001");
        ObjectName b = new ObjectName("org.eclipse.jetty.server:type=serverconnector,id=9002");
        mbs.registerMBean(leaked, a);
        mbs.registerMBean(failed, b);
        try {
            assertEquals(1, HttpBindWatchdog.stopLeakedConnectors());
            assertEquals("STOPPED", leaked.state);
            assertEquals("FAILED", failed.state);
            assertEquals(0, HttpBindWatchdog.stopLeakedConnectors());
        } finally {
            mbs.unregisterMBean(a);
            mbs.unregisterMBean(b);
        }
    }

    @Test
    public void settingsFollowPaxWebKeysAndDefaults() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.osgi.service.http.port", "18080");
        p.put("org.osgi.service.http.secure.enabled", "true");
        p.put("org.osgi.service.http.port.secure", "18443");
        p.put("org.ops4j.pax.web.listening.addresses", "127.0.0.1, 192.0.2.10");
        HttpSettings s = HttpSettings.of(p);
        assertEquals(List.of("127.0.0.1", "192.0.2.10"), s.addresses());
        assertEquals(4, s.endpoints().size());
        assertTrue(s.describe(), s.describe().contains("192.0.2.10:18443 (https)"));
        HttpSettings none = HttpSettings.of(null);
        assertEquals(List.of("0.0.0.0"), none.addresses());
        assertTrue(none.enabled());
        Dictionary<String, Object> off = new Hashtable<>();
        off.put("org.osgi.service.http.enabled", "false");
        assertFalse(HttpSettings.of(off).enabled());
    }
}
