package org.opendmv.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store key against the database it protects. A new key is made only for a database
 * that holds nothing encrypted; otherwise a missing, unreadable or different key stops the store
 * with a message saying which file and what to do: a new key would make every record unreadable.
 * The database keeps a check value of its key ({@code store_meta}), so a wrong key restored from
 * a backup is noticed at start, not at the first citizen's record.
 */
final class StoreKey {
    static final String CHECK = "store.key.check";
    private static final Logger LOG = LoggerFactory.getLogger(StoreKey.class);

    private StoreKey() {
    }

    static FieldCipher open(DataSource ds, Path keyFile) throws SQLException {
        String stored = meta(ds, CHECK);
        boolean encrypted = holdsEncryptedData(ds);
        boolean needsExisting = stored != null || encrypted;
        if (!Files.exists(keyFile)) {
            if (needsExisting) {
                throw refuse(Files.notExists(keyFile) ? "is missing" : "cannot be reached (check the folder's permissions)",
                        keyFile);
            }
            try {
                if (FieldCipher.createKeyFile(keyFile)) {
                    LOG.info("New store key created in {} for an empty database: back it up (see README, \"Store key\")",
                            keyFile);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not create the store key " + keyFile + ": " + e.getMessage(), e);
            }
        }
        FieldCipher cipher;
        try {
            cipher = FieldCipher.fromKeyFile(keyFile);
        } catch (IOException | RuntimeException e) {
            if (!needsExisting) {
                throw new IllegalStateException("The store key " + keyFile + " cannot be used (" + e.getMessage()
                        + "). The store stays stopped. The database holds nothing encrypted yet: fix the file, or"
                        + " remove it to have a new key made; see README, \"Store key\".", e);
            }
            throw refuse("cannot be used (" + e.getMessage() + ")", keyFile);
        }
        if (stored != null) {
            if (!stored.equals(cipher.checkValue())) {
                throw wrongKey(keyFile);
            }
            return cipher;
        }
        if (encrypted && !decryptsSample(ds, cipher)) {
            throw wrongKey(keyFile);
        }
        putMeta(ds, CHECK, cipher.checkValue());
        return cipher;
    }

    private static IllegalStateException refuse(String what, Path keyFile) {
        return new IllegalStateException("The store key " + keyFile + " " + what + ", but this database was set up"
                + " with it and its data are encrypted with it. The store stays stopped rather than start with a new key that could never"
                + " read those records. Restore the key file from your backup (owner-only, chmod 600) and restart;"
                + " see README, \"Store key\".");
    }

    private static IllegalStateException wrongKey(Path keyFile) {
        return new IllegalStateException("The store key " + keyFile + " is not the key this database was encrypted"
                + " with (a different kiosk's key, or a wrong backup restored?). The store stays stopped; put the"
                + " right key file back and restart; see README, \"Store key\".");
    }

    /** Any sealed value or keyed hash: purged applications keep neither. */
    private static boolean holdsEncryptedData(DataSource ds) throws SQLException {
        return exists(ds, "SELECT 1 FROM applications WHERE payload IS NOT NULL OR id_hash IS NOT NULL")
                || exists(ds, "SELECT 1 FROM attachments");
    }

    /** A database from before the check value: the key must open one of its sealed values. */
    private static boolean decryptsSample(DataSource ds, FieldCipher cipher) throws SQLException {
        for (String sql : new String[] {"SELECT payload FROM applications WHERE payload IS NOT NULL",
            "SELECT data FROM attachments"}) {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        try {
                            cipher.decrypt(rs.getBytes(1));
                            return true;
                        } catch (IllegalStateException e) {
                            return false;
                        }
                    }
                }
            }
        }
        return true; // only keyed hashes left: nothing to check them against
    }

    private static boolean exists(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String meta(DataSource ds, String name) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT value FROM store_meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void putMeta(DataSource ds, String name, String value) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta (name, value, updated_at) VALUES (?,?,?)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }
}
