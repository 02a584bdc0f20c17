package org.opendmv.face.api;

import java.io.IOException;
import java.nio.file.Path;

import org.opendmv.face.internal.source.ImageDirFrameSource;
import org.opendmv.face.internal.source.ProcessFrameSource;

/**
 * Opens a {@link FrameSource} from the spec string integrators configure:
 * <ul>
 * <li>{@code v4l2:/dev/video0} — a camera, through an {@code ffmpeg} child process (Debian package {@code ffmpeg});</li>
 * <li>{@code file:/path/video.mp4} — a video file, through {@code ffmpeg}, resampled to {@code fps};</li>
 * <li>{@code images:/dir} — the directory's {@code *.png}, {@code *.jpg}, {@code *.jpeg} in name order, read in-process;</li>
 * <li>{@code gst:<pipeline>} — a GStreamer pipeline in {@code gst-launch-1.0} syntax ending in a video source, for
 * example {@code gst:videotestsrc num-buffers=30}; run by {@code gst-launch-1.0} (Debian package
 * {@code gstreamer1.0-tools}) with {@code ! videoconvert ! videoscale ! videorate ! video/x-raw,format=RGB,...}
 * appended.</li>
 * </ul>
 * Every frame is scaled to {@code width}×{@code height}. No native code runs in the JVM: a camera or decoder crash
 * ends the child process, not the kiosk. The child process is killed on {@link FrameSource#close()} and when the JVM exits.
 */
public final class FrameSources {
    private FrameSources() {
    }

    /**
     * @throws IllegalArgumentException for a spec that is not one of the forms above, or a bad size or fps
     * @throws IOException for a missing file, device or directory, or a missing {@code ffmpeg}/{@code gst-launch-1.0}
     *         (the message names the Debian package to install)
     */
    public static FrameSource open(String spec, int width, int height, double fps) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty frame source; expected v4l2:/dev/videoN, file:/path/video, "
                    + "images:/dir or gst:<pipeline>");
        }
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("frame size must be between 1 and 8192 pixels: " + width + "x" + height);
        }
        if (!(fps > 0 && fps <= 240)) {
            throw new IllegalArgumentException("fps must be above 0 and at most 240: " + fps);
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon).trim();
        String rest = colon < 0 ? "" : spec.substring(colon + 1).trim();
        if (rest.isEmpty() && colon >= 0) {
            throw new IllegalArgumentException("frame source '" + spec + "' has nothing after '" + kind + ":'");
        }
        switch (kind) {
            case "v4l2":
                return ProcessFrameSource.v4l2(Path.of(rest), width, height, fps);
            case "file":
                return ProcessFrameSource.file(Path.of(rest), width, height, fps);
            case "images":
                return ImageDirFrameSource.open(Path.of(rest), width, height, fps);
            case "gst":
                return ProcessFrameSource.gstreamer(rest, width, height, fps);
            default:
                throw new IllegalArgumentException("unknown frame source '" + spec + "'; expected v4l2:/dev/videoN, "
                        + "file:/path/video, images:/dir or gst:<pipeline>");
        }
    }
}
