package org.opendmv.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import org.junit.Test;
import org.opendmv.health.internal.HallExposureFilter.Decision;

public class HallExposureFilterTest {
    private static HallExposureFilter filter(boolean httpsOnly, String... paths) {
        return new HallExposureFilter(new HallExposureFilter.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HallExposureFilter.Config.class;
            }

            @Override
            public String[] hall_paths() {
                return paths;
            }

            @Override
            public boolean hall_https_only() {
                return httpsOnly;
            }
        });
    }

    private static final HallExposureFilter DEFAULT = filter(false, "/upload/", "/payment/notify/");

    @Test
    public void theHallReachesOnlyThePhonePageNotificationsAndTheHealthStatus() {
        assertEquals(Decision.PASS, DEFAULT.decide(false, "/upload/abcdef", false));
        assertEquals(Decision.PASS, DEFAULT.decide(false, "/upload", false));
        assertEquals(Decision.PASS, DEFAULT.decide(false, "/payment/notify/wechat", false));
        assertEquals(Decision.PASS, DEFAULT.decide(false, "/api/health", false));
        assertEquals(Decision.REFUSED, DEFAULT.decide(false, "/api/health/x", false));
        assertEquals(Decision.REFUSED, DEFAULT.decide(false, "/", false));
        assertEquals(Decision.REFUSED, DEFAULT.decide(false, "/uploadx", false));
        assertEquals(Decision.REFUSED, DEFAULT.decide(false, "/payment/other", false));
        assertEquals(Decision.REFUSED, DEFAULT.decide(false, "/system/console", false));
    }

    @Test
    public void thisMachineReachesEverything() {
        assertEquals(Decision.PASS, DEFAULT.decide(true, "/system/console", false));
        assertEquals(Decision.PASS, filter(true, "/upload/").decide(true, "/upload/x", false));
    }

    @Test
    public void hallPathsFromACfgFileAreOneCommaSeparatedString() {
        HallExposureFilter f = filter(false, "/upload/, /payment/notify/");
        assertEquals(Decision.PASS, f.decide(false, "/payment/notify/sim", false));
        assertEquals(Decision.PASS, f.decide(false, "/upload/t", false));
        assertEquals(Decision.REFUSED, f.decide(false, "/api/x", false));
    }

    @Test
    public void httpsOnlyRefusesPlainHttpFromTheHall() {
        HallExposureFilter f = filter(true, "/upload/");
        assertEquals(Decision.HTTPS_NEEDED, f.decide(false, "/upload/abc", false));
        assertEquals(Decision.PASS, f.decide(false, "/upload/abc", true));
    }

    @Test
    public void badHallPathsAreIgnoredNotWidened() {
        HallExposureFilter f = filter(false, "/", "", " upload", "/upload/");
        assertEquals(Decision.REFUSED, f.decide(false, "/api/x", false));
        assertEquals(Decision.PASS, f.decide(false, "/upload/a", false));
    }

    @Test
    public void loopbackIsTheSocketPeerOnThisMachineOnly() {
        assertTrue(HallExposureFilter.isLoopback("127.0.0.1"));
        assertTrue(HallExposureFilter.isLoopback("127.3.2.1"));
        assertTrue(HallExposureFilter.isLoopback("0:0:0:0:0:0:0:1"));
        assertTrue(HallExposureFilter.isLoopback("::1"));
        assertTrue(HallExposureFilter.isLoopback("[::1]"));
        assertTrue(HallExposureFilter.isLoopback("::ffff:127.0.0.1"));
        assertFalse(HallExposureFilter.isLoopback("192.0.2.10"));
        assertFalse(HallExposureFilter.isLoopback("fd00::2"));
        assertFalse(HallExposureFilter.isLoopback("localhost"));
        assertFalse(HallExposureFilter.isLoopback("127"));
        assertFalse(HallExposureFilter.isLoopback(""));
        assertFalse(HallExposureFilter.isLoopback(null));
    }
}
