package org.opendmv.payment.wechat.testserver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Properties;

/**
 * Key material of one test WeChat Pay world: the merchant's API key pair (the server holds the
 * public half, as WeChat does after the merchant uploads its certificate), WeChat Pay's platform
 * key pair (published as a "WeChat Pay public key" with an id, and as a self-signed platform
 * certificate with a serial), and the 32-character APIv3 key. JDK only.
 */
public final class TestKeys {
    /** File names written by {@link #write(Path)}; the first four are what a kiosk needs. */
    public static final String MERCHANT_PRIVATE_KEY = "apiclient_key.pem";
    public static final String PLATFORM_PUBLIC_KEY = "pub_key.pem";
    public static final String PLATFORM_CERTIFICATE = "platform_cert.pem";
    public static final String APIV3_KEY = "apiv3.key";
    /** Only for the test server itself (to restart with the same keys). */
    public static final String PLATFORM_PRIVATE_KEY = "test_server_platform_private_key.pem";
    public static final String IDS = "test_server_ids.properties";

    private static final SecureRandom RANDOM = new SecureRandom();

    public final KeyPair merchant;
    public final String merchantSerial;
    public final KeyPair platform;
    public final String publicKeyId;
    public final X509Certificate platformCertificate;
    public final String platformCertificateSerial;
    public final String apiV3Key;

    private TestKeys(KeyPair merchant, String merchantSerial, KeyPair platform, String publicKeyId,
            X509Certificate platformCertificate, String apiV3Key) {
        this.merchant = merchant;
        this.merchantSerial = merchantSerial;
        this.platform = platform;
        this.publicKeyId = publicKeyId;
        this.platformCertificate = platformCertificate;
        this.platformCertificateSerial = platformCertificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        this.apiV3Key = apiV3Key;
    }

    /** Fresh RSA-2048 merchant and platform key pairs, ids and APIv3 key. */
    public static TestKeys generate() {
        KeyPair merchant = rsa2048();
        KeyPair platform = rsa2048();
        String merchantSerial = randomHex(40);
        String publicKeyId = "PUB_KEY_ID_0" + randomDigits(27);
        BigInteger certSerial = new BigInteger("7" + randomHex(39), 16);
        X509Certificate cert = selfSigned(platform, certSerial, "Tenpay.com Test Platform Certificate");
        return new TestKeys(merchant, merchantSerial, platform, publicKeyId, cert, randomAlnum(32));
    }

    /** The same world with a different APIv3 key (to test a kiosk configured with the wrong one). */
    public TestKeys withApiV3Key(String key) {
        return new TestKeys(merchant, merchantSerial, platform, publicKeyId, platformCertificate, key);
    }

    /** Loads keys written by {@link #write(Path)}, or generates and writes them if the directory has none. */
    public static TestKeys loadOrGenerate(Path dir) throws IOException {
        Path ids = dir.resolve(IDS);
        if (!Files.exists(ids)) {
            TestKeys k = generate();
            k.write(dir);
            return k;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(ids)) {
            p.load(in);
        }
        try {
            PrivateKey merchantPrivate = privateKey(Files.readString(dir.resolve(MERCHANT_PRIVATE_KEY)));
            PrivateKey platformPrivate = privateKey(Files.readString(dir.resolve(PLATFORM_PRIVATE_KEY)));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(dir.resolve(PLATFORM_CERTIFICATE))));
            String apiV3 = Files.readString(dir.resolve(APIV3_KEY)).trim();
            return new TestKeys(new KeyPair(publicOf(merchantPrivate), merchantPrivate), p.getProperty("merchant.serial.no"),
                    new KeyPair(cert.getPublicKey(), platformPrivate), p.getProperty("platform.public.key.id"), cert, apiV3);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load test keys from " + dir, e);
        }
    }

    /**
     * Writes the kiosk's files (merchant private key 0600, APIv3 key 0600, WeChat Pay public key
     * and platform certificate 0644) and the server's own (platform private key 0600, ids).
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeFile(dir.resolve(MERCHANT_PRIVATE_KEY), pem("PRIVATE KEY", merchant.getPrivate().getEncoded()), "rw-------");
        writeFile(dir.resolve(APIV3_KEY), apiV3Key + "\n", "rw-------");
        writeFile(dir.resolve(PLATFORM_PUBLIC_KEY), pem("PUBLIC KEY", platform.getPublic().getEncoded()), "rw-r--r--");
        try {
            writeFile(dir.resolve(PLATFORM_CERTIFICATE), pem("CERTIFICATE", platformCertificate.getEncoded()), "rw-r--r--");
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        writeFile(dir.resolve(PLATFORM_PRIVATE_KEY), pem("PRIVATE KEY", platform.getPrivate().getEncoded()), "rw-------");
        writeFile(dir.resolve(IDS), "merchant.serial.no=" + merchantSerial + "\nplatform.public.key.id=" + publicKeyId
                + "\nplatform.certificate.serial=" + platformCertificateSerial + "\n", "rw-r--r--");
    }

    static void writeFile(Path file, String content, String mode) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    static PublicKey publicKey(String pem) throws GeneralSecurityException {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static PublicKey publicOf(PrivateKey key) throws GeneralSecurityException {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    }

    public static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String randomAlnum(int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            b.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return b.toString();
    }

    static String randomHex(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            b.append("0123456789ABCDEF".charAt(RANDOM.nextInt(16)));
        }
        return b.toString();
    }

    static String randomDigits(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            b.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return b.toString();
    }

    // ---- a minimal self-signed X.509 v3 certificate in DER, JDK only ----

    private static final byte[] SHA256_WITH_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    private static final byte[] OID_CN = {0x06, 0x03, 0x55, 0x04, 0x03};

    static X509Certificate selfSigned(KeyPair kp, BigInteger serial, String commonName) {
        try {
            byte[] algorithm = der(0x30, SHA256_WITH_RSA, new byte[] {0x05, 0x00});
            byte[] name = der(0x30, der(0x31, der(0x30, OID_CN, der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
            DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
            byte[] validity = der(0x30,
                    der(0x17, utc.format(now.minusDays(1)).getBytes(StandardCharsets.US_ASCII)),
                    der(0x17, utc.format(now.plusYears(5)).getBytes(StandardCharsets.US_ASCII)));
            byte[] tbs = der(0x30,
                    der(0xa0, der(0x02, new byte[] {0x02})),
                    der(0x02, serial.toByteArray()),
                    algorithm, name, validity, name,
                    kp.getPublic().getEncoded());
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(kp.getPrivate());
            s.update(tbs);
            byte[] sig = s.sign();
            byte[] bitString = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bitString, 1, sig.length);
            byte[] cert = der(0x30, tbs, algorithm, der(0x03, bitString));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cert));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int len = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
