package org.opendmv.ui.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.business.api.BusinessIcons;

/** Every icon name a descriptor may use is drawn: a visible glyph, not a blank tile. Needs an X display (Xvfb). */
public class IconsTest {
    private static final int SIZE = 96;
    private static Display display;

    @BeforeClass
    public static void display() {
        Assume.assumeTrue("needs an X display (./kiosk test runs Xvfb)", System.getenv("DISPLAY") != null);
        display = Display.getDefault();
    }

    @AfterClass
    public static void dispose() {
        if (display != null) {
            display.dispose();
        }
    }

    private static ImageData draw(String name) {
        Image img = new Image(display, SIZE, SIZE);
        Color white = new Color(255, 255, 255);
        GC gc = new GC(img);
        try {
            gc.setBackground(white);
            gc.fillRectangle(0, 0, SIZE, SIZE);
            Icons.draw(gc, name, 0, 0, SIZE, new Color(0x1f, 0x4e, 0x8c), new Color(0xe8, 0xf0, 0xfa), new Color(0xd9, 0x6b, 0x00));
        } finally {
            gc.dispose();
        }
        ImageData d = img.getImageData();
        img.dispose();
        return d;
    }

    private static int inkPixels(ImageData d) {
        int ink = 0;
        for (int y = 0; y < d.height; y++) {
            for (int x = 0; x < d.width; x++) {
                RGB c = d.palette.getRGB(d.getPixel(x, y));
                if (c.red < 200 || c.green < 200 || c.blue < 200) {
                    ink++;
                }
            }
        }
        return ink;
    }

    @Test
    public void everyNameADescriptorMayUseIsDrawn() {
        Map<String, Integer> ink = new HashMap<>();
        for (String name : Icons.names()) {
            int n = inkPixels(draw(name));
            ink.put(name, n);
            assertTrue(name + " drew only " + n + " pixels", n > SIZE * SIZE / 10);
        }
        assertEquals(BusinessIcons.NAMES.size() + 1, ink.size());
        assertTrue(Icons.names().containsAll(BusinessIcons.NAMES));
    }

    @Test
    public void actionsGetTheirBadge() {
        // the badge changes the picture: a replace icon is not the bare glyph
        assertNotEquals(inkPixels(draw("licence")), inkPixels(draw("licence-replace")));
        assertNotEquals(inkPixels(draw("plate")), inkPixels(draw("plate-exchange")));
        assertNotEquals(inkPixels(draw("vehicle")), inkPixels(draw("vehicle-replace")));
        assertNotEquals(inkPixels(draw("driver-licence")), inkPixels(draw("medical-postpone")));
    }
}
