package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.payment.wechat.testserver.MiniJson;
import org.opendmv.payment.wechat.testserver.TestKeys;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/** The test server itself: WeChat-like refusals, and the main entry point another process uses. */
public class TestServerTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    public void unsignedOrBadlySignedRequestsGet401SignError() throws Exception {
        try (WechatPayTestServer server = WechatPayTestServer.start(Fixture.KEYS, 0)) {
            URI uri = URI.create(server.baseUrl() + "/v3/pay/transactions/out-trade-no/NOPE00000001?mchid=" + server.mchid());
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode());
            assertEquals("SIGN_ERROR", MiniJson.parseObject(none.body()).get("code"));
            assertTrue("WeChat does not sign a 401", none.headers().firstValue("Wechatpay-Signature").isEmpty());

            RequestSigner otherKey = new RequestSigner(server.mchid(), Fixture.KEYS.merchantSerial, Fixture.KEYS.platform.getPrivate());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", otherKey.authorization("GET", uri, null, System.currentTimeMillis() / 1000)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, bad.statusCode());
            assertEquals("签名错误", MiniJson.parseObject(bad.body()).get("message"));

            RequestSigner right = new RequestSigner(server.mchid(), Fixture.KEYS.merchantSerial, Fixture.KEYS.merchant.getPrivate());
            HttpResponse<String> stale = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", right.authorization("GET", uri, null, System.currentTimeMillis() / 1000 - 600)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, stale.statusCode());

            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", right.authorization("GET", uri, null, System.currentTimeMillis() / 1000)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, ok.statusCode());
            assertEquals("ORDER_NOT_EXIST", MiniJson.parseObject(ok.body()).get("code"));
            assertEquals(Fixture.KEYS.publicKeyId, ok.headers().firstValue("Wechatpay-Serial").orElseThrow());
            assertFalse(server.requests().get(0).signatureValid());
            assertTrue(server.requests().get(3).signatureValid());
        }
    }

    @Test
    public void mainWritesAKioskConfigurationAndIsControlledOverHttp() throws Exception {
        Path dir = tmp.newFolder("wx").toPath();
        String merchantSerial;
        try (WechatPayTestServer server = WechatPayTestServer.run("-dir", dir.toString(), "-port", "0",
                "-notify-url", "https://kiosk.example.cn/wechatpay/notify")) {
            assertEquals(server.port() + "\n", Files.readString(dir.resolve("port")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TestKeys.MERCHANT_PRIVATE_KEY))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TestKeys.APIV3_KEY))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TestKeys.PLATFORM_PRIVATE_KEY))));
            assertTrue(Files.readString(dir.resolve(TestKeys.PLATFORM_PUBLIC_KEY)).startsWith("-----BEGIN PUBLIC KEY-----\n"));
            assertTrue(Files.readString(dir.resolve(TestKeys.PLATFORM_CERTIFICATE)).startsWith("-----BEGIN CERTIFICATE-----\n"));
            Properties cfg = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("org.opendmv.payment.wechat.cfg"))) {
                cfg.load(in);
            }
            Map<String, Object> props = new LinkedHashMap<>();
            cfg.forEach((k, v) -> props.put((String) k, v));
            assertEquals(server.baseUrl(), props.get("base.url"));
            merchantSerial = (String) props.get("merchant.serial.no");

            WechatPayProvider provider = new WechatPayProvider(Configs.of(props));
            String codeUrl = provider.createNative(Fixture.order("MAIN00000001", 4200));
            assertTrue(codeUrl.startsWith("weixin://"));
            assertEquals(200, control(server, "POST", "/_test/orders/MAIN00000001/pay?notify=false").statusCode());
            assertEquals(TradeState.SUCCESS, provider.query("MAIN00000001").state());
            String listed = control(server, "GET", "/_test/orders/MAIN00000001").body();
            assertEquals("SUCCESS", MiniJson.parseObject(listed).get("trade_state"));

            assertEquals(200, control(server, "POST", "/_test/faults?fail=1").statusCode());
            try {
                provider.query("MAIN00000001");
                throw new AssertionError();
            } catch (ProviderException e) {
                assertTrue(e.temporary());
            }
            assertEquals(200, control(server, "POST", "/_test/faults?error=403:NOAUTH:%E5%95%86%E6%88%B7%E6%97%A0%E6%9D%83%E9%99%90").statusCode());
            try {
                provider.query("MAIN00000001");
                throw new AssertionError();
            } catch (ProviderException e) {
                assertEquals("NOAUTH", e.code());
                assertTrue(e.getMessage(), e.getMessage().contains("商户无权限"));
            }
            assertEquals(400, control(server, "POST", "/_test/orders/NOPE/pay").statusCode());
            assertEquals(200, control(server, "POST", "/_test/reset").statusCode());

            // a short outage: connection refused, then back on the same port
            assertEquals(200, control(server, "POST", "/_test/outage?ms=400").statusCode());
            boolean refused = false;
            for (int i = 0; i < 100 && !refused; i++) {
                try {
                    provider.query("MAIN00000001");
                    Thread.sleep(10);
                } catch (ProviderException e) {
                    refused = "IO".equals(e.code());
                }
            }
            assertTrue("the outage refused connections", refused);
            boolean back = false;
            for (int i = 0; i < 100 && !back; i++) {
                try {
                    back = provider.query("MAIN00000001").state() == TradeState.SUCCESS;
                } catch (ProviderException e) {
                    Thread.sleep(50);
                }
            }
            assertTrue("the server came back", back);
        }
        try (WechatPayTestServer again = WechatPayTestServer.run("-dir", dir.toString())) {
            assertEquals("a restarted server keeps its keys", merchantSerial, again.keys().merchantSerial);
            assertEquals(again.keys().apiV3Key, Files.readString(dir.resolve(TestKeys.APIV3_KEY)).trim());
        }
    }

    private HttpResponse<String> control(WechatPayTestServer server, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
