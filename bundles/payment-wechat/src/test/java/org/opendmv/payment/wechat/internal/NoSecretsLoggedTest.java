package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.wechat.testserver.MiniJson;
import org.opendmv.payment.wechat.testserver.TestKeys;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.Callback;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.RecordedRequest;

/**
 * Runs every path of the provider (success, faults, refusals, notifications, bad configuration)
 * with slf4j-simple at debug level writing to a captured System.err, then checks that no secret
 * and no payer data appears in the log or in any exception message.
 */
public class NoSecretsLoggedTest extends Fixture {

    private interface Step {
        void run() throws Exception;
    }

    private final List<String> messages = new ArrayList<>();
    private Callback good;

    private void attempt(Step step) {
        try {
            step.run();
        } catch (ProviderException | NotificationRejected | IllegalArgumentException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void nothingSecretIsLogged() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            scenario();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue("the scenario logged at info and debug level:\n" + log, log.contains("WeChat Pay order LOG000000001 placed"));
        assertTrue(log, log.contains("DEBUG") && log.contains("HTTP 200"));
        assertTrue(log, log.contains("WeChat Pay notification rejected"));

        List<String> secrets = new ArrayList<>();
        secrets.add(KEYS.apiV3Key);
        for (String line : TestKeys.pem("PRIVATE KEY", KEYS.merchant.getPrivate().getEncoded()).split("\n")) {
            if (!line.startsWith("-----")) {
                secrets.add(line);
            }
        }
        secrets.add(Base64.getEncoder().encodeToString(KEYS.merchant.getPrivate().getEncoded()).substring(100, 140));
        secrets.add("WECHATPAY2-SHA256-RSA2048 mchid");
        secrets.add("nonce_str=");
        for (RecordedRequest r : server.requests()) {
            String auth = r.headers().get("authorization");
            secrets.add(auth);
            secrets.add(auth.substring(auth.indexOf("signature=\"") + 11, auth.length() - 1));
        }
        server.orders().forEach(o -> {
            if (o.openid() != null) {
                secrets.add(o.openid());
            }
        });
        secrets.add("\"payer\"");
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = (Map<String, Object>) MiniJson.parseObject(good.bodyText()).get("resource");
        secrets.add((String) resource.get("ciphertext"));
        secrets.add(good.bodyText());
        String all = log + "\n" + String.join("\n", messages);
        for (String secret : secrets) {
            assertFalse("secret in the log or a message: " + secret, all.contains(secret));
        }
        assertTrue(server.requests().size() >= 8);
    }

    private void scenario() throws Exception {
        NotifyReceiver r = receiver();
        attempt(() -> place("LOG000000001", 1800));
        attempt(() -> provider.query("LOG000000001"));
        attempt(() -> server.payAndNotify("LOG000000001"));
        r.next();
        attempt(() -> provider.query("LOG000000001"));
        attempt(() -> provider.refund(new RefundRequest("LOG000000001", "LOGRF00001", 1800, 1800, "退款")));
        server.settleRefund("LOGRF00001", "SUCCESS");
        attempt(() -> provider.queryRefund("LOG000000001", "LOGRF00001"));
        attempt(() -> provider.query("LOG000000002"));
        server.failNext(1);
        attempt(() -> provider.query("LOG000000001"));
        server.forgeNextResponses(1);
        attempt(() -> provider.query("LOG000000001"));
        server.errorNext(1, 403, "NOAUTH", "商户无权限");
        attempt(() -> place("LOG000000003", 100));
        WechatPayProvider quick = provider(Map.of("request.timeout.ms", 200));
        server.delay(Duration.ofMillis(1000));
        attempt(() -> quick.query("LOG000000001"));
        server.delay(Duration.ZERO);

        good = server.buildCallback("LOG000000001");
        attempt(() -> provider.parseNotification(good.lowerCaseHeaders(), good.body()));
        server.forgeCallbacks(true);
        Callback forged = server.buildCallback("LOG000000001");
        attempt(() -> provider.parseNotification(forged.lowerCaseHeaders(), forged.body()));
        server.forgeCallbacks(false);
        server.callbackOverrides(Map.of("mchid", "1900000999"));
        Callback other = server.buildCallback("LOG000000001");
        attempt(() -> provider.parseNotification(other.lowerCaseHeaders(), other.body()));
        server.callbackOverrides(Map.of());
        Path wrong = tmp.newFile("wrong.key").toPath();
        Files.writeString(wrong, "0123456789abcdef0123456789ABCDEF");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        WechatPayProvider wrongKey = provider(Map.of("apiv3.key.file", wrong.toString()));
        attempt(() -> wrongKey.parseNotification(good.lowerCaseHeaders(), good.body()));
        attempt(() -> provider.parseNotification(good.lowerCaseHeaders(), "{\"broken\"".getBytes(StandardCharsets.UTF_8)));

        Path badKey = tmp.newFile("bad.pem").toPath();
        Files.writeString(badKey, TestKeys.pem("PRIVATE KEY", KEYS.merchant.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(badKey, PosixFilePermissions.fromString("rw-r--r--"));
        attempt(() -> provider(Map.of("merchant.private.key.file", badKey.toString())));
        Path shortApiKey = tmp.newFile("short.key").toPath();
        Files.writeString(shortApiKey, KEYS.apiV3Key.substring(0, 31));
        Files.setPosixFilePermissions(shortApiKey, PosixFilePermissions.fromString("rw-------"));
        attempt(() -> provider(Map.of("apiv3.key.file", shortApiKey.toString())));
        Path otherKey = tmp.newFile("other.pem").toPath();
        Files.writeString(otherKey, TestKeys.pem("PRIVATE KEY", TestKeys.rsa2048().getPrivate().getEncoded()));
        Files.setPosixFilePermissions(otherKey, PosixFilePermissions.fromString("rw-------"));
        WechatPayProvider unsigned = provider(Map.of("merchant.private.key.file", otherKey.toString()));
        attempt(() -> unsigned.query("LOG000000001"));
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
