package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;

public class SimDocumentScannerTest {
    private final SimFixture fx = new SimFixture();

    @After
    public void tearDown() {
        fx.close();
    }

    @Test
    public void returnsConfiguredPagesUpToMaxPagesAsA4Pngs() throws Exception {
        DocumentScanner s = (DocumentScanner) fx.handler("document-scanner", DeviceClass.DOCUMENT_SCANNER,
                "sim.scanner.pages", "3").device();
        ScanResult r = get(s.scan(ScanRequest.of("SFZ").withMaxPages(2).withColour(false), fx.ctx()));
        assertEquals(2, r.pages().size());
        for (ScannedPage p : r.pages()) {
            assertEquals("image/png", p.mime());
            BufferedImage img = SimFixture.decode(p.image());
            assertEquals(1240, img.getWidth());
            assertEquals(1754, img.getHeight());
            assertEquals(p.widthPx(), img.getWidth());
            int ink = img.getRGB(140, 150) & 0xFFFFFF; // inside the "S" of SIMULATED
            int paper = img.getRGB(5, 5) & 0xFFFFFF;
            assertEquals(0xFFFFFF, paper);
            assertTrue("title drawn", ink != 0xFFFFFF);
        }
        assertEquals(List.of("PLACE_DOCUMENT_PROMPT", "MEDIA_INSERTED", "PAGE_SCANNED(1)", "PAGE_SCANNED(2)"),
                fx.eventTypes());
        assertEquals(3, get(s.scan(ScanRequest.of("").withMaxPages(5), fx.ctx())).pages().size());
    }

    @Test
    public void jamFailsWithMediaJamAndStaffHint() throws Exception {
        DocumentScanner s = (DocumentScanner) fx.handler("document-scanner", DeviceClass.DOCUMENT_SCANNER).device();
        fx.control.fail("document-scanner", "JAMMED");
        assertEquals(MediaStatus.JAMMED, s.status().substatus(MediaStatus.class).orElseThrow());
        assertFails(s.scan(ScanRequest.of(""), fx.ctx()), CompletionCode.HARDWARE_ERROR,
                DocumentScanner.ScanError.MEDIA_JAM.name());
        assertEquals(ActionHint.CLEAR, SimFixture.failure(s.scan(ScanRequest.of(""), fx.ctx())).hint());
        fx.control.reset();
        assertEquals(1, get(s.scan(ScanRequest.of(""), fx.ctx())).pages().size());
    }
}
