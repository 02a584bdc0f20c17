package org.opendmv.face.internal.source;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.opendmv.face.api.Frame;
import org.opendmv.face.api.FrameSource;

/**
 * Frames from a child process ({@code ffmpeg} or {@code gst-launch-1.0}) that writes raw RGB24 frames of the
 * configured size to its standard output. A reader thread fills a small queue: for a live camera the oldest frame
 * is dropped when the reader is behind (low latency); for a file or pipeline the child waits (no frame lost).
 */
public final class ProcessFrameSource implements FrameSource {
    private static final Object END = new Object();
    private static final int STDERR_KEEP = 2048;

    private final Process process;
    private final String tool;
    private final int width;
    private final int height;
    private final double fps;
    private final boolean live;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(3);
    private final StringBuilder stderrTail = new StringBuilder();
    private final Thread stderrReader;
    private volatile boolean closed;
    private boolean ended;
    private final long startNanos = System.nanoTime();

    private ProcessFrameSource(List<String> command, String tool, int width, int height, double fps, boolean live)
            throws IOException {
        this.tool = tool;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.live = live;
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        this.process = pb.start();
        ChildProcesses.register(process);
        this.stderrReader = new Thread(this::drainStderr, "face-source-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
        Thread out = new Thread(this::readFrames, "face-source-" + tool);
        out.setDaemon(true);
        out.start();
    }

    /** {@code ffmpeg -f v4l2 -i /dev/videoN}. */
    public static ProcessFrameSource v4l2(Path device, int width, int height, double fps) throws IOException {
        if (!Files.exists(device)) {
            throw new FileNotFoundException("camera device not found: " + device
                    + " (is the camera plugged in and the kiosk user in the 'video' group?)");
        }
        String ffmpeg = requireTool("ffmpeg", "ffmpeg");
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "v4l2", "-framerate", fmt(fps), "-video_size", width + "x" + height, "-i", device.toString()));
        cmd.addAll(ffmpegOutput(width, height, fps));
        return new ProcessFrameSource(cmd, "ffmpeg", width, height, fps, true);
    }

    /** {@code ffmpeg -i file}, resampled to {@code fps} (frame timestamps are index / fps). */
    public static ProcessFrameSource file(Path file, int width, int height, double fps) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("video file not found: " + file);
        }
        String ffmpeg = requireTool("ffmpeg", "ffmpeg");
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-i", file.toString()));
        cmd.addAll(ffmpegOutput(width, height, fps));
        return new ProcessFrameSource(cmd, "ffmpeg", width, height, fps, false);
    }

    /** {@code gst-launch-1.0 -q <pipeline> ! videoconvert ! videoscale ! videorate ! caps ! fdsink fd=1}. */
    public static ProcessFrameSource gstreamer(String pipeline, int width, int height, double fps) throws IOException {
        List<String> tokens = tokenize(pipeline);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("empty GStreamer pipeline");
        }
        if (tokens.contains("fdsink") || tokens.get(tokens.size() - 1).equals("!")) {
            throw new IllegalArgumentException("gst: pipeline must end with its video source or filters (no sink, "
                    + "no trailing '!'); the kiosk adds the conversion to RGB and the sink: " + pipeline);
        }
        String gst = requireTool("gst-launch-1.0", "gstreamer1.0-tools");
        List<String> cmd = new ArrayList<>();
        cmd.add(gst);
        cmd.add("-q");
        cmd.addAll(tokens);
        int num = (int) Math.round(fps * 1000);
        cmd.addAll(List.of("!", "videoconvert", "!", "videoscale", "!", "videorate", "!",
                "video/x-raw,format=RGB,width=" + width + ",height=" + height + ",pixel-aspect-ratio=1/1,framerate="
                        + num + "/1000",
                "!", "fdsink", "fd=1", "sync=false"));
        boolean live = tokens.stream().anyMatch(t -> t.startsWith("v4l2src") || t.equals("is-live=true"));
        return new ProcessFrameSource(cmd, "gst-launch-1.0", width, height, fps, live);
    }

    private static List<String> ffmpegOutput(int width, int height, double fps) {
        return List.of("-an", "-sn", "-vf", "fps=" + fmt(fps) + ",scale=" + width + ":" + height,
                "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1");
    }

    private static String fmt(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.3f", fps);
    }

    /** Finds a program on the PATH, or an IOException naming the Debian package. */
    static String requireTool(String name, String debianPackage) throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new FileNotFoundException(name + " not found on the PATH: install the Debian package " + debianPackage
                + " (apt-get install " + debianPackage + ")");
    }

    /** Splits a gst-launch pipeline on whitespace, keeping "double quoted" parts together. */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quote in GStreamer pipeline: " + s);
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    private void readFrames() {
        int size = width * height * 3;
        long index = 0;
        try (InputStream in = process.getInputStream()) {
            while (!closed) {
                byte[] buf = new byte[size];
                int n = in.readNBytes(buf, 0, size);
                if (n < size) {
                    Arrays.fill(buf, (byte) 0);
                    break;
                }
                long ts = live ? System.nanoTime() - startNanos : Math.round(index * 1e9 / fps);
                index++;
                Frame f = new Frame(width, height, buf, ts);
                if (live) {
                    while (!queue.offer(f)) {
                        Object old = queue.poll();
                        if (old instanceof Frame of) {
                            of.wipe();
                        }
                    }
                } else {
                    queue.put(f);
                }
            }
        } catch (IOException | InterruptedException e) {
            // closed or the child died: reported through END and the exit code
        } finally {
            boolean interrupted = false;
            try {
                // a file or pipeline: END waits behind the last frames (making room would drop the oldest of them
                // when the consumer is behind); a live camera, or a closed source, makes room instead
                while (!live && !closed && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    // the consumer is still working on earlier frames
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            try {
                while (!queue.contains(END) && !queue.offer(END)) {
                    Object old = queue.poll();
                    if (old instanceof Frame of) {
                        of.wipe();
                    }
                }
            } catch (RuntimeException ignored) {
                // nothing more to do
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drainStderr() {
        byte[] buf = new byte[1024];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buf)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_KEEP) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_KEEP);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public Optional<Frame> next(Duration timeout) throws IOException {
        if (closed || ended) {
            return Optional.empty();
        }
        Object o;
        try {
            o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a frame from " + tool);
        }
        if (o == null) {
            throw new InterruptedIOException("no frame from " + tool + " within " + timeout.toMillis() + " ms");
        }
        if (o instanceof Frame f) {
            return Optional.of(f);
        }
        ended = true;
        int exit;
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            ChildProcesses.unregister(process);
        }
        if (exit != 0 && !closed) {
            try {
                stderrReader.join(2000); // the child's last words may still be in the pipe
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(tool + " failed (exit " + exit + "): " + lastLines());
        }
        return Optional.empty();
    }

    private String lastLines() {
        synchronized (stderrTail) {
            List<String> lines = new ArrayList<>(new ArrayDeque<>(Arrays.asList(stderrTail.toString().split("\n"))));
            lines.removeIf(String::isBlank);
            if (lines.isEmpty()) {
                return "no message";
            }
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).trim();
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Whether the child process is still running (for tests and health). */
    public boolean running() {
        return process.isAlive();
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.kill(process);
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Frame f) {
                f.wipe();
            }
        }
    }
}
