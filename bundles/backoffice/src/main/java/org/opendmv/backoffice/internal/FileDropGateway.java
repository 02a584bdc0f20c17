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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
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
            Files.createDirectories(folder);
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

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // left for the next clean-up
                }
            });
        } catch (IOException e) {
            // left for the next clean-up
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
