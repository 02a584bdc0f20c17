package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.RefundResult;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.payment.wechat.testserver.MiniJson;
import org.opendmv.payment.wechat.testserver.TestKeys;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.Order;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer.RecordedRequest;

public class WechatPayProviderTest extends Fixture {

    private interface Call {
        void run() throws ProviderException;
    }

    private static ProviderException fails(Call call) {
        try {
            call.run();
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("expected a ProviderException");
    }

    @Test
    public void idIsWechat() {
        assertEquals("wechat", provider.id());
        assertEquals(PaymentProvider.PROVIDER, "payment.provider");
    }

    @Test
    public void createReturnsCodeUrlAndSendsTheWechatOrderBody() throws Exception {
        String codeUrl = place("DL2026112400001", 1000);
        assertTrue(codeUrl, codeUrl.startsWith("weixin://wxpay/bizpayurl?pr="));
        Order o = server.order("DL2026112400001").orElseThrow();
        assertEquals(1000, o.totalFen());
        assertEquals("车管所业务工本费-补领驾驶证", o.description());
        assertEquals("https://kiosk.example.cn/wechatpay/notify", o.notifyUrl());
        assertTrue(o.timeExpire(), o.timeExpire().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00"));
        assertEquals(codeUrl, o.codeUrl());

        RecordedRequest r = server.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v3/pay/transactions/native", r.pathAndQuery());
        assertTrue(r.signatureValid());
        assertEquals("application/json", r.headers().get("accept"));
        assertEquals("application/json", r.headers().get("content-type"));
        assertTrue(r.headers().get("user-agent"), r.headers().get("user-agent").startsWith("OpenDMV-Kiosk/"));
        Map<String, Object> body = MiniJson.parseObject(r.body());
        assertEquals(server.appid(), body.get("appid"));
        assertEquals(server.mchid(), body.get("mchid"));
        assertEquals("DL2026112400001", body.get("out_trade_no"));
        assertEquals(Map.of("total", new java.math.BigDecimal(1000), "currency", "CNY"), body.get("amount"));
    }

    @Test
    public void perOrderNotifyUrlWins() throws Exception {
        provider.createNative(new OrderRequest("NOTIFY000001", 100, "工本费", Instant.now().plusSeconds(600),
                "https://kiosk.example.cn/other"));
        assertEquals("https://kiosk.example.cn/other", server.order("NOTIFY000001").orElseThrow().notifyUrl());
    }

    @Test
    public void placingTheSameOrderAgainDoesNotCreateASecondOne() throws Exception {
        String first = place("SAME00000001", 2500);
        assertEquals(first, place("SAME00000001", 2500));
        assertEquals(1, server.orders().size());
        ProviderException e = fails(() -> place("SAME00000001", 2600));
        assertFalse(e.temporary());
        assertEquals("OUT_TRADE_NO_USED", e.code());
    }

    @Test
    public void placingAPaidOrderAgainIsRefused() throws Exception {
        place("PAID00000001", 100);
        server.pay("PAID00000001");
        ProviderException e = fails(() -> place("PAID00000001", 100));
        assertFalse(e.temporary());
        assertEquals("ORDERPAID", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("该订单已支付"));
    }

    @Test
    public void outTradeNoWithABarIsEncodedAndSigned() throws Exception {
        place("MV|2026|0001", 100);
        assertEquals(TradeState.NOTPAY, provider.query("MV|2026|0001").state());
        assertTrue(server.requests().stream().allMatch(RecordedRequest::signatureValid));
    }

    @Test
    public void queryNotPaid() throws Exception {
        place("Q00000000001", 1000);
        ProviderStatus s = provider.query("Q00000000001");
        assertEquals("Q00000000001", s.outTradeNo());
        assertEquals(TradeState.NOTPAY, s.state());
        assertEquals(1000, s.amountFen());
        assertNull(s.transactionId());
        assertNull(s.successTime());
        assertEquals("订单未支付", s.message());
        assertEquals("GET", server.requests().get(1).method());
        assertEquals("/v3/pay/transactions/out-trade-no/Q00000000001?mchid=" + server.mchid(), server.requests().get(1).pathAndQuery());
    }

    @Test
    public void queryPaid() throws Exception {
        place("Q00000000002", 1000);
        Order paid = server.pay("Q00000000002");
        ProviderStatus s = provider.query("Q00000000002");
        assertEquals(TradeState.SUCCESS, s.state());
        assertEquals(1000, s.amountFen());
        assertEquals(paid.transactionId(), s.transactionId());
        assertNotNull(s.successTime());
        assertTrue(Duration.between(s.successTime(), Instant.now()).abs().getSeconds() < 120);
        assertEquals("支付成功", s.message());
    }

    @Test
    public void aCouponDoesNotChangeTheOrderTotalReported() throws Exception {
        place("Q00000000003", 1000);
        server.pay("Q00000000003", 990); // payer_total 990 after a 10-fen coupon
        assertEquals(1000, provider.query("Q00000000003").amountFen());
    }

    @Test
    public void queryEveryOtherTradeState() throws Exception {
        place("Q00000000004", 500);
        for (String state : List.of("USERPAYING", "PAYERROR", "REVOKED", "CLOSED", "NOTPAY", "REFUND")) {
            server.setState("Q00000000004", state);
            ProviderStatus s = provider.query("Q00000000004");
            assertEquals(state, TradeState.valueOf(state), s.state());
            assertEquals(500, s.amountFen());
        }
        server.setState("Q00000000004", "ACCEPT");
        assertEquals("ACCEPT (已接收，等待扣款) is still in progress", TradeState.USERPAYING, provider.query("Q00000000004").state());
    }

    @Test
    public void queryOfAnUnknownOrderIsUnknownOrder() throws Exception {
        ProviderStatus s = provider.query("NEVERPLACED01");
        assertEquals(TradeState.UNKNOWN_ORDER, s.state());
        assertEquals("NEVERPLACED01", s.outTradeNo());
        assertEquals(-1, s.amountFen());
    }

    @Test
    public void closeThenCloseAgain() throws Exception {
        place("C00000000001", 100);
        provider.close("C00000000001");
        assertEquals("CLOSED", server.order("C00000000001").orElseThrow().state());
        RecordedRequest r = server.requests().get(1);
        assertEquals("/v3/pay/transactions/out-trade-no/C00000000001/close", r.pathAndQuery());
        assertEquals(Map.of("mchid", server.mchid()), MiniJson.parseObject(r.body()));
        provider.close("C00000000001");
        assertEquals(TradeState.CLOSED, provider.query("C00000000001").state());
        ProviderException e = fails(() -> place("C00000000001", 100));
        assertEquals("ORDER_CLOSED", e.code());
    }

    @Test
    public void closeAnsweredOrderClosedIsNotAnError() throws Exception {
        place("C00000000002", 100);
        server.errorNext(1, 400, "ORDER_CLOSED", "订单已关闭");
        provider.close("C00000000002");
    }

    @Test
    public void closingAPaidOrderIsRefused() throws Exception {
        place("C00000000003", 100);
        server.pay("C00000000003");
        ProviderException e = fails(() -> provider.close("C00000000003"));
        assertFalse(e.temporary());
        assertEquals("ORDERPAID", e.code());
    }

    @Test
    public void refund() throws Exception {
        place("R00000000001", 3000);
        server.pay("R00000000001");
        RefundResult r = provider.refund(new RefundRequest("R00000000001", "RF0000000001", 3000, 3000, "业务未办结，退款"));
        assertEquals("RF0000000001", r.outRefundNo());
        assertEquals("PROCESSING", r.status());
        assertNotNull(r.refundId());
        Map<String, Object> body = MiniJson.parseObject(server.requests().get(1).body());
        assertEquals("R00000000001", body.get("out_trade_no"));
        assertEquals("业务未办结，退款", body.get("reason"));
        assertEquals(MiniJson.parseObject("{\"refund\":3000,\"total\":3000,\"currency\":\"CNY\"}"), body.get("amount"));
        assertEquals(TradeState.REFUND, provider.query("R00000000001").state());

        RefundResult again = provider.refund(new RefundRequest("R00000000001", "RF0000000001", 3000, 3000, null));
        assertEquals("the same out_refund_no is the same refund", r.refundId(), again.refundId());
        ProviderException e = fails(() -> provider.refund(new RefundRequest("R00000000001", "RF0000000002", 1, 3000, null)));
        assertFalse(e.temporary());
        assertEquals("INVALID_REQUEST", e.code());
    }

    @Test
    public void refundOfAnUnpaidOrderIsRefused() throws Exception {
        place("R00000000002", 3000);
        server.refundStatus("SUCCESS");
        ProviderException e = fails(() -> provider.refund(new RefundRequest("R00000000002", "RF0000000003", 100, 3000, null)));
        assertFalse(e.temporary());
        assertEquals("INVALID_REQUEST", e.code());
        server.pay("R00000000002");
        assertEquals("SUCCESS", provider.refund(new RefundRequest("R00000000002", "RF0000000003", 100, 3000, null)).status());
    }

    @Test
    public void aProcessingRefundIsQueriedUntilItEnds() throws Exception {
        place("Q00000000001", 3000);
        server.pay("Q00000000001");
        server.refundOutcome("SUCCESS", 2);
        RefundResult r = provider.refund(new RefundRequest("Q00000000001", "Q00000000001R1", 3000, 3000, null));
        assertEquals("PROCESSING", r.status());
        RefundResult first = provider.queryRefund("Q00000000001", "Q00000000001R1");
        assertEquals("PROCESSING", first.status());
        assertEquals(r.refundId(), first.refundId());
        assertEquals("SUCCESS", provider.queryRefund("Q00000000001", "Q00000000001R1").status());
        RecordedRequest q = server.requests().get(server.requests().size() - 1);
        assertEquals("GET", q.method());
        assertEquals("/v3/refund/domestic/refunds/Q00000000001R1", q.pathAndQuery());
        assertTrue("signed like every call", q.signatureValid());
        assertEquals("", q.body());
        assertEquals("asking again answers the refund as it is now", "SUCCESS",
                provider.refund(new RefundRequest("Q00000000001", "Q00000000001R1", 3000, 3000, null)).status());
    }

    @Test
    public void closedAndAbnormalRefundsAndANewNumberAfterClosed() throws Exception {
        place("Q00000000002", 3000);
        server.pay("Q00000000002");
        provider.refund(new RefundRequest("Q00000000002", "Q00000000002R1", 3000, 3000, null));
        server.settleRefund("Q00000000002R1", "CLOSED");
        assertEquals("CLOSED", provider.queryRefund("Q00000000002", "Q00000000002R1").status());
        // nothing was returned: a new refund number may ask again
        assertEquals("PROCESSING", provider.refund(new RefundRequest("Q00000000002", "Q00000000002R2", 3000, 3000, null)).status());
        // switched over HTTP, as a test in another process does
        java.net.http.HttpResponse<String> rsp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(server.baseUrl() + "/_test/refunds/Q00000000002R2/state?value=ABNORMAL"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(rsp.body(), 200, rsp.statusCode());
        assertEquals("ABNORMAL", provider.queryRefund("Q00000000002", "Q00000000002R2").status());
        ProviderException e = fails(() -> provider.refund(new RefundRequest("Q00000000002", "Q00000000002R3", 3000, 3000, null)));
        assertEquals("ABNORMAL keeps the amount: nothing left to refund", "INVALID_REQUEST", e.code());
    }

    @Test
    public void anUnknownRefundIsNotFoundAndFaultsAreTemporary() throws Exception {
        place("Q00000000003", 100);
        server.pay("Q00000000003");
        ProviderException e = fails(() -> provider.queryRefund("Q00000000003", "Q00000000003R1"));
        assertFalse(e.temporary());
        assertEquals(PaymentProvider.REFUND_NOT_FOUND, e.code());
        provider.refund(new RefundRequest("Q00000000003", "Q00000000003R1", 100, 100, null));
        server.failNext(1);
        e = fails(() -> provider.queryRefund("Q00000000003", "Q00000000003R1"));
        assertTrue(e.temporary());
        assertEquals("SYSTEM_ERROR", e.code());
        server.forgeNextResponses(1);
        e = fails(() -> provider.queryRefund("Q00000000003", "Q00000000003R1"));
        assertTrue("an answer that is not WeChat Pay's is never believed", e.temporary());
        assertEquals("SIGNATURE", e.code());
        e = fails(() -> provider.queryRefund("Q00000000003", "bad refund no"));
        assertEquals("PARAM_ERROR", e.code());
        assertEquals("PROCESSING", provider.queryRefund("Q00000000003", "Q00000000003R1").status());
    }

    // ------------------------------------------------------------------ faults

    @Test
    public void serverErrorIsTemporary() throws Exception {
        place("F00000000001", 100);
        server.failNext(2);
        for (int i = 0; i < 2; i++) {
            ProviderException e = fails(() -> provider.query("F00000000001"));
            assertTrue(e.temporary());
            assertEquals("SYSTEM_ERROR", e.code());
        }
        assertEquals(TradeState.NOTPAY, provider.query("F00000000001").state());
    }

    @Test
    public void frequencyLimitIsTemporary() throws Exception {
        server.errorNext(1, 429, "FREQUENCY_LIMITED", "频率超限");
        ProviderException e = fails(() -> place("F00000000002", 100));
        assertTrue(e.temporary());
        assertEquals("FREQUENCY_LIMITED", e.code());
    }

    @Test
    public void timeoutIsTemporary() throws Exception {
        WechatPayProvider quick = provider(Map.of("request.timeout.ms", 300));
        server.delay(Duration.ofSeconds(2));
        ProviderException e = fails(() -> quick.query("F00000000003"));
        assertTrue(e.temporary());
        assertEquals("TIMEOUT", e.code());
        server.delay(Duration.ZERO);
        assertEquals(TradeState.UNKNOWN_ORDER, quick.query("F00000000003").state());
    }

    @Test
    public void connectionRefusedIsTemporaryAndRecovers() throws Exception {
        place("F00000000004", 100);
        server.stop();
        ProviderException e = fails(() -> provider.query("F00000000004"));
        assertTrue(e.temporary());
        assertEquals("IO", e.code());
        WechatPayProvider fresh = provider(Map.of());
        ProviderException refused = fails(() -> fresh.query("F00000000004"));
        assertTrue(refused.temporary());
        assertEquals("IO", refused.code());
        assertTrue(refused.getCause() instanceof java.net.ConnectException);
        server.start();
        assertEquals(TradeState.NOTPAY, provider.query("F00000000004").state());
    }

    @Test
    public void forgedResponseSignatureIsTemporarySignature() throws Exception {
        place("F00000000005", 100);
        server.pay("F00000000005");
        server.forgeNextResponses(1);
        ProviderException e = fails(() -> provider.query("F00000000005"));
        assertTrue(e.temporary());
        assertEquals("SIGNATURE", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("signature does not verify"));
        assertEquals(TradeState.SUCCESS, provider.query("F00000000005").state());
    }

    @Test
    public void forgedNotFoundIsNotTakenForUnknownOrder() throws Exception {
        server.forgeNextResponses(1);
        ProviderException e = fails(() -> provider.query("F00000000006"));
        assertEquals("SIGNATURE", e.code());
        assertTrue(e.temporary());
    }

    @Test
    public void staleOrFutureResponseTimestampIsTemporarySignature() throws Exception {
        server.responseTimestampSkew(Duration.ofMinutes(-6));
        ProviderException stale = fails(() -> place("F00000000007", 100));
        assertEquals("SIGNATURE", stale.code());
        assertTrue(stale.getMessage(), stale.getMessage().contains("stale"));
        server.responseTimestampSkew(Duration.ofMinutes(6));
        ProviderException future = fails(() -> place("F00000000007", 100));
        assertEquals("SIGNATURE", future.code());
        assertTrue(future.getMessage(), future.getMessage().contains("future"));
    }

    @Test
    public void businessErrorsAreNotTemporaryAndCarryTheCode() throws Exception {
        server.errorNext(1, 403, "NOAUTH", "商户无权限");
        ProviderException e = fails(() -> place("F00000000008", 100));
        assertFalse(e.temporary());
        assertEquals("NOAUTH", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("商户无权限"));
        server.errorNext(1, 400, "PARAM_ERROR", "参数错误");
        assertEquals("PARAM_ERROR", fails(() -> provider.query("F00000000008")).code());
    }

    @Test
    public void wrongMerchantKeyGets401SignError() throws Exception {
        java.nio.file.Path other = tmp.newFile("other_key.pem").toPath();
        java.nio.file.Files.writeString(other, TestKeys.pem("PRIVATE KEY", TestKeys.rsa2048().getPrivate().getEncoded()));
        java.nio.file.Files.setPosixFilePermissions(other, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        WechatPayProvider wrongKey = provider(Map.of("merchant.private.key.file", other.toString()));
        ProviderException e = fails(() -> wrongKey.query("F00000000009"));
        assertFalse(e.temporary());
        assertEquals("SIGN_ERROR", e.code());
        assertFalse(server.requests().get(0).signatureValid());
        WechatPayProvider wrongSerial = provider(Map.of("merchant.serial.no", "5157F09EFDC096DE15EBE81A47057A72"));
        assertEquals("SIGN_ERROR", fails(() -> wrongSerial.query("F00000000009")).code());
    }

    @Test
    public void transactionOfAnotherMerchantIsRefused() throws Exception {
        place("F00000000010", 100);
        WechatPayProvider otherApp = provider(Map.of("appid", "wx0000000000000001"));
        ProviderException e = fails(() -> otherApp.query("F00000000010"));
        assertFalse(e.temporary());
        assertEquals("MCH_MISMATCH", e.code());
        assertEquals("APPID_MCHID_NOT_MATCH", fails(() -> otherApp.createNative(order("F00000000011", 100))).code());
    }

    @Test
    public void invalidOrdersAreRefusedLocally() throws Exception {
        assertEquals("PARAM_ERROR", fails(() -> place("short", 100)).code());
        assertEquals("PARAM_ERROR", fails(() -> place("has space 0001", 100)).code());
        assertEquals("PARAM_ERROR", fails(() -> provider.query("../../v3/x")).code());
        String longText = "车".repeat(43); // 129 bytes in UTF-8
        assertEquals("PARAM_ERROR", fails(() -> provider.createNative(
                new OrderRequest("LONGDESC0001", 100, longText, Instant.now().plusSeconds(600), null))).code());
        assertTrue("nothing was sent", server.requests().isEmpty());
    }

    @Test
    public void certificateMode() throws Exception {
        server.mode(WechatPayTestServer.Mode.CERTIFICATE);
        WechatPayProvider cert = provider(Map.of("platform.mode", "certificate",
                "platform.certificate.serial", KEYS.platformCertificateSerial.toLowerCase(java.util.Locale.ROOT)));
        cert.createNative(order("CERT00000001", 100));
        assertEquals(TradeState.NOTPAY, cert.query("CERT00000001").state());
        ProviderException e = fails(() -> provider.query("CERT00000001"));
        assertEquals("a public-key kiosk does not accept the certificate serial", "SIGNATURE", e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("unknown Wechatpay-Serial"));
    }

    @Test
    public void modifiedSwitchesToTheNewConfiguration() throws Exception {
        try (WechatPayTestServer second = WechatPayTestServer.start(KEYS, 0)) {
            props.put("base.url", second.baseUrl() + "/");
            provider.modified(Configs.of(props));
            place("MOD000000001", 100);
            assertTrue(second.order("MOD000000001").isPresent());
            assertFalse(server.order("MOD000000001").isPresent());
        }
    }

    @Test
    public void everyRequestWasSignedCorrectly() throws Exception {
        place("SIG000000001", 100);
        provider.query("SIG000000001");
        provider.close("SIG000000001");
        List<RecordedRequest> rs = server.requests();
        assertEquals(3, rs.size());
        for (RecordedRequest r : rs) {
            assertTrue(r.pathAndQuery(), r.signatureValid());
            assertTrue(r.headers().get("authorization").startsWith("WECHATPAY2-SHA256-RSA2048 mchid=\"" + server.mchid() + "\""));
        }
    }

    @Test
    public void interruptedCallIsTemporary() throws Exception {
        server.delay(Duration.ofSeconds(2));
        Thread.currentThread().interrupt();
        try {
            ProviderException e = fails(() -> provider.query("INT000000001"));
            assertTrue(e.temporary());
        } finally {
            Thread.interrupted();
        }
    }
}
