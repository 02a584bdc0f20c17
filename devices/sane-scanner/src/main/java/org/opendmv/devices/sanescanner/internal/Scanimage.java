package org.opendmv.devices.sanescanner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.ScanRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SANE's command-line frontend {@code scanimage} (Debian {@code sane-utils}).
 *
 * <p><b>Why a process and not a saned client (jfreesane):</b> no network daemon to run and secure on the
 * kiosk and no non-OSGi library to wrap; cancellation is reliable (SIGTERM makes scanimage call
 * {@code sane_cancel} and stop the hardware, SIGKILL after a grace period) even when a backend hangs inside a
 * blocking call; a crashing vendor backend (many 高拍仪 ship closed-source SANE backends) cannot take the
 * JVM down; faults arrive as scanimage's exit code, which is the SANE_Status; and scanimage's libjpeg/libpng
 * encoders hand over compressed pages (≈3 MB instead of 26 MB raw for A4 300 dpi colour), keeping the heap
 * small. Cost: one process start per material (a few ms).
 */
final class Scanimage {
    private static final Logger LOG = LoggerFactory.getLogger(Scanimage.class);
    private static final Pattern PAGE_FILE = Pattern.compile("page-(\\d{1,6})\\.(jpg|png)");
    private static final int MAX_STDOUT = 64 * 1024;
    private static final int CLEANUP_GRACE_S = 3;
    /**
     * Work entries are named {@code opendmv-scan-p<pid>-…}: after a crash anyone (this driver when it starts,
     * the back office's retention sweep) can tell a dead process's scanned pages from a running scan.
     */
    static final String SCAN_PREFIX = "opendmv-scan-p" + ProcessHandle.current().pid() + "-";
    static final String LIST_PREFIX = "opendmv-sane-list-p" + ProcessHandle.current().pid() + "-";
    private static final Pattern OWNED = Pattern.compile("opendmv-(?:scan|sane-list)-p(\\d{1,10})-[A-Za-z0-9._-]+");
    private static final Pattern LEGACY = Pattern.compile("opendmv-(?:scan|sane-list)-\\d+[A-Za-z0-9._-]*");

    /**
     * What one run of scanimage produced: exit code (-1 if it was stopped while closing the device after the
     * batch; then only the parsed stderr tells the outcome), parsed stderr, page files by number.
     */
    record Run(int exitCode, ScanimageLog log, TreeMap<Integer, Path> pages, Path dir) {
    }

    private final ScannerSettings settings;

    Scanimage(ScannerSettings settings) {
        this.settings = settings;
    }

    /** The command line, with a C locale and the configured SANE_CONFIG_DIR. */
    private ProcessBuilder builder(List<String> args) throws IOException {
        String exe = resolve(settings.scanimagePath());
        List<String> cmd = new ArrayList<>();
        cmd.add(exe);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C"); // sane_strstatus and scanimage messages in English for ScanimageLog
        env.put("LANG", "C");
        if (!settings.saneConfigDir().isBlank()) {
            env.put("SANE_CONFIG_DIR", settings.saneConfigDir());
        }
        return pb;
    }

    /** The executable: a path as given, or a bare name looked up on PATH. */
    static String resolve(String exe) throws IOException {
        if (exe.indexOf('/') >= 0) {
            if (!Files.isExecutable(Path.of(exe))) {
                throw new IOException(exe + " is not an executable file");
            }
            return exe;
        }
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(java.io.File.pathSeparator)) {
            Path c = Path.of(d.isEmpty() ? "." : d, exe);
            if (Files.isExecutable(c)) {
                return c.toString();
            }
        }
        throw new IOException(exe + " not found on PATH");
    }

    /**
     * Lists devices ({@code scanimage -f}).
     *
     * @throws IOException if scanimage cannot be started
     * @throws ScanOutputException if it did not finish in time or failed
     */
    List<DeviceList.Entry> listDevices() throws IOException, ScanOutputException, InterruptedException {
        ProcessBuilder pb = builder(List.of("-f", DeviceList.FORMAT));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Files.createDirectories(settings.workDir());
        // stdout to a file, not a pipe: wait for scanimage itself, never for EOF from a backend's helper process
        Path out = Files.createTempFile(settings.workDir(), LIST_PREFIX, ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(settings.probeTimeoutS(), TimeUnit.SECONDS)) {
                    throw new ScanOutputException("scanimage -f did not finish in " + settings.probeTimeoutS() + " s");
                }
                if (p.exitValue() != 0) {
                    throw new ScanOutputException("scanimage -f exited with " + p.exitValue());
                }
            } finally {
                p.destroyForcibly();
            }
            byte[] text;
            try (InputStream in = Files.newInputStream(out)) {
                text = in.readNBytes(MAX_STDOUT);
            }
            return DeviceList.parse(new String(text, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Arguments of a scan into {@code dir}; public for tests. */
    List<String> scanArgs(String device, ScanRequest request, Path dir, int count) {
        List<String> a = new ArrayList<>();
        a.add("-d");
        a.add(device);
        if (!settings.source().isBlank()) {
            a.add("--source");
            a.add(settings.source());
        }
        a.add("--mode");
        a.add(request.colour() ? settings.modeColour() : settings.modeGrey());
        a.add("--resolution");
        a.add(Integer.toString(request.dpi()));
        if (settings.widthMm() > 0 && settings.heightMm() > 0) {
            a.add("-l");
            a.add("0");
            a.add("-t");
            a.add("0");
            a.add("-x");
            a.add(Integer.toString(settings.widthMm()));
            a.add("-y");
            a.add(Integer.toString(settings.heightMm()));
        }
        for (Map.Entry<String, String> o : settings.options().entrySet()) {
            a.add("--" + o.getKey() + "=" + o.getValue());
        }
        a.add("--format=" + settings.format());
        a.add("--batch=" + dir.resolve("page-%d." + settings.extension()));
        a.add("--batch-count=" + count);
        return a;
    }

    /**
     * Scans up to {@code count} pages into a fresh private directory; kills scanimage when {@code ctx} is
     * cancelled or after the scan timeout. The caller deletes {@link Run#dir()}.
     */
    Run scan(String device, ScanRequest request, int count, CommandContext ctx, ScheduledExecutorService timer,
            IntConsumer pageScanned) throws IOException, InterruptedException {
        Files.createDirectories(settings.workDir());
        Path dir = Files.createTempDirectory(settings.workDir(), SCAN_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        boolean ok = false;
        try {
            ProcessBuilder pb = builder(scanArgs(device, request, dir, count));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Path errFile = dir.resolve("scanimage.err");
            pb.redirectError(errFile.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            Runnable kill = () -> terminate(p, timer);
            ctx.onCancel(kill);
            long limitMs = settings.scanTimeoutS() * 1000L;
            if (ctx.hasDeadline()) {
                limitMs = Math.min(limitMs, ctx.remaining().toMillis());
            }
            ScheduledFuture<?> watchdog = timer.schedule(kill, limitMs, TimeUnit.MILLISECONDS);
            ScanimageLog log = new ScanimageLog();
            // stderr goes to a file, not a pipe: a backend's helper process (the test backend forks a reader)
            // may keep an inherited pipe open after scanimage exited, and we wait for scanimage, not for EOF
            StderrTail tail = new StderrTail(errFile, log, pageScanned);
            try {
                long terminatedAt = 0;
                boolean cleanupKilled = false;
                while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                    tail.poll();
                    if (log.batchTerminated() && terminatedAt == 0) {
                        terminatedAt = System.nanoTime();
                    }
                    // after "Batch terminated" scanimage only closes the device; the test backend (and some
                    // others) can deadlock there after a failed sane_read: everything is known, stop waiting
                    if (terminatedAt != 0 && !cleanupKilled
                            && System.nanoTime() - terminatedAt > TimeUnit.SECONDS.toNanos(CLEANUP_GRACE_S)) {
                        LOG.warn("scanimage pid {} hangs after the batch ended; stopping it", p.pid());
                        cleanupKilled = true;
                        terminate(p, timer);
                    }
                }
                tail.poll();
                tail.finish();
                int rc = cleanupKilled ? -1 : p.exitValue();
                watchdog.cancel(false);
                TreeMap<Integer, Path> pages = new TreeMap<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path f : ds) {
                        Matcher m = PAGE_FILE.matcher(f.getFileName().toString());
                        if (m.matches()) {
                            pages.put(Integer.parseInt(m.group(1)), f);
                        }
                    }
                }
                ok = true;
                return new Run(rc, log, pages, dir);
            } finally {
                watchdog.cancel(false);
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
        } finally {
            if (!ok) {
                deleteQuietly(dir);
            }
        }
    }

    /** Feeds new complete lines of the stderr file to the log, at most 1 MiB in all. */
    private static final class StderrTail {
        private final Path file;
        private final ScanimageLog log;
        private final IntConsumer pageScanned;
        private final StringBuilder partial = new StringBuilder();
        private long offset;

        StderrTail(Path file, ScanimageLog log, IntConsumer pageScanned) {
            this.file = file;
            this.log = log;
            this.pageScanned = pageScanned;
        }

        void poll() throws IOException {
            if (offset >= 1 << 20) {
                return;
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
                ch.position(offset);
                int n;
                while ((n = ch.read(buf)) > 0 && offset < 1 << 20) {
                    offset += n;
                    partial.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                    buf.clear();
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return;
            }
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                line(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
            if (partial.length() > 4096) {
                partial.setLength(0);
            }
        }

        void finish() {
            if (partial.length() > 0) {
                line(partial.toString());
                partial.setLength(0);
            }
        }

        private void line(String l) {
            int page = log.accept(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            if (page > 0) {
                pageScanned.accept(page);
            }
        }
    }

    /** SIGTERM (scanimage cancels the scan and exits), SIGKILL if still alive after 2 s. */
    private static void terminate(Process p, ScheduledExecutorService timer) {
        if (!p.isAlive()) {
            return;
        }
        LOG.debug("stopping scanimage pid {}", p.pid());
        p.destroy();
        try {
            timer.schedule(() -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            p.destroyForcibly(); // scheduler shut down
        }
    }

    /**
     * Removes scan folders and listings in {@code workDir} left by a process that has ended (kill -9, power cut
     * during a scan), or by an earlier process whose number is now another's; a running scan (of this or another
     * live process) is left alone. Folders of older versions without the pid go when older than an hour.
     *
     * @return the names removed (no personal data in them)
     */
    static List<String> removeLeftovers(Path workDir) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(workDir)) {
            return removed;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(workDir, "opendmv-*")) {
            for (Path p : ds) {
                if (isLeftover(p)) {
                    deleteTree(p);
                    removed.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not look for scan leftovers in {}: {}", workDir, e.toString());
        }
        return removed;
    }

    private static boolean isLeftover(Path p) throws IOException {
        String name = p.getFileName().toString();
        java.time.Instant written = Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
        Matcher m = OWNED.matcher(name);
        if (m.matches()) {
            java.util.Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive);
            if (owner.isEmpty()) {
                return true;
            }
            java.util.Optional<java.time.Instant> started = owner.get().info().startInstant();
            return started.isPresent() && started.get().isAfter(written.plusSeconds(1));
        }
        return LEGACY.matcher(name).matches() && written.isBefore(java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
    }

    private static void deleteTree(Path p) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            deleteQuietly(p);
        } else {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", p, e.toString());
            }
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("could not clean scan directory {}: {}", dir, e.toString());
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("could not delete scan directory {}: {}", dir, e.toString());
        }
    }
}
