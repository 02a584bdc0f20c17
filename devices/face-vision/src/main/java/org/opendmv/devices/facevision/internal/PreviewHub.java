package org.opendmv.devices.facevision.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.opendmv.devices.api.CameraPreview;
import org.opendmv.devices.api.PreviewFrame;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Frame;

/**
 * The driver's {@link CameraPreview}: while a check runs, each frame it looks at (at most
 * {@value #MAX_FPS} a second, by the frames' timestamps) is mirrored for display, given with the face box and
 * wiped once every listener has returned. Nothing is kept between frames.
 */
final class PreviewHub implements CameraPreview {
    static final int MAX_FPS = 15;
    private static final long MIN_GAP_NANOS = 1_000_000_000L / MAX_FPS;

    private final List<Consumer<PreviewFrame>> listeners = new CopyOnWriteArrayList<>();
    private long lastSent = Long.MIN_VALUE;

    @Override
    public AutoCloseable subscribe(Consumer<PreviewFrame> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** A new check: the rate limit starts again. */
    synchronized void reset() {
        lastSent = Long.MIN_VALUE;
    }

    /** Sends {@code frame} mirrored, with {@code face} mirrored too, unless too soon after the last one. */
    synchronized void offer(Frame frame, Optional<Box> face) {
        if (listeners.isEmpty()) {
            return;
        }
        long t = frame.timestampNanos();
        if (lastSent != Long.MIN_VALUE && t - lastSent < MIN_GAP_NANOS && t >= lastSent) {
            return;
        }
        lastSent = t;
        PreviewFrame p = mirrored(frame, face);
        try {
            for (Consumer<PreviewFrame> l : listeners) {
                try {
                    l.accept(p);
                } catch (RuntimeException e) {
                    // a failing screen must not stop the check; never log the frame
                }
            }
        } finally {
            p.wipe();
        }
    }

    /** The frame as the citizen sees themselves in a mirror: x flipped, the box too (fractions of the frame). */
    static PreviewFrame mirrored(Frame frame, Optional<Box> face) {
        int w = frame.width();
        int h = frame.height();
        byte[] src = frame.rgb();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = (row + x) * 3;
                out[row + (w - 1 - x)] = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            }
        }
        if (face.isEmpty()) {
            return PreviewFrame.of(w, h, out);
        }
        Box b = face.get();
        double x0 = clamp(b.x() / w);
        double x1 = clamp(b.right() / w);
        double y0 = clamp(b.y() / h);
        double y1 = clamp(b.bottom() / h);
        return PreviewFrame.of(w, h, out, 1 - x1, y0, x1 - x0, y1 - y0);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
