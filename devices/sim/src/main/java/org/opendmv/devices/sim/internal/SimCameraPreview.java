package org.opendmv.devices.sim.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.opendmv.devices.api.CameraPreview;
import org.opendmv.devices.api.PreviewFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated camera's {@link CameraPreview}: hands each drawn frame to the subscribers. */
final class SimCameraPreview implements CameraPreview {
    private static final Logger LOG = LoggerFactory.getLogger(SimCameraPreview.class);
    private final List<Consumer<PreviewFrame>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable subscribe(Consumer<PreviewFrame> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    boolean watched() {
        return !listeners.isEmpty();
    }

    void publish(PreviewFrame f) {
        for (Consumer<PreviewFrame> l : listeners) {
            try {
                l.accept(f);
            } catch (RuntimeException e) {
                LOG.warn("preview listener failed: {}", e.toString());
            }
        }
    }
}
