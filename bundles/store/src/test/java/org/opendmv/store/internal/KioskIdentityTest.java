package org.opendmv.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The kiosk id: generated once and kept in etc/, or set by the operator and validated. */
public class KioskIdentityTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aFreshInstallGetsAnIdGeneratedOnceAndKeptInEtc() throws Exception {
        Path cfg = tmp.getRoot().toPath().resolve("org.opendmv.kiosk.cfg");
        Files.writeString(cfg, "# Kiosk-wide settings\nkiosk.mode = demo");
        String id = KioskIdentityComponent.resolve("", cfg, new SecureRandom());
        assertTrue(id, id.matches("[0-9A-Z]{8}"));
        assertNull(KioskIds.problem(id));
        String text = Files.readString(cfg);
        assertTrue(text, text.startsWith("# Kiosk-wide settings\nkiosk.mode = demo\n"));
        assertTrue(text, text.endsWith("kiosk.id = " + id + "\n"));
        assertEquals("read back, not generated again", id, KioskIdentityComponent.resolve("", cfg, new SecureRandom()));
        assertEquals(text, Files.readString(cfg));
        try (var files = Files.list(cfg.getParent())) {
            assertEquals("no temporary file left in etc/", 1, files.count());
        }
    }

    @Test
    public void twoInstallsGetDifferentIds() throws Exception {
        Path a = tmp.getRoot().toPath().resolve("a.cfg");
        Path b = tmp.getRoot().toPath().resolve("b.cfg");
        assertNotEquals(KioskIdentityComponent.resolve("", a, new SecureRandom()),
                KioskIdentityComponent.resolve("", b, new SecureRandom()));
        assertTrue("a missing file is created", Files.isRegularFile(a));
    }

    @Test
    public void theOperatorsIdWins() throws Exception {
        Path cfg = tmp.getRoot().toPath().resolve("org.opendmv.kiosk.cfg");
        Files.writeString(cfg, "kiosk.id = BJ0105\n");
        assertEquals("BJ0105", KioskIdentityComponent.resolve("", cfg, new SecureRandom()));
        assertEquals("config admin's value first", "SH0001", KioskIdentityComponent.resolve("SH0001", cfg, new SecureRandom()));
        assertEquals("kiosk.id = BJ0105\n", Files.readString(cfg));
    }

    @Test
    public void aBadIdIsRefusedWithAClearMessage() throws Exception {
        Path cfg = tmp.getRoot().toPath().resolve("org.opendmv.kiosk.cfg");
        for (String bad : new String[] {"k001", "K-001", "K 001", "ABCDEFGHJKMNP", "京A001"}) {
            try {
                KioskIdentityComponent.resolve(bad, cfg, new SecureRandom());
                fail(bad);
            } catch (IllegalArgumentException e) {
                assertEquals("kiosk id '" + bad + "' in " + cfg + " is not valid: use 1 to 12 characters A-Z and 0-9"
                        + " (upper case, no spaces or dashes): it becomes part of every serial number and WeChat Pay"
                        + " order number", e.getMessage());
            }
        }
        Files.writeString(cfg, "kiosk.id = k1\n");
        try {
            KioskIdentityComponent.resolve("", cfg, new SecureRandom());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("kiosk id 'k1' in " + cfg));
        }
    }

    @Test
    public void theLongestIdStillFitsWeChatsOrderNumber() {
        String id = "ABCDEFGHJKMN";
        assertNull(KioskIds.problem(id));
        String outTradeNo = "20261124" + id + "999999" + "P" + 99999;
        assertTrue(outTradeNo.length() <= 32 && outTradeNo.matches("[0-9A-Za-z]+"));
    }
}
