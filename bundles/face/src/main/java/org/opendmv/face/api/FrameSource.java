package org.opendmv.face.api;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** A stream of frames (camera, video file, image directory, GStreamer pipeline). Not thread-safe: one reader. */
public interface FrameSource extends AutoCloseable {

    /**
     * The next frame, waiting at most {@code timeout}.
     *
     * @return the frame, or empty at the end of the stream
     * @throws IOException if the source failed (the child process died, an image could not be read) or
     *         no frame came within the timeout ({@link java.io.InterruptedIOException}); the message says why
     */
    Optional<Frame> next(Duration timeout) throws IOException;

    /** Frame width in pixels, as every frame of this source has. */
    int width();

    /** Frame height in pixels. */
    int height();

    /** Stops the source (kills its child process, if any). Never throws; may be called more than once. */
    @Override
    void close();
}
