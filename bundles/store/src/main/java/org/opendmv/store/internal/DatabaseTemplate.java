package org.opendmv.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A kiosk's first boot: instead of Derby creating a database and Liquibase migrating it (seconds on
 * 2 cores, and Liquibase's own start), the store unpacks an empty database with the current schema,
 * made from the same change log when the store bundle was built ({@value #RESOURCE}). It holds no
 * key check, no kiosk id and no data: the key, the kiosk's identity and everything else are made on
 * this kiosk as for a database Derby had just created. The migrator still checks the schema's
 * fingerprint, so a template that does not match the change log only costs the Liquibase run it
 * was meant to save.
 *
 * <p>Only for an embedded Derby URL with {@code create=true} whose directory does not exist yet:
 * an existing database is never touched. Unpacked beside the target and renamed into place, so a
 * crash half-way leaves no half database; the leftover is removed at the next try.
 */
final class DatabaseTemplate {
    static final String RESOURCE = "db/template.zip";
    private static final String PREFIX = "jdbc:derby:";
    private static final long MAX_BYTES = 64L << 20;

    private DatabaseTemplate() {
    }

    /** The directory of an embedded Derby database the URL would create, if it names one. */
    static Optional<Path> creatableDirectory(Object jdbcUrl) {
        if (!(jdbcUrl instanceof String url) || !url.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = url.substring(PREFIX.length());
        int semi = rest.indexOf(';');
        String name = semi < 0 ? rest : rest.substring(0, semi);
        String attributes = semi < 0 ? "" : rest.substring(semi + 1).toLowerCase(java.util.Locale.ROOT);
        boolean create = false;
        for (String a : attributes.split(";")) {
            create |= a.trim().replace(" ", "").equals("create=true");
        }
        // network URLs (//host), in-memory, jar: and classpath: databases are not directories of ours
        if (!create || name.isBlank() || name.startsWith("//") || name.matches("^[a-zA-Z]{2,}:.*")) {
            return Optional.empty();
        }
        Path dir = Path.of(name);
        // a relative name is Derby's to resolve (derby.system.home): not guessed here
        return dir.isAbsolute() ? Optional.of(dir.normalize()) : Optional.empty();
    }

    /**
     * Unpacks {@code template} into {@code dir} unless {@code dir} exists. True when it did.
     */
    static boolean install(Path dir, URL template) throws IOException {
        if (template == null || Files.exists(dir)) {
            return false;
        }
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(dir.getFileName() + ".template-tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        long total = 0;
        try (InputStream in = template.openStream(); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                Path target = tmp.resolve(e.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("template entry outside the database: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                total += Files.copy(zip, target);
                if (total > MAX_BYTES) {
                    throw new IOException("template larger than " + MAX_BYTES + " bytes");
                }
            }
        }
        if (!Files.exists(tmp.resolve("service.properties"))) {
            deleteTree(tmp);
            throw new IOException(RESOURCE + " holds no Derby database (no service.properties)");
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(tmp);
            if (Files.exists(dir)) {
                return false; // made meanwhile by someone else: theirs stands
            }
            throw e;
        }
        return true;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
