package org.opendmv.devices.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One picture of a {@link CameraPreview} (since 2.1): {@link #width()} × {@link #height()} pixels as
 * {@code 0xRRGGBB} ints, row-major, already mirrored for display (the citizen sees themselves as in a
 * mirror), and where the driver found the face. In memory only; the pixels are handed over, not copied:
 * a listener copies what it keeps (it is the citizen's face) and never stores or logs it.
 */
public final class PreviewFrame {
    private final int width;
    private final int height;
    private final int[] rgb;
    private final double[] faceBox;

    private PreviewFrame(int width, int height, int[] rgb, double[] faceBox) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != width * height) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " pixels, expected " + width * height);
        }
        if (faceBox != null) {
            if (faceBox.length != 4) {
                throw new IllegalArgumentException("faceBox is x, y, width, height");
            }
            for (double v : faceBox) {
                if (!(v >= 0.0 && v <= 1.0)) {
                    throw new IllegalArgumentException("faceBox values are fractions of the frame in [0, 1]");
                }
            }
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.faceBox = faceBox == null ? null : faceBox.clone();
    }

    /** A frame without a face box. {@code rgb} (0xRRGGBB, row-major, mirrored) is not copied. */
    public static PreviewFrame of(int width, int height, int[] rgb) {
        return new PreviewFrame(width, height, rgb, null);
    }

    /**
     * A frame with the face box {@code x, y, w, h} as fractions of the frame (in the mirrored picture),
     * each in [0, 1]. {@code rgb} is not copied.
     */
    public static PreviewFrame of(int width, int height, int[] rgb, double x, double y, double w, double h) {
        return new PreviewFrame(width, height, rgb, new double[] {x, y, w, h});
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixels, {@code 0xRRGGBB}, row-major, mirrored for display. Not copied: do not keep it. */
    public int[] rgb() {
        return rgb;
    }

    /** The face as {@code {x, y, w, h}} fractions of the frame (a copy); empty if no face was found. */
    public Optional<double[]> faceBox() {
        return faceBox == null ? Optional.empty() : Optional.of(faceBox.clone());
    }

    /** Zeroes the pixels. */
    public void wipe() {
        Arrays.fill(rgb, 0);
    }

    @Override
    public String toString() {
        return "PreviewFrame[" + width + "x" + height + (faceBox == null ? ", no face" : ", face") + "]";
    }
}
