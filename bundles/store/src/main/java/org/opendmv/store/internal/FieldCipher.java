package org.opendmv.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for personal data at rest and HMAC-SHA256 for look-up hashes, with the JDK's
 * crypto. The key lives in a file only its owner can read; a key file others can read is
 * refused, so a copied database alone discloses nothing.
 */
final class FieldCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte VERSION = 1;

    private final SecretKey encKey;
    private final SecretKey macKey;
    private final String checkValue;
    private final SecureRandom random = new SecureRandom();

    FieldCipher(byte[] master) {
        if (master.length != 32) {
            throw new IllegalArgumentException("store key must be 32 bytes");
        }
        // separate keys for encryption and hashing, derived from one master
        this.encKey = new SecretKeySpec(hmac(master, "enc"), "AES");
        this.macKey = new SecretKeySpec(hmac(master, "mac"), "HmacSHA256");
        this.checkValue = HexFormat.of().formatHex(hmac(master, "key-check"));
    }

    /**
     * Reads an existing key file; never creates one (see {@link StoreKey}, which decides whether a
     * new key is allowed).
     */
    static FieldCipher fromKeyFile(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("key file " + file + " is readable or writable by others ("
                    + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + file + " does not hold a hex key");
        }
        if (key.length != 32) {
            throw new IOException("key file " + file + " must hold 64 hex characters (256 bits)");
        }
        try {
            return new FieldCipher(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Writes a new random key to {@code file} (owner-only, atomically, forced to disk) unless the
     * file exists.
     *
     * @return false if a key file was already there (it is kept)
     */
    static boolean createKeyFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            AtomicFiles.syncDirectory(dir.getParent());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] hex = HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        try {
            return AtomicFiles.createExclusive(file, hex, AtomicFiles.OWNER_ONLY);
        } finally {
            Arrays.fill(hex, (byte) 0);
        }
    }

    /**
     * A value derived from the key that reveals nothing about it, kept in the database to tell at
     * start whether the key file is the one the data was encrypted with.
     */
    String checkValue() {
        return checkValue;
    }

    byte[] encrypt(byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encKey, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(new byte[] {VERSION});
            byte[] ct = c.doFinal(plain);
            return ByteBuffer.allocate(1 + IV_BYTES + ct.length).put(VERSION).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    byte[] decrypt(byte[] sealed) {
        if (sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("not a sealed value of version " + VERSION);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encKey, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            c.updateAAD(new byte[] {VERSION});
            return c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed: wrong key or tampered data", e);
        }
    }

    /** Keyed hash for looking an ID number up without storing it. */
    String lookupHash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
