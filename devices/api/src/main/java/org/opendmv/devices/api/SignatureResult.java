package org.opendmv.devices.api;

import java.util.Arrays;
import java.util.Objects;

/** Result of {@link SignaturePad#capture}: the signature as a PNG (transparent or white background). */
public final class SignatureResult {
    private final byte[] png;
    private final int strokeCount;

    private SignatureResult(byte[] png, int strokeCount) {
        this.png = Objects.requireNonNull(png, "png");
        if (strokeCount < 0) {
            throw new IllegalArgumentException("strokeCount < 0");
        }
        this.strokeCount = strokeCount;
    }

    /** @param png PNG bytes, handed over (not copied) */
    public static SignatureResult of(byte[] png, int strokeCount) {
        return new SignatureResult(png, strokeCount);
    }

    /** PNG bytes. Not copied; read-only. */
    public byte[] png() {
        return png;
    }

    /** Number of pen strokes (a plausibility hint; 0 should not happen). */
    public int strokeCount() {
        return strokeCount;
    }

    /** Zeroes the image bytes. */
    public void wipe() {
        Arrays.fill(png, (byte) 0);
    }

    @Override
    public String toString() {
        return "SignatureResult[" + png.length + " bytes, strokes=" + strokeCount + "]";
    }
}
