package org.opendmv.central.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Kiosk bearer tokens: {@code odk1.} + 32 random bytes (base64url). The central stores only their SHA-256:
 * a copy of the database does not let anyone deliver as a kiosk. A token has 256 bits of entropy, so a plain
 * (unsalted) hash is enough to make it unrecoverable, and it lets the receiver find the kiosk by an index.
 */
final class Tokens {
    static final String PREFIX = "odk1.";
    private static final Pattern SHAPE = Pattern.compile("odk1\\.[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** True when {@code token} has the shape of a token this central issues (checked before any look-up). */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    static String hash(String token) {
        return sha256(token.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.strip();
        if (a.length() < 8 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return a.substring(7).strip();
    }
}
