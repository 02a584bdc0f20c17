package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import org.junit.Test;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.payment.wechat.testserver.TestKeys;

public class ConfigTest extends Fixture {

    private String refused(Map<String, Object> changes) {
        try {
            provider(changes);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("configuration accepted: " + changes);
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    @Test
    public void privateKeyReadableByOthersIsRefused() throws Exception {
        Path key = file(TestKeys.MERCHANT_PRIVATE_KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String m = refused(Map.of());
        assertTrue(m, m.contains(key.toString()));
        assertTrue(m, m.contains("rw-r--r--"));
        assertTrue(m, m.endsWith("run: chmod 600 " + key));
    }

    @Test
    public void apiV3KeyReadableByTheGroupIsRefused() throws Exception {
        Path key = file(TestKeys.APIV3_KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        String m = refused(Map.of());
        assertTrue(m, m.startsWith("WeChat Pay APIv3 key file " + key));
        assertTrue(m, m.endsWith("chmod 600 " + key));
        assertFalse("the key itself is never in a message", m.contains(KEYS.apiV3Key));
    }

    @Test
    public void executableOrWritableByOthersIsRefusedToo() throws Exception {
        Path key = file(TestKeys.MERCHANT_PRIVATE_KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-----w-"));
        assertTrue(refused(Map.of()).contains("chmod 600"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rwx------"));
        assertTrue(refused(Map.of()).contains("chmod 600"));
    }

    @Test
    public void ownerReadOnlyIsAccepted() throws Exception {
        Files.setPosixFilePermissions(file(TestKeys.MERCHANT_PRIVATE_KEY), PosixFilePermissions.fromString("r--------"));
        Files.setPosixFilePermissions(file(TestKeys.APIV3_KEY), PosixFilePermissions.fromString("r--------"));
        WechatPayProvider p = provider(Map.of());
        assertEquals(TradeState.UNKNOWN_ORDER, p.query("CFG000000001").state());
    }

    @Test
    public void missingFilesAreNamed() {
        Path missing = dir.resolve("nope.pem");
        assertEquals("WeChat Pay merchant private key file not found: " + missing,
                refused(Map.of("merchant.private.key.file", missing.toString())));
        assertEquals("WeChat Pay APIv3 key file not found: " + missing, refused(Map.of("apiv3.key.file", missing.toString())));
        assertEquals("WeChat Pay platform public key file not found: " + missing,
                refused(Map.of("platform.public.key.file", missing.toString())));
        assertEquals("WeChat Pay configuration: merchant.private.key.file (merchant private key file) is not set",
                refused(Map.of("merchant.private.key.file", "")));
        assertTrue(refused(Map.of("merchant.private.key.file", dir.toString())).endsWith("is not a regular file"));
    }

    @Test
    public void malformedPemIsRefused() throws Exception {
        Path key = file(TestKeys.MERCHANT_PRIVATE_KEY);
        Files.writeString(key, "this is not a key\n");
        assertEquals("WeChat Pay merchant private key file " + key + " is not a PEM file with a -----BEGIN PRIVATE KEY----- block",
                refused(Map.of()));
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n!!!notbase64!!!\n-----END PRIVATE KEY-----\n");
        assertEquals("WeChat Pay merchant private key file " + key + " is malformed (bad Base64 in the PEM block)", refused(Map.of()));
        Files.writeString(key, TestKeys.pem("PRIVATE KEY", "garbage DER".getBytes()));
        assertEquals("WeChat Pay merchant private key file " + key + " is malformed (not an RSA PKCS#8 key)", refused(Map.of()));
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(refused(Map.of()).contains("PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + key));
        Files.writeString(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertTrue(refused(Map.of()).contains("is encrypted"));
    }

    @Test
    public void malformedPublicKeyOrCertificateIsRefused() throws Exception {
        Path pub = file(TestKeys.PLATFORM_PUBLIC_KEY);
        Files.writeString(pub, TestKeys.pem("PUBLIC KEY", new byte[] {1, 2, 3}));
        assertEquals("WeChat Pay platform public key file " + pub + " is malformed (not an RSA public key)", refused(Map.of()));
        Path cert = file(TestKeys.PLATFORM_CERTIFICATE);
        Files.writeString(cert, TestKeys.pem("CERTIFICATE", new byte[] {1, 2, 3}));
        assertEquals("WeChat Pay platform certificate file " + cert + " is malformed (not an X.509 certificate)",
                refused(Map.of("platform.mode", "certificate")));
        Files.writeString(cert, TestKeys.pem("PUBLIC KEY", KEYS.platform.getPublic().getEncoded()));
        assertTrue(refused(Map.of("platform.mode", "certificate")).endsWith("is not a PEM file with a -----BEGIN CERTIFICATE----- block"));
    }

    @Test
    public void shortRsaKeyIsRefused() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        Path key = file(TestKeys.MERCHANT_PRIVATE_KEY);
        Files.writeString(key, TestKeys.pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()));
        assertTrue(refused(Map.of()).endsWith("must hold an RSA key of at least 2048 bits"));
    }

    @Test
    public void apiV3KeyMustBe32Characters() throws Exception {
        Path key = file(TestKeys.APIV3_KEY);
        Files.writeString(key, "tooShortSecret\n");
        String m = refused(Map.of());
        assertEquals("WeChat Pay APIv3 key file " + key + " must contain exactly the 32-character APIv3 key (found 14 bytes)", m);
        assertFalse(m.contains("tooShortSecret"));
        Files.write(key, Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        assertTrue(refused(Map.of()).endsWith("as plain ASCII text"));
        Files.writeString(key, KEYS.apiV3Key + "\r\n");
        provider(Map.of());
    }

    @Test
    public void requiredSettings() {
        assertEquals("WeChat Pay configuration: mchid is not set", refused(Map.of("mchid", " ")));
        assertEquals("WeChat Pay configuration: appid is not set", refused(Map.of("appid", "")));
        assertEquals("WeChat Pay configuration: merchant.serial.no is not set", refused(Map.of("merchant.serial.no", "")));
        assertEquals("WeChat Pay configuration: platform.public.key.id is not set", refused(Map.of("platform.public.key.id", "")));
        assertEquals("WeChat Pay configuration: platform.mode must be public-key or certificate", refused(Map.of("platform.mode", "both")));
        assertEquals("WeChat Pay configuration: base.url must be an https URL without query", refused(Map.of("base.url", "ftp://x")));
        assertTrue(refused(Map.of("request.timeout.ms", 0)).contains("must be positive"));
    }

    @Test
    public void certificateSerialMustMatchTheCertificate() {
        String m = refused(Map.of("platform.mode", "certificate", "platform.certificate.serial", "0123ABCD"));
        assertTrue(m, m.contains("platform.certificate.serial 0123ABCD is not the serial of"));
        assertTrue(m, m.contains(KEYS.platformCertificateSerial));
        provider(Map.of("platform.mode", "certificate", "platform.certificate.serial", KEYS.platformCertificateSerial));
    }

    @Test
    public void defaultsOfTheMetatype() {
        WechatPayConfig c = Configs.of(Map.of());
        assertEquals("https://api.mch.weixin.qq.com", c.base_url());
        assertEquals("public-key", c.platform_mode());
        assertEquals(300, c.timestamp_window_seconds());
        assertEquals(5000, c.connect_timeout_ms());
        assertEquals(10000, c.request_timeout_ms());
    }

    @Test
    public void noNotifyUrlAnywhereIsAParamError() throws Exception {
        WechatPayProvider p = provider(Map.of("notify.url", ""));
        try {
            p.createNative(order("CFG000000002", 100));
            throw new AssertionError();
        } catch (org.opendmv.payment.spi.ProviderException e) {
            assertEquals("PARAM_ERROR", e.code());
            assertFalse(e.temporary());
        }
        assertTrue(server.requests().isEmpty());
    }
}
