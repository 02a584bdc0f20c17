package org.opendmv.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * Brings the schema to db/changelog.yaml. Liquibase 4 (Apache-2.0; 5.x is not) stays the one
 * migration engine; this class only decides whether it is needed. After every successful
 * Liquibase run the database keeps, in {@code store_meta}, a fingerprint of the change log it was
 * migrated with (its SHA-256 and the number of change sets then recorded in DATABASECHANGELOG).
 * When the fingerprint matches the change log in hand and DATABASECHANGELOG still holds as many
 * rows, the schema is current and Liquibase is not loaded at all (a warm boot then costs one
 * query instead of Liquibase's start-up, lock and snapshot). A new, older or changed database —
 * no fingerprint, another change log, rows added or removed behind the store's back — goes
 * through Liquibase as before.
 *
 * <p>No Liquibase type appears here: the class loads without Liquibase, which is started only when
 * {@link Engine#update} is called.
 */
final class Migrator {
    static final String CHANGELOG = "db/changelog.yaml";
    /** store_meta row holding the fingerprint of the change log the schema was last migrated with. */
    static final String FINGERPRINT = "schema.fingerprint";

    /** What a migration did. */
    enum Outcome {
        /** The schema was already current: Liquibase not needed. */
        CURRENT,
        /** Liquibase ran (it may have found nothing to do, e.g. a database from before fingerprints). */
        MIGRATED
    }

    /** Runs Liquibase's update on a data source. */
    @FunctionalInterface
    interface Engine {
        void update(DataSource ds) throws Exception;
    }

    private Migrator() {
    }

    /** The change log this bundle (or class path) carries. */
    static byte[] changelog() throws IOException {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(CHANGELOG)) {
            if (in == null) {
                throw new IOException(CHANGELOG + " is missing from the store");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Migrates {@code ds} to {@code changelog} with {@code liquibase} unless the database's fingerprint
     * says it already is.
     */
    static Outcome migrate(DataSource ds, byte[] changelog, Engine liquibase) throws Exception {
        String hash = sha256(changelog);
        if (current(ds, hash)) {
            return Outcome.CURRENT;
        }
        liquibase.update(ds);
        try {
            record(ds, hash);
        } catch (SQLException e) {
            // not fatal: the schema is migrated; Liquibase only runs once more at the next start
        }
        return Outcome.MIGRATED;
    }

    /** True when the database was migrated with this change log and its change sets are all still recorded. */
    static boolean current(DataSource ds, String hash) {
        try (Connection c = ds.getConnection()) {
            String stored;
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM store_meta WHERE name = ?")) {
                ps.setString(1, FINGERPRINT);
                try (ResultSet rs = ps.executeQuery()) {
                    stored = rs.next() ? rs.getString(1) : null;
                }
            }
            return stored != null && stored.equals(fingerprint(hash, changeSets(c)));
        } catch (SQLException e) {
            // no store_meta or no DATABASECHANGELOG yet (a new database): Liquibase's job
            return false;
        }
    }

    private static void record(DataSource ds, String hash) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                String value = fingerprint(hash, changeSets(c));
                Timestamp now = Timestamp.from(Instant.now());
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE store_meta SET value = ?, updated_at = ? WHERE name = ?")) {
                    ps.setString(1, value);
                    ps.setTimestamp(2, now);
                    ps.setString(3, FINGERPRINT);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta (name, value, updated_at) VALUES (?,?,?)")) {
                        ps.setString(1, FINGERPRINT);
                        ps.setString(2, value);
                        ps.setTimestamp(3, now);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static long changeSets(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM DATABASECHANGELOG"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String fingerprint(String hash, long changeSets) {
        return "sha-256:" + hash + " changesets:" + changeSets;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
