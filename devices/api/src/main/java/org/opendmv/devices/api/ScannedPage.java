package org.opendmv.devices.api;

import java.util.Arrays;
import java.util.Objects;

/** One captured page: encoded image bytes (not copied), MIME type and pixel size. */
public final class ScannedPage {
    private final byte[] image;
    private final String mime;
    private final int widthPx;
    private final int heightPx;

    private ScannedPage(byte[] image, String mime, int widthPx, int heightPx) {
        this.image = Objects.requireNonNull(image, "image");
        this.mime = Objects.requireNonNull(mime, "mime");
        if (widthPx < 1 || heightPx < 1) {
            throw new IllegalArgumentException("empty image " + widthPx + "x" + heightPx);
        }
        this.widthPx = widthPx;
        this.heightPx = heightPx;
    }

    /**
     * @param image encoded image, handed over (not copied)
     * @param mime {@code image/png} or {@code image/jpeg}
     */
    public static ScannedPage of(byte[] image, String mime, int widthPx, int heightPx) {
        return new ScannedPage(image, mime, widthPx, heightPx);
    }

    /** The encoded image. Not copied; read-only. */
    public byte[] image() {
        return image;
    }

    public String mime() {
        return mime;
    }

    public int widthPx() {
        return widthPx;
    }

    public int heightPx() {
        return heightPx;
    }

    /** Zeroes the image bytes (documents carry personal data). */
    public void wipe() {
        Arrays.fill(image, (byte) 0);
    }

    @Override
    public String toString() {
        return "ScannedPage[" + mime + " " + widthPx + "x" + heightPx + ", " + image.length + " bytes]";
    }
}
