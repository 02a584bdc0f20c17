package org.opendmv.ui.internal.views;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.opendmv.ui.api.Theme;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * QR codes for the screen: ZXing's {@link BitMatrix} drawn black on white with the standard
 * quiet zone of four modules and whole-pixel modules (a phone camera reads crisp edges best).
 * Used for the phone-upload link, the WeChat payment link and by the shell.
 *
 * <p>{@link #matrix} and {@link #imageData} need no Display; {@link #image} makes an SWT image the
 * caller must dispose; {@link #canvas} makes a self-drawing square widget that holds no image.
 */
public final class QrImages {
    /** Widget data key holding the text a QR widget encodes (for automated UI tests). */
    public static final String TEXT_KEY = "opendmv.ui.qr.text";
    /** Quiet zone around the code, in modules (ISO/IEC 18004 asks for 4). */
    public static final int QUIET_ZONE = 4;

    private QrImages() {
    }

    /**
     * The code's modules without quiet zone, one matrix cell per module: true = dark. Error
     * correction M (15 %), UTF-8 for non-ASCII text.
     *
     * @throws IllegalArgumentException if the text is empty or too long for a QR code
     */
    public static BitMatrix matrix(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("nothing to encode");
        }
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.MARGIN, 0);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as a QR code: " + e.getMessage(), e);
        }
    }

    /** Pixels per module so that the code and its quiet zone fit {@code sizePx}; at least 1. */
    static int modulePx(int modules, int sizePx) {
        return Math.max(1, sizePx / (modules + 2 * QUIET_ZONE));
    }

    /**
     * A square 1-bit image of {@code sizePx} (or the smallest size that holds one pixel per
     * module and the quiet zone, if larger): white margin, black modules, centred. Palette index
     * 0 is white, 1 is black. Pure Java: no Display needed.
     */
    public static ImageData imageData(String text, int sizePx) {
        return imageData(matrix(text), sizePx);
    }

    /** {@link #imageData(String, int)} for a matrix from {@link #matrix}. */
    public static ImageData imageData(BitMatrix m, int sizePx) {
        int n = m.getWidth();
        int size = Math.max(sizePx, n + 2 * QUIET_ZONE);
        int px = modulePx(n, size);
        int offset = (size - n * px) / 2;
        ImageData d = new ImageData(size, size, 1, new PaletteData(new RGB(255, 255, 255), new RGB(0, 0, 0)));
        byte[] row = new byte[size];
        for (int y = 0; y < n; y++) {
            Arrays.fill(row, (byte) 0);
            for (int x = 0; x < n; x++) {
                if (m.get(x, y)) {
                    Arrays.fill(row, offset + x * px, offset + (x + 1) * px, (byte) 1);
                }
            }
            for (int k = 0; k < px; k++) {
                d.setPixels(0, offset + y * px + k, size, row, 0);
            }
        }
        return d;
    }

    /** An SWT image of the code; the caller disposes it. */
    public static Image image(Device device, String text, int sizePx) {
        return new Image(device, imageData(text, sizePx));
    }

    /**
     * A square widget drawing the code as large as its cell allows (whole-pixel modules, quiet
     * zone included), preferring {@code preferredPx}. {@code id} is set as {@link Theme#TEST_ID}
     * and the text as {@link #TEXT_KEY}.
     */
    public static QrCanvas canvas(Composite parent, String id, String text, int preferredPx) {
        QrCanvas c = new QrCanvas(parent, preferredPx);
        c.setData(Theme.TEST_ID, id);
        c.setText(text);
        return c;
    }

    /**
     * Draws a QR code straight from its matrix on every paint: no image to dispose, and it
     * stays sharp whatever size the layout gives it. Always white behind the code, so it reads on
     * any theme.
     */
    public static final class QrCanvas extends Canvas {
        private final int preferredPx;
        private String text;
        private BitMatrix matrix;

        QrCanvas(Composite parent, int preferredPx) {
            super(parent, SWT.DOUBLE_BUFFERED);
            this.preferredPx = preferredPx;
            setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            GridData gd = new GridData(SWT.CENTER, SWT.CENTER, false, false);
            gd.widthHint = preferredPx;
            gd.heightHint = preferredPx;
            setLayoutData(gd);
            addPaintListener(e -> paint(e.gc));
        }

        /** The encoded text, or null. */
        public String text() {
            return text;
        }

        /** Shows another code (a new payment order); null or empty shows a blank square. */
        public void setText(String text) {
            if (text != null && text.equals(this.text)) {
                return;
            }
            this.text = text == null || text.isEmpty() ? null : text;
            this.matrix = this.text == null ? null : matrix(this.text);
            setData(TEXT_KEY, this.text);
            redraw();
        }

        @Override
        public Point computeSize(int wHint, int hHint, boolean changed) {
            int w = wHint == SWT.DEFAULT ? preferredPx : wHint;
            int h = hHint == SWT.DEFAULT ? preferredPx : hHint;
            return new Point(w, h);
        }

        private void paint(GC gc) {
            Rectangle r = getClientArea();
            Color white = getDisplay().getSystemColor(SWT.COLOR_WHITE);
            Color black = getDisplay().getSystemColor(SWT.COLOR_BLACK);
            gc.setAntialias(SWT.OFF);
            gc.setBackground(getParent().getBackground());
            gc.fillRectangle(r);
            int side = Math.min(r.width, r.height);
            if (side <= 0) {
                return;
            }
            int x0 = r.x + (r.width - side) / 2;
            int y0 = r.y + (r.height - side) / 2;
            gc.setBackground(white);
            gc.fillRectangle(x0, y0, side, side);
            BitMatrix m = matrix;
            if (m == null) {
                return;
            }
            int n = m.getWidth();
            int px = modulePx(n, side);
            int ox = x0 + (side - n * px) / 2;
            int oy = y0 + (side - n * px) / 2;
            gc.setBackground(black);
            for (int y = 0; y < n; y++) {
                int x = 0;
                while (x < n) {
                    if (!m.get(x, y)) {
                        x++;
                        continue;
                    }
                    int start = x;
                    while (x < n && m.get(x, y)) {
                        x++;
                    }
                    gc.fillRectangle(ox + start * px, oy + y * px, (x - start) * px, px);
                }
            }
        }
    }
}
