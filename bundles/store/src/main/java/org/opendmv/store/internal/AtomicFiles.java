package org.opendmv.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that must be whole after a power cut: written to a temporary file in the same folder,
 * forced to disk, then put in place in one step, and the folder forced too, so that after a crash
 * the file is either absent, the old one, or the complete new one.
 */
final class AtomicFiles {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /**
     * Creates {@code file} with {@code content} unless it exists; never replaces an existing file.
     *
     * @return false if the file already existed (its content is left alone)
     */
    static boolean createExclusive(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = writeTemp(dir, file.getFileName().toString(), content, perms);
        try {
            // a hard link is an atomic create that fails when the name is taken
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links on this file system: an atomic rename after a last look
            if (Files.exists(file)) {
                return false;
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
        return true;
    }

    /** Replaces (or creates) {@code file} with {@code content} in one step. */
    static void replace(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = writeTemp(dir, file.getFileName().toString(), content, perms);
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    private static Path writeTemp(Path dir, String name, byte[] content, Set<PosixFilePermission> perms)
            throws IOException {
        // ".tmp" suffix: Karaf's file install only reads *.cfg / *.config from etc/
        Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(perms));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        // createTempFile's attribute is filtered by the umask; set exactly what was asked
        Files.setPosixFilePermissions(tmp, perms);
        return tmp;
    }

    /** Makes the new directory entry durable (Linux; a no-op where a folder cannot be opened). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on this platform: the rename is still atomic
        }
    }
}
