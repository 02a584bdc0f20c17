package org.opendmv.ui.internal.views;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.junit.Test;

/** The on-screen signature's PNG encoding; pure image data, no display needed. */
public class SignatureEncodingTest {

    private static ImageData whiteWithInk(int w, int h) {
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        int white = d.palette.getPixel(new RGB(255, 255, 255));
        int black = d.palette.getPixel(new RGB(0, 0, 0));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d.setPixel(x, y, x >= 20 && x < 60 && y >= 10 && y < 14 ? black : white);
            }
        }
        return d;
    }

    @Test
    public void encodesAPngTheEngineAccepts() throws Exception {
        byte[] png = SignView.png(whiteWithInk(200, 80));
        // what SignStep.isPng checks
        assertTrue(png.length > 8);
        assertEquals(0x89, png[0] & 0xff);
        assertEquals('P', png[1]);
        assertEquals('N', png[2]);
        assertEquals('G', png[3]);
        assertTrue("well under the engine's 1 MB limit", png.length < 1024 * 1024);

        ImageData back = new ImageLoader().load(new ByteArrayInputStream(png))[0];
        assertEquals(200, back.width);
        assertEquals(80, back.height);
        RGB ink = back.palette.getRGB(back.getPixel(30, 12));
        RGB paper = back.palette.getRGB(back.getPixel(100, 50));
        assertEquals(new RGB(0, 0, 0), ink);
        assertEquals(new RGB(255, 255, 255), paper);
    }

    @Test
    public void aFullScreenSignatureStaysSmall() {
        byte[] png = SignView.png(whiteWithInk(1920, 1080));
        assertTrue(png.length < 100 * 1024);
    }

    @Test
    public void strokesKeepTheirPointsAndForgetThemWhenWiped() {
        SignView.Stroke s = new SignView.Stroke();
        for (int i = 0; i < 100; i++) {
            s.add(i, 2 * i);
            s.add(i, 2 * i); // a finger resting in place adds nothing
        }
        assertEquals(100, s.size());
        int[] p = s.points();
        assertEquals(200, p.length);
        assertArrayEquals(new int[] {99, 198}, new int[] {p[198], p[199]});
        s.wipe();
        assertEquals(0, s.size());
        assertEquals(0, s.points().length);
    }
}
