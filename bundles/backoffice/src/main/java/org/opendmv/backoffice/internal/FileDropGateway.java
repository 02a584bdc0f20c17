package org.opendmv.backoffice.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.opendmv.backoffice.api.BackOfficeGateway;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default gateway: one folder per application, {@code <folder>/<serial>/}, holding
 * {@code application.json}, {@code form.pdf}, the attachments and the marker {@value #MARKER}
 * (idempotency key and acknowledgement reference). The folder is written under a temporary name in the
 * same parent, every file and the folder are fsynced, and it is then renamed atomically: the back office
 * sees a complete folder or none. A folder that exists with the same idempotency key is the same
 * delivery (after a crash or a staff retry) and is acknowledged again with its reference, not rewritten.
 * Folders and files are private to the kiosk's user (0700/0600): they hold personal data.
 *
 * <p>Retention ({@link #sweep}): the back office says it has collected a folder by removing it, by putting
 * a file {@value #COLLECTED} into it, or by renaming it to {@code <serial>}{@value #COLLECTED_SUFFIX}; the
 * kiosk then removes what is left. A folder nobody collected is removed a configured time after its
 * delivery. Nothing of a delivery the outbox has not recorded as SENT is touched.
 */
@Component(service = BackOfficeGateway.class, configurationPid = FileDropGateway.PID,
        property = BackOfficeGateway.PROPERTY + "=" + FileDropGateway.NAME)
@Designate(ocd = FileDropConfig.class)
public final class FileDropGateway implements BackOfficeGateway {
    public static final String PID = "org.opendmv.backoffice.filedrop";
    public static final String NAME = "file-drop";
    static final String JSON = "application.json";
    static final String MARKER = "delivery.properties";
    static final String TMP_PREFIX = ".tmp-";
    /** The back office's acknowledgement of a collected folder: a file of this name in it (any content). */
    static final String COLLECTED = "collected";
    /** ... or the folder renamed to {@code <serial>.collected}. */
    static final String COLLECTED_SUFFIX = ".collected";
    private static final Logger LOG = LoggerFactory.getLogger(FileDropGateway.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final FileAttribute<?> DIR_MODE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> FILE_MODE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path folder;

    @Activate
    public FileDropGateway(FileDropConfig config) {
        this(folderOf(config.folder()));
        LOG.info("Back-office file drop into {}", folder);
    }

    FileDropGateway(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        removeStaleTemporaries();
    }

    static Path folderOf(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        return Path.of(System.getProperty("karaf.data", "data"), "backoffice", "outgoing");
    }

    Path folder() {
        return folder;
    }

    @Override
    public String deliver(Submission s) throws GatewayException {
        String serial = s.serial();
        if (!SAFE.matcher(serial).matches() || serial.startsWith(".")) {
            throw new GatewayException("serial is not usable as a folder name", false);
        }
        Set<String> names = new HashSet<>(Set.of(JSON, MARKER));
        for (Submission.Part p : s.parts()) {
            if (!SAFE.matcher(p.name()).matches() || !names.add(p.name())) {
                throw new GatewayException("file name '" + p.name() + "' of " + serial + " is not allowed or repeated", false);
            }
        }
        String ack = "file:" + serial;
        Path target = folder.resolve(serial);
        try {
            String existing = existingAck(target, s.idempotencyKey());
            if (existing != null) {
                LOG.info("Application {} is in the drop folder already (same idempotency key): acknowledged again", serial);
                return existing;
            }
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, DIR_MODE); // lists serials only, but no one else's business
            }
            Path tmp = Files.createTempDirectory(folder, TMP_PREFIX + serial + "-", DIR_MODE);
            try {
                write(tmp.resolve(JSON), s.json());
                for (Submission.Part p : s.parts()) {
                    write(tmp.resolve(p.name()), p.data());
                }
                Properties marker = new Properties();
                marker.setProperty("serial", serial);
                marker.setProperty("idempotencyKey", s.idempotencyKey());
                marker.setProperty("ack", ack);
                marker.setProperty("deliveredAt", Instant.now().toString());
                marker.setProperty("files", String.valueOf(s.parts().size() + 1));
                java.io.StringWriter w = new java.io.StringWriter();
                marker.store(w, "OpenDMV kiosk delivery: complete");
                write(tmp.resolve(MARKER), w.toString().getBytes(StandardCharsets.ISO_8859_1));
                fsyncDir(tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    // delivered meanwhile by another writer: same delivery if the key matches
                    existing = existingAck(target, s.idempotencyKey());
                    if (existing != null) {
                        return existing;
                    }
                    throw new GatewayException("folder " + target + " exists and is not a complete delivery of this application", false);
                }
                fsyncDir(folder);
            } finally {
                if (Files.exists(tmp)) {
                    deleteTree(tmp);
                }
            }
            return ack;
        } catch (AtomicMoveNotSupportedException e) {
            throw new GatewayException("the drop folder " + folder + " does not support an atomic rename", false, e);
        } catch (IOException e) {
            // disk full, permissions, a network share gone: may clear
            throw new GatewayException("could not write into " + folder + ": " + describe(e), true, e);
        }
    }

    /** The acknowledgement of a complete delivery with this key at {@code target}, or null if there is none. */
    private static String existingAck(Path target, String key) throws IOException, GatewayException {
        if (!Files.exists(target)) {
            return null;
        }
        Path marker = target.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            throw new GatewayException("folder " + target + " exists without a complete delivery; staff must look", false);
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(marker)) {
            p.load(in);
        }
        if (!key.equals(p.getProperty("idempotencyKey"))) {
            throw new GatewayException("folder " + target + " holds a different delivery (idempotency key differs)", false);
        }
        return p.getProperty("ack", "file:" + target.getFileName());
    }

    private static void write(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE_MODE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    private static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be fsynced; the rename is still atomic
            if (!(e instanceof FileSystemException)) {
                throw e;
            }
        }
    }

    /** A folder removed by the retention sweep: the serial and why, never the content. */
    record Removed(String serial, String why) {
    }

    /**
     * The retention sweep of the drop folder: removes the folders the back office has collected and those
     * delivered more than {@code keepUncollected} ago, and incomplete temporary folders left by a crash;
     * a folder whose application the outbox does not record as delivered ({@code pending}) is kept whole.
     * Kept folders are made private again (0700/0600) if someone opened them up.
     */
    List<Removed> sweep(Instant now, Duration keepUncollected, Predicate<String> pending) {
        List<Removed> removed = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return removed;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String name = p.getFileName().toString();
                if (name.startsWith(TMP_PREFIX)) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofMinutes(1)))) {
                        String serial = name.substring(TMP_PREFIX.length()).replaceFirst("-[^-]*$", "");
                        removed.add(new Removed(serial, "incomplete delivery left by an interrupted write; "
                                + deleteTree(p) + " file(s) removed"));
                    }
                    continue;
                }
                boolean renamed = name.endsWith(COLLECTED_SUFFIX);
                String serial = renamed ? name.substring(0, name.length() - COLLECTED_SUFFIX.length()) : name;
                Path marker = p.resolve(MARKER);
                if (!SAFE.matcher(serial).matches() || !Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // not a delivery of ours: staff look
                }
                if (pending.test(serial)) {
                    continue;
                }
                String why;
                if (renamed || Files.exists(p.resolve(COLLECTED), LinkOption.NOFOLLOW_LINKS)) {
                    why = "collected by the back office";
                } else if (!deliveredAt(marker, p).plus(keepUncollected).isAfter(now)) {
                    why = "not collected within " + keepUncollected.toDays() + " day(s)";
                    LOG.warn("Application {} was never collected from the drop folder; removed after {} day(s)", serial,
                            keepUncollected.toDays());
                } else {
                    makePrivate(p);
                    continue;
                }
                removed.add(new Removed(serial, why + "; " + deleteTree(p) + " file(s) removed"));
            }
        } catch (IOException e) {
            LOG.warn("Retention sweep of {} incomplete: {}", folder, describe(e));
        }
        return removed;
    }

    /** When the delivery was written: from the marker, else the folder's time. */
    private static Instant deliveredAt(Path marker, Path dir) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(marker)) {
            p.load(in);
            return Instant.parse(p.getProperty("deliveredAt", ""));
        } catch (IOException | RuntimeException e) {
            return Files.getLastModifiedTime(dir).toInstant();
        }
    }

    private static void makePrivate(Path dir) {
        boolean opened = false;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (Files.isSymbolicLink(f)) {
                    continue;
                }
                Set<PosixFilePermission> want = PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwx------" : "rw-------");
                Set<PosixFilePermission> has = Files.getPosixFilePermissions(f);
                if (!want.containsAll(has)) {
                    Set<PosixFilePermission> narrowed = EnumSet.noneOf(PosixFilePermission.class);
                    narrowed.addAll(has);
                    narrowed.retainAll(want);
                    Files.setPosixFilePermissions(f, narrowed);
                    opened = true;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX, or gone meanwhile
        }
        if (opened) {
            LOG.warn("Drop folder {} was readable by others: made private (0700/0600) again", dir.getFileName());
        }
    }

    /** Temporary folders left by a crash in the middle of a write (older than a minute). */
    private void removeStaleTemporaries() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Instant old = Instant.now().minus(Duration.ofMinutes(1));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, TMP_PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(old)) {
                    deleteTree(p);
                    LOG.info("Removed an incomplete delivery left by an interrupted write: {}", p.getFileName());
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up {}: {}", folder, describe(e));
        }
    }

    /** Deletes a tree; returns how many files (not folders) went. What cannot be deleted waits for the next sweep. */
    static int deleteTree(Path p) {
        int[] files = {0};
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    boolean file = !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS);
                    if (Files.deleteIfExists(f) && file) {
                        files[0]++;
                    }
                } catch (IOException e) {
                    // left for the next clean-up
                }
            });
        } catch (IOException e) {
            // left for the next clean-up
        }
        return files[0];
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
