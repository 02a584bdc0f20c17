package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.Test;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.payment.wechat.testserver.MiniJson;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.Callback;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.Order;

public class NotificationTest extends Fixture {

    private String rejected(Callback c) {
        return rejected(provider, c);
    }

    private static String rejected(WechatPayProvider p, Callback c) {
        try {
            p.parseNotification(c.lowerCaseHeaders(), c.body());
        } catch (NotificationRejected e) {
            return e.getMessage();
        }
        throw new AssertionError("notification accepted");
    }

    private String paidOrder(String no) throws Exception {
        place(no, 1200);
        server.pay(no);
        return no;
    }

    @Test
    public void validNotificationOverHttp() throws Exception {
        NotifyReceiver r = receiver();
        place("N00000000001", 1200);
        assertEquals(r.url(), server.order("N00000000001").orElseThrow().notifyUrl());
        assertEquals(200, server.payAndNotify("N00000000001"));
        NotifyReceiver.Result result = r.next();
        assertNull(result.rejected());
        ProviderStatus s = result.status();
        Order o = server.order("N00000000001").orElseThrow();
        assertEquals("N00000000001", s.outTradeNo());
        assertEquals(TradeState.SUCCESS, s.state());
        assertEquals(1200, s.amountFen());
        assertEquals(o.transactionId(), s.transactionId());
        assertNotNull(s.successTime());
        assertEquals("支付成功", s.message());
    }

    @Test
    public void duplicateNotificationsParseToTheSameStatus() throws Exception {
        NotifyReceiver r = receiver();
        place("N00000000002", 1200);
        server.callbackCopies(2);
        assertEquals(200, server.payAndNotify("N00000000002"));
        ProviderStatus first = r.next().status();
        ProviderStatus second = r.next().status();
        assertEquals(first, second);
    }

    @Test
    public void notificationOfAClosedOrder() throws Exception {
        place("N00000000003", 1200);
        provider.close("N00000000003");
        Callback c = server.buildCallback("N00000000003");
        ProviderStatus s = provider.parseNotification(c.lowerCaseHeaders(), c.body());
        assertEquals(TradeState.CLOSED, s.state());
    }

    @Test
    public void headerNamesInAnyCase() throws Exception {
        Callback c = server.buildCallback(paidOrder("N00000000004"));
        assertEquals(TradeState.SUCCESS, provider.parseNotification(c.headers(), c.body()).state());
    }

    @Test
    public void forgedSignatureIsRejected() throws Exception {
        NotifyReceiver r = receiver();
        place("N00000000005", 1200);
        server.forgeCallbacks(true);
        assertEquals("the kiosk answers an error, so WeChat Pay retries", 400, server.payAndNotify("N00000000005"));
        assertEquals("signature does not verify", r.next().rejected());
    }

    @Test
    public void wrongSerialIsRejected() throws Exception {
        Callback c = server.buildCallback(paidOrder("N00000000006")).withHeader("Wechatpay-Serial", "PUB_KEY_ID_0000000000000000000000000001");
        assertTrue(rejected(c).startsWith("unknown Wechatpay-Serial"));
    }

    @Test
    public void staleTimestampIsRejected() throws Exception {
        server.callbackTimestampSkew(Duration.ofSeconds(-301));
        assertTrue(rejected(server.buildCallback(paidOrder("N00000000007"))).startsWith("stale Wechatpay-Timestamp"));
    }

    @Test
    public void replayedOldNotificationIsRejected() throws Exception {
        NotifyReceiver r = receiver();
        place("N00000000008", 1200);
        server.callbackTimestampSkew(Duration.ofMinutes(-30));
        server.payAndNotify("N00000000008");
        assertTrue(r.next().rejected().startsWith("stale"));
        assertEquals(400, server.replayLastCallback());
        assertTrue(r.next().rejected().startsWith("stale"));
    }

    @Test
    public void futureTimestampIsRejected() throws Exception {
        server.callbackTimestampSkew(Duration.ofSeconds(301));
        assertTrue(rejected(server.buildCallback(paidOrder("N00000000009"))).startsWith("Wechatpay-Timestamp in the future"));
    }

    @Test
    public void timestampWithinTheWindowIsAccepted() throws Exception {
        server.callbackTimestampSkew(Duration.ofSeconds(-240));
        Callback c = server.buildCallback(paidOrder("N00000000010"));
        assertEquals(TradeState.SUCCESS, provider.parseNotification(c.lowerCaseHeaders(), c.body()).state());
    }

    @Test
    public void tamperedBodyWithoutResigningIsRejected() throws Exception {
        Callback c = server.buildCallback(paidOrder("N00000000011"));
        String body = c.bodyText().replace("TRANSACTION.SUCCESS", "TRANSACTION.SUCCEss");
        assertEquals("signature does not verify", rejected(c.withBody(body.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    public void tamperedCiphertextIsRejected() throws Exception {
        Callback c = server.buildCallback(paidOrder("N00000000012"));
        Map<String, Object> envelope = MiniJson.parseObject(c.bodyText());
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = (Map<String, Object>) envelope.get("resource");
        byte[] ct = java.util.Base64.getDecoder().decode((String) resource.get("ciphertext"));
        ct[5] ^= 1;
        resource.put("ciphertext", java.util.Base64.getEncoder().encodeToString(ct));
        Callback tampered = server.signedCallback(MiniJson.write(envelope).getBytes(StandardCharsets.UTF_8));
        assertEquals("cannot decrypt the notification (wrong APIv3 key or tampered ciphertext)", rejected(tampered));
        resource.put("associated_data", "refund");
        assertTrue(rejected(server.signedCallback(MiniJson.write(envelope).getBytes(StandardCharsets.UTF_8))).startsWith("cannot decrypt"));
    }

    @Test
    public void wrongApiV3KeyIsRejected() throws Exception {
        Path wrong = tmp.newFile("wrong.key").toPath();
        Files.writeString(wrong, "0123456789abcdef0123456789ABCDEF");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("r--------"));
        WechatPayProvider other = provider(Map.of("apiv3.key.file", wrong.toString()));
        assertTrue(rejected(other, server.buildCallback(paidOrder("N00000000013"))).startsWith("cannot decrypt"));
    }

    @Test
    public void wrongMchidOrAppidIsRejected() throws Exception {
        paidOrder("N00000000014");
        server.callbackOverrides(Map.of("mchid", "1900000999"));
        assertEquals("transaction of another merchant (mchid/appid differ from the configuration)",
                rejected(server.buildCallback("N00000000014")));
        server.callbackOverrides(Map.of("appid", "wx0000000000000001"));
        assertTrue(rejected(server.buildCallback("N00000000014")).startsWith("transaction of another merchant"));
    }

    @Test
    public void wrongAmountIsPassedOnForTheCoreToCompare() throws Exception {
        paidOrder("N00000000015");
        server.callbackAmountDelta(-1100);
        Callback c = server.buildCallback("N00000000015");
        assertEquals(100, provider.parseNotification(c.lowerCaseHeaders(), c.body()).amountFen());
    }

    @Test
    public void malformedJsonIsRejected() throws Exception {
        assertEquals("malformed notification JSON", rejected(server.signedCallback("{\"id\":".getBytes(StandardCharsets.UTF_8))));
        assertEquals("malformed notification JSON", rejected(server.signedCallback("[]".getBytes(StandardCharsets.UTF_8))));
        assertEquals("malformed notification JSON", rejected(server.signedCallback(
                "{\"id\":\"1\",\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals("notification without resource", rejected(server.signedCallback(
                "{\"resource_type\":\"encrypt-resource\"}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    public void decryptedGarbageIsRejected() throws Exception {
        assertEquals("decrypted resource is not a transaction",
                rejected(server.buildCallback("not json", "TRANSACTION.SUCCESS", "transaction", "支付成功")));
        assertEquals("transaction of another merchant (mchid/appid differ from the configuration)",
                rejected(server.buildCallback("{}", "TRANSACTION.SUCCESS", "transaction", "支付成功")));
    }

    @Test
    public void refundNotificationIsNotAPaymentNotification() throws Exception {
        Callback c = server.buildCallback("{\"mchid\":\"" + server.mchid() + "\",\"refund_status\":\"SUCCESS\"}",
                "REFUND.SUCCESS", "refund", "退款成功");
        assertEquals("not a payment notification (event_type REFUND.SUCCESS)", rejected(c));
    }

    @Test
    public void missingHeadersAreRejected() throws Exception {
        Callback c = server.buildCallback(paidOrder("N00000000016"));
        for (String h : new String[] {"Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial"}) {
            Map<String, String> headers = c.lowerCaseHeaders();
            headers.remove(h.toLowerCase(java.util.Locale.ROOT));
            try {
                provider.parseNotification(headers, c.body());
                throw new AssertionError("accepted without " + h);
            } catch (NotificationRejected e) {
                assertEquals("missing " + h + " header", e.getMessage());
            }
        }
        assertEquals("empty notification body", rejected(c.withBody(new byte[0])));
        assertEquals("unsupported Wechatpay-Signature-Type", rejected(c.withHeader("Wechatpay-Signature-Type", "WECHATPAY2-SM2-WITH-SM3")));
        assertEquals("Wechatpay-Timestamp is not a number", rejected(c.withHeader("Wechatpay-Timestamp", "soon")));
    }

    @Test
    public void certificateModeNotifications() throws Exception {
        String no = paidOrder("N00000000017");
        server.mode(WechatPayTestServer.Mode.CERTIFICATE);
        WechatPayProvider cert = provider(Map.of("platform.mode", "certificate"));
        Callback c = server.buildCallback(no);
        assertEquals(KEYS.platformCertificateSerial, c.headers().get("Wechatpay-Serial"));
        assertEquals(TradeState.SUCCESS, cert.parseNotification(c.lowerCaseHeaders(), c.body()).state());
        assertTrue(rejected(provider, c).startsWith("unknown Wechatpay-Serial"));
    }
}
