package org.opendmv.payment.wechat.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Loads the key files with the JDK alone. Secret files (merchant private key, APIv3 key) must be
 * readable by their owner only. Every failure is an {@link IllegalArgumentException} whose message
 * names the file and what to do; no message ever contains key material.
 */
final class KeyFiles {
    /** Bits a secret file may have: 0600 / 0400. */
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private KeyFiles() {
    }

    static PrivateKey merchantPrivateKey(String file) {
        String what = "merchant private key file";
        Path path = secretFile(file, what, "merchant.private.key.file");
        String pem = text(path, what);
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path
                    + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
                    + path + " -out NEW.pem");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path
                    + " is encrypted; an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) is required");
        }
        byte[] der = pemBlock(pem, "PRIVATE KEY", path, what);
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            requireRsa2048(key, path, what);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is malformed (not an RSA PKCS#8 key)");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The 32 bytes of the APIv3 key (a 32-character ASCII string; one trailing newline is allowed). */
    static byte[] apiV3Key(String file) {
        String what = "APIv3 key file";
        Path path = secretFile(file, what, "apiv3.key.file");
        byte[] raw = read(path, what);
        int end = raw.length;
        while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r' || raw[end - 1] == ' ')) {
            end--;
        }
        try {
            if (end != 32) {
                throw new IllegalArgumentException("WeChat Pay " + what + " " + path
                        + " must contain exactly the 32-character APIv3 key (found " + end + " bytes)");
            }
            for (int i = 0; i < end; i++) {
                if (raw[i] < 0x21 || raw[i] > 0x7e) {
                    throw new IllegalArgumentException("WeChat Pay " + what + " " + path
                            + " must contain the 32-character APIv3 key as plain ASCII text");
                }
            }
            return Arrays.copyOf(raw, 32);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    static PublicKey publicKey(String file) {
        String what = "platform public key file";
        Path path = publicFile(file, what, "platform.public.key.file");
        byte[] der = pemBlock(text(path, what), "PUBLIC KEY", path, what);
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            requireRsa2048(key, path, what);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is malformed (not an RSA public key)");
        }
    }

    static X509Certificate certificate(String file) {
        String what = "platform certificate file";
        Path path = publicFile(file, what, "platform.certificate.file");
        byte[] der = pemBlock(text(path, what), "CERTIFICATE", path, what);
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            requireRsa2048(cert.getPublicKey(), path, what);
            return cert;
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is malformed (not an X.509 certificate)");
        }
    }

    /** Serial number as WeChat Pay writes it in Wechatpay-Serial: upper-case hex. */
    static String serialOf(X509Certificate cert) {
        return cert.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    private static Path secretFile(String file, String what, String property) {
        Path path = publicFile(file, what, property);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> perms;
            try {
                perms = view.readAttributes().permissions();
            } catch (IOException e) {
                throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " cannot be inspected: " + e.getClass().getSimpleName());
            }
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " has mode "
                        + PosixFilePermissions.toString(perms) + ", which lets group or others at a secret; run: chmod 600 "
                        + path);
            }
        }
        return path;
    }

    private static Path publicFile(String file, String what, String property) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("WeChat Pay configuration: " + property + " (" + what + ") is not set");
        }
        Path path = Path.of(file.trim());
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("WeChat Pay " + what + " not found: " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is not readable by this process");
        }
        return path;
    }

    private static byte[] read(Path path, String what) {
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is too large to be a key file");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("WeChat Pay " + what + " not found: " + path);
        } catch (IOException e) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static String text(Path path, String what) {
        return new String(read(path, what), StandardCharsets.US_ASCII);
    }

    /** The Base64 content between -----BEGIN type----- and -----END type-----, decoded. */
    private static byte[] pemBlock(String pem, String type, Path path, String what) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from + begin.length());
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is not a PEM file with a " + begin + " block");
        }
        String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            if (der.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " is malformed (bad Base64 in the PEM block)");
        }
    }

    private static void requireRsa2048(Object key, Path path, String what) {
        if (!(key instanceof RSAKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("WeChat Pay " + what + " " + path + " must hold an RSA key of at least 2048 bits");
        }
    }
}
