package org.opendmv.ui.internal.views;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.eclipse.swt.graphics.ImageData;
import org.junit.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** The codes the kiosk shows must read back as what they encode; no Display needed. */
public class QrImagesTest {
    private static final String PAY = "weixin://wxpay/bizpayurl?pr=AbCdEf1";
    private static final String UPLOAD = "https://kiosk.example.gov.cn/upload/3f9a?s=照片";

    private static String decode(LuminanceSource source) throws Exception {
        Result r = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE, DecodeHintType.TRY_HARDER, Boolean.TRUE));
        return r.getText();
    }

    private static LuminanceSource luminance(ImageData d) {
        int[] argb = new int[d.width * d.height];
        for (int y = 0; y < d.height; y++) {
            for (int x = 0; x < d.width; x++) {
                argb[y * d.width + x] = d.getPixel(x, y) == 1 ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        return new RGBLuminanceSource(d.width, d.height, argb);
    }

    /** The matrix itself, one pixel per module with the quiet zone added here. */
    @Test
    public void matrixDecodesToItsText() throws Exception {
        BitMatrix m = QrImages.matrix(PAY);
        int q = QrImages.QUIET_ZONE;
        int scale = 4;
        int size = (m.getWidth() + 2 * q) * scale;
        int[] argb = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int mx = x / scale - q;
                int my = y / scale - q;
                boolean dark = mx >= 0 && my >= 0 && mx < m.getWidth() && my < m.getHeight() && m.get(mx, my);
                argb[y * size + x] = dark ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        assertEquals(PAY, decode(new RGBLuminanceSource(size, size, argb)));
    }

    @Test
    public void imageDataDecodesToItsText() throws Exception {
        ImageData d = QrImages.imageData(PAY, 300);
        assertEquals(300, d.width);
        assertEquals(300, d.height);
        assertEquals(PAY, decode(luminance(d)));
    }

    @Test
    public void nonAsciiTextSurvives() throws Exception {
        assertEquals(UPLOAD, decode(luminance(QrImages.imageData(UPLOAD, 400))));
    }

    /** At least four white modules on every side, and whole-pixel modules. */
    @Test
    public void hasQuietZone() {
        BitMatrix m = QrImages.matrix(PAY);
        int size = 257; // not a multiple of anything
        ImageData d = QrImages.imageData(m, size);
        int px = size / (m.getWidth() + 2 * QrImages.QUIET_ZONE);
        int margin = (size - m.getWidth() * px) / 2;
        assertTrue(margin >= QrImages.QUIET_ZONE * px);
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < margin; k++) {
                assertEquals(0, d.getPixel(i, k));
                assertEquals(0, d.getPixel(k, i));
                assertEquals(0, d.getPixel(i, size - 1 - k));
                assertEquals(0, d.getPixel(size - 1 - k, i));
            }
        }
        // the top-left finder pattern starts right at the margin
        assertEquals(1, d.getPixel(margin, margin));
        assertEquals(1, d.getPixel(margin + px * 7 - 1, margin + px * 7 - 1));
    }

    @Test
    public void tooSmallGrowsToOnePixelPerModule() {
        BitMatrix m = QrImages.matrix(PAY);
        ImageData d = QrImages.imageData(m, 10);
        assertEquals(m.getWidth() + 2 * QrImages.QUIET_ZONE, d.width);
    }

    @Test(expected = IllegalArgumentException.class)
    public void emptyTextIsRefused() {
        QrImages.matrix("");
    }
}
