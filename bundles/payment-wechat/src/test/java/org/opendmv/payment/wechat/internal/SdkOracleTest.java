package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.payment.wechat.testserver.TestKeys;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.Callback;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.RecordedRequest;

import com.wechat.pay.java.core.auth.WechatPay2Credential;
import com.wechat.pay.java.core.auth.WechatPay2Validator;
import com.wechat.pay.java.core.certificate.InMemoryCertificateProvider;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSASigner;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.cipher.SignatureResult;
import com.wechat.pay.java.core.cipher.Signer;
import com.wechat.pay.java.core.cipher.Verifier;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.notification.Notification;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSANotificationConfig;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.core.notification.Resource;
import com.wechat.pay.java.core.util.GsonUtil;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.model.TransactionAmount;

/**
 * The official wechatpay-java SDK (test scope only) as an independent oracle: it must accept the
 * provider's request signatures and the test server's answers and notifications; the provider
 * must accept notifications the SDK's classes build, and refuse the tampered ones the SDK refuses.
 */
public class SdkOracleTest extends Fixture {
    private static final Pattern AUTH_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private static Map<String, String> authParams(String authorization) {
        assertTrue(authorization.startsWith("WECHATPAY2-SHA256-RSA2048 "));
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = AUTH_PARAM.matcher(authorization);
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        return p;
    }

    /** The message the SDK's WechatPay2Credential would sign for this request, with the provider's timestamp and nonce. */
    private String sdkMessage(RecordedRequest r, String timestamp, String nonce) {
        AtomicReference<String> captured = new AtomicReference<>();
        Signer capture = new Signer() {
            @Override
            public SignatureResult sign(String message) {
                captured.set(message);
                return new SignatureResult("unused", "unused");
            }

            @Override
            public String getAlgorithm() {
                return "SHA256-RSA2048";
            }
        };
        new WechatPay2Credential(server.mchid(), capture).getAuthorization(URI.create(server.baseUrl() + r.pathAndQuery()),
                r.method(), r.body().isEmpty() ? null : r.body());
        String m = captured.get();
        int second = nthNewline(m, 2);
        int fourth = nthNewline(m, 4);
        return m.substring(0, second + 1) + timestamp + "\n" + nonce + m.substring(fourth);
    }

    private static int nthNewline(String s, int n) {
        int at = -1;
        for (int k = 0; k < n; k++) {
            at = s.indexOf('\n', at + 1);
        }
        return at;
    }

    @Test
    public void sdkVerifierAcceptsTheProvidersRequestSignatures() throws Exception {
        place("SDK|00000001", 1500);
        provider.query("SDK|00000001");
        server.pay("SDK|00000001");
        provider.refund(new RefundRequest("SDK|00000001", "SDKRF0001", 1500, 1500, "退款"));
        place("SDK-00000002", 100);
        provider.close("SDK-00000002");
        Verifier sdk = new RSAVerifier(KEYS.merchant.getPublic(), KEYS.merchantSerial);
        List<RecordedRequest> requests = server.requests();
        assertEquals(5, requests.size());
        for (RecordedRequest r : requests) {
            Map<String, String> auth = authParams(r.headers().get("authorization"));
            assertEquals(server.mchid(), auth.get("mchid"));
            assertEquals(KEYS.merchantSerial, auth.get("serial_no"));
            assertEquals(32, auth.get("nonce_str").length());
            String message = sdkMessage(r, auth.get("timestamp"), auth.get("nonce_str"));
            assertTrue(r.method() + " " + r.pathAndQuery(), sdk.verify(auth.get("serial_no"), message, auth.get("signature")));
            assertFalse(sdk.verify(auth.get("serial_no"), message.replace("\n" + auth.get("timestamp") + "\n", "\n1\n"),
                    auth.get("signature")));
        }
    }

    @Test
    public void testServerAcceptsSdkSignedRequestsAndTheSdkValidatesItsAnswers() throws Exception {
        WechatPay2Credential credential = new WechatPay2Credential(server.mchid(), new RSASigner(KEYS.merchantSerial, KEYS.merchant.getPrivate()));
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"appid\":\"" + server.appid() + "\",\"mchid\":\"" + server.mchid() + "\",\"description\":\"工本费\","
                + "\"out_trade_no\":\"SDKORDER0001\",\"notify_url\":\"https://kiosk.example.cn/n\",\"amount\":{\"total\":100,\"currency\":\"CNY\"}}";
        URI create = URI.create(server.baseUrl() + "/v3/pay/transactions/native");
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(create)
                .header("Authorization", credential.getAuthorization(create, "POST", body))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(created.body(), 200, created.statusCode());
        assertTrue(created.body().contains("weixin://wxpay/bizpayurl?pr="));

        WechatPay2Validator publicKeyMode = new WechatPay2Validator(new RSAVerifier(KEYS.platform.getPublic(), KEYS.publicKeyId));
        assertTrue(publicKeyMode.validate(sdkHeaders(created), created.body()));

        URI query = URI.create(server.baseUrl() + "/v3/pay/transactions/out-trade-no/SDKORDER0001?mchid=" + server.mchid());
        server.mode(WechatPayTestServer.Mode.CERTIFICATE);
        HttpResponse<String> queried = http.send(HttpRequest.newBuilder(query)
                .header("Authorization", credential.getAuthorization(query, "GET", null))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, queried.statusCode());
        WechatPay2Validator certificateMode = new WechatPay2Validator(
                new RSAVerifier(new InMemoryCertificateProvider(List.of(KEYS.platformCertificate))));
        assertTrue(certificateMode.validate(sdkHeaders(queried), queried.body()));

        server.forgeNextResponses(1);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(query)
                .header("Authorization", credential.getAuthorization(query, "GET", null))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertFalse("the SDK refuses a forged answer too", certificateMode.validate(sdkHeaders(forged), forged.body()));

        WechatPay2Credential wrongKey = new WechatPay2Credential(server.mchid(), new RSASigner(KEYS.merchantSerial, KEYS.platform.getPrivate()));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(query)
                .header("Authorization", wrongKey.getAuthorization(query, "GET", null))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertTrue(refused.body().contains("\"code\":\"SIGN_ERROR\""));
    }

    /** The SDK looks headers up case-sensitively; HTTP names are case-insensitive, so pass the canonical names. */
    private static HttpHeaders sdkHeaders(HttpResponse<?> r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String h : List.of("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial", "Request-ID")) {
            r.headers().firstValue(h).ifPresent(v -> m.put(h, v));
        }
        return new HttpHeaders(m);
    }

    private static Transaction sdkTransaction(String mchid, String appid, String no, int total) {
        Transaction tx = new Transaction();
        tx.setAppid(appid);
        tx.setMchid(mchid);
        tx.setOutTradeNo(no);
        tx.setTransactionId("4200001234202611240000000001");
        tx.setTradeType(Transaction.TradeTypeEnum.NATIVE);
        tx.setTradeState(Transaction.TradeStateEnum.SUCCESS);
        tx.setTradeStateDesc("支付成功");
        tx.setBankType("OTHERS");
        tx.setSuccessTime(RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8))));
        TransactionAmount amount = new TransactionAmount();
        amount.setTotal(total);
        amount.setPayerTotal(total);
        amount.setCurrency("CNY");
        amount.setPayerCurrency("CNY");
        tx.setAmount(amount);
        return tx;
    }

    /** A notification made with the SDK's own model, cipher and signer classes. */
    private static Callback sdkNotification(Transaction tx, String apiV3Key, String serial, java.security.PrivateKey signingKey) {
        String nonce = TestKeys.randomAlnum(12);
        String plaintext = GsonUtil.getGson().toJson(tx);
        String ciphertext = new AeadAesCipher(apiV3Key.getBytes(StandardCharsets.UTF_8)).encrypt(
                "transaction".getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8),
                plaintext.getBytes(StandardCharsets.UTF_8));
        Resource resource = new Resource();
        resource.setAlgorithm("AEAD_AES_256_GCM");
        resource.setCiphertext(ciphertext);
        resource.setAssociatedData("transaction");
        resource.setNonce(nonce);
        resource.setOriginalType("transaction");
        Notification n = new Notification();
        n.setId(UUID.randomUUID().toString());
        n.setCreateTime(RFC3339.format(OffsetDateTime.now(ZoneOffset.ofHours(8))));
        n.setEventType("TRANSACTION.SUCCESS");
        n.setResourceType("encrypt-resource");
        n.setSummary("支付成功");
        n.setResource(resource);
        String body = GsonUtil.getGson().toJson(n);
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String headerNonce = TestKeys.randomAlnum(32);
        SignatureResult sig = new RSASigner(serial, signingKey).sign(ts + "\n" + headerNonce + "\n" + body + "\n");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("wechatpay-timestamp", ts);
        h.put("wechatpay-nonce", headerNonce);
        h.put("wechatpay-signature", sig.getSign());
        h.put("wechatpay-serial", sig.getCertificateSerialNumber());
        h.put("wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048");
        return new Callback(h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static RequestParam sdkParam(Callback c) {
        Map<String, String> h = c.lowerCaseHeaders();
        return new RequestParam.Builder().serialNumber(h.get("wechatpay-serial")).nonce(h.get("wechatpay-nonce"))
                .signature(h.get("wechatpay-signature")).timestamp(h.get("wechatpay-timestamp"))
                .signType("WECHATPAY2-SHA256-RSA2048").body(c.bodyText()).build();
    }

    private static NotificationParser sdkParser(String apiV3Key) {
        return new NotificationParser(new RSAPublicKeyNotificationConfig.Builder().publicKey(KEYS.platform.getPublic())
                .publicKeyId(KEYS.publicKeyId).apiV3Key(apiV3Key).build());
    }

    private static boolean sdkRejects(NotificationParser parser, Callback c) {
        try {
            parser.parse(sdkParam(c), Transaction.class);
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Test
    public void providerAcceptsANotificationBuiltWithTheSdk() throws Exception {
        Callback c = sdkNotification(sdkTransaction(server.mchid(), server.appid(), "SDKN00000001", 2000), KEYS.apiV3Key,
                KEYS.publicKeyId, KEYS.platform.getPrivate());
        assertTrue(c.bodyText(), c.bodyText().contains("\"resource_type\":\"encrypt-resource\""));
        assertTrue(c.bodyText(), c.bodyText().contains("\"associated_data\":\"transaction\""));
        assertNotNull("the SDK itself accepts it", sdkParser(KEYS.apiV3Key).parse(sdkParam(c), Transaction.class));

        ProviderStatus s = provider.parseNotification(c.lowerCaseHeaders(), c.body());
        assertEquals("SDKN00000001", s.outTradeNo());
        assertEquals(TradeState.SUCCESS, s.state());
        assertEquals(2000, s.amountFen());
        assertEquals("4200001234202611240000000001", s.transactionId());
        assertNotNull(s.successTime());
    }

    @Test
    public void providerRefusesWhatTheSdkRefuses() throws Exception {
        NotificationParser sdk = sdkParser(KEYS.apiV3Key);
        Transaction tx = sdkTransaction(server.mchid(), server.appid(), "SDKN00000002", 2000);

        Callback forged = sdkNotification(tx, KEYS.apiV3Key, KEYS.publicKeyId, TestKeys.rsa2048().getPrivate());
        assertTrue(sdkRejects(sdk, forged));
        assertEquals("signature does not verify", rejection(forged));

        Callback otherSerial = sdkNotification(tx, KEYS.apiV3Key, "PUB_KEY_ID_0000000000000000000000000002", KEYS.platform.getPrivate());
        assertTrue(sdkRejects(sdk, otherSerial));
        assertTrue(rejection(otherSerial).startsWith("unknown Wechatpay-Serial"));

        Callback otherApiKey = sdkNotification(tx, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", KEYS.publicKeyId, KEYS.platform.getPrivate());
        assertTrue(sdkRejects(sdk, otherApiKey));
        assertTrue(rejection(otherApiKey).startsWith("cannot decrypt"));

        Callback good = sdkNotification(tx, KEYS.apiV3Key, KEYS.publicKeyId, KEYS.platform.getPrivate());
        Callback tampered = good.withBody(good.bodyText().replace("encrypt-resource", "encrypt-resourcE").getBytes(StandardCharsets.UTF_8));
        assertTrue(sdkRejects(sdk, tampered));
        assertEquals("signature does not verify", rejection(tampered));

        Callback otherMerchant = sdkNotification(sdkTransaction("1900000999", server.appid(), "SDKN00000003", 2000),
                KEYS.apiV3Key, KEYS.publicKeyId, KEYS.platform.getPrivate());
        assertFalse("the SDK does not check the merchant; the provider must", sdkRejects(sdk, otherMerchant));
        assertTrue(rejection(otherMerchant).startsWith("transaction of another merchant"));
    }

    private String rejection(Callback c) {
        try {
            provider.parseNotification(c.lowerCaseHeaders(), c.body());
        } catch (NotificationRejected e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    @SuppressWarnings("deprecation") // RSANotificationConfig: the SDK's platform-certificate mode
    public void sdkParsesTheTestServersNotifications() throws Exception {
        place("SDKN00000004", 880);
        server.pay("SDKN00000004");
        Transaction tx = sdkParser(KEYS.apiV3Key).parse(sdkParam(server.buildCallback("SDKN00000004")), Transaction.class);
        assertEquals("SDKN00000004", tx.getOutTradeNo());
        assertEquals(Transaction.TradeStateEnum.SUCCESS, tx.getTradeState());
        assertEquals(Integer.valueOf(880), tx.getAmount().getTotal());
        assertEquals(server.mchid(), tx.getMchid());
        assertEquals(server.appid(), tx.getAppid());
        assertEquals(server.order("SDKN00000004").orElseThrow().transactionId(), tx.getTransactionId());

        server.mode(WechatPayTestServer.Mode.CERTIFICATE);
        NotificationParser certificateParser = new NotificationParser(new RSANotificationConfig.Builder()
                .certificates(KEYS.platformCertificate).apiV3Key(KEYS.apiV3Key).build());
        assertEquals("SDKN00000004", certificateParser.parse(sdkParam(server.buildCallback("SDKN00000004")), Transaction.class)
                .getOutTradeNo());

        server.mode(WechatPayTestServer.Mode.PUBLIC_KEY);
        server.forgeCallbacks(true);
        assertTrue(sdkRejects(sdkParser(KEYS.apiV3Key), server.buildCallback("SDKN00000004")));
    }
}
