package org.opendmv.devices.facevision.internal;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;

/** Counts calls and time per stage, for {@code kiosk:face-check --timings} and bench/face.sh. */
final class TimedAnalyzer implements FaceAnalyzer {
    private final FaceAnalyzer delegate;
    private final AtomicLong detectNs = new AtomicLong();
    private final AtomicLong detectCalls = new AtomicLong();
    private final AtomicLong landmarksNs = new AtomicLong();
    private final AtomicLong landmarksCalls = new AtomicLong();
    private final AtomicLong embeddingNs = new AtomicLong();
    private final AtomicLong embeddingCalls = new AtomicLong();

    TimedAnalyzer(FaceAnalyzer delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Face> detect(Frame frame) {
        long t = System.nanoTime();
        try {
            return delegate.detect(frame);
        } finally {
            detectNs.addAndGet(System.nanoTime() - t);
            detectCalls.incrementAndGet();
        }
    }

    @Override
    public Landmarks landmarks(Frame frame, Face face) {
        long t = System.nanoTime();
        try {
            return delegate.landmarks(frame, face);
        } finally {
            landmarksNs.addAndGet(System.nanoTime() - t);
            landmarksCalls.incrementAndGet();
        }
    }

    @Override
    public float[] embedding(Frame frame, Face face) {
        long t = System.nanoTime();
        try {
            return delegate.embedding(frame, face);
        } finally {
            embeddingNs.addAndGet(System.nanoTime() - t);
            embeddingCalls.incrementAndGet();
        }
    }

    @Override
    public double similarity(float[] a, float[] b) {
        return delegate.similarity(a, b);
    }

    @Override
    public boolean ready() {
        return delegate.ready();
    }

    @Override
    public String reason() {
        return delegate.reason();
    }

    /** One line per stage: calls and mean milliseconds. */
    String summary() {
        return line("detect", detectCalls, detectNs) + "\n" + line("landmarks", landmarksCalls, landmarksNs) + "\n"
                + line("embedding", embeddingCalls, embeddingNs);
    }

    private static String line(String stage, AtomicLong calls, AtomicLong ns) {
        long n = calls.get();
        return String.format(Locale.ROOT, "timing %-9s %5d calls, mean %.1f ms", stage, n,
                n == 0 ? 0.0 : ns.get() / 1e6 / n);
    }
}
