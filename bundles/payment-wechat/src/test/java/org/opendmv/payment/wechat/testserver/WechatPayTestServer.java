package org.opendmv.payment.wechat.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A protocol-faithful WeChat Pay API v3 server (Native payment) on real HTTP, for tests. JDK only,
 * so it runs from this module's test jar with nothing else on the class path.
 *
 * <p>What it does as WeChat Pay does: verifies the merchant's {@code WECHATPAY2-SHA256-RSA2048}
 * Authorization (mchid, serial_no, timestamp within 5 min, SHA256withRSA over
 * {@code METHOD\nPATH?QUERY\nTS\nNONCE\nBODY\n}) and answers 401 SIGN_ERROR (unsigned) otherwise;
 * keeps orders (NOTPAY → SUCCESS when the test pays → CLOSED on close, REFUND after a refund);
 * answers ORDERPAID / ORDER_CLOSED / OUT_TRADE_NO_USED / ORDER_NOT_EXIST like WeChat; signs every
 * other answer with the platform key ({@code Wechatpay-Timestamp/-Nonce/-Signature/-Serial},
 * {@code Request-ID}), the serial being the WeChat Pay public key id or the platform certificate
 * serial depending on {@link #mode(Mode)}; and posts encrypted (AEAD_AES_256_GCM with the APIv3
 * key), signed payment notifications to the order's notify_url.
 *
 * <p>Endpoints: {@code POST /v3/pay/transactions/native}, {@code GET
 * /v3/pay/transactions/out-trade-no/{no}?mchid=}, {@code POST
 * /v3/pay/transactions/out-trade-no/{no}/close}, {@code POST /v3/refund/domestic/refunds}, {@code GET
 * /v3/refund/domestic/refunds/{out_refund_no}} (refund query; 404 RESOURCE_NOT_EXISTS for an unknown one).
 *
 * <p>Refunds: a new refund answers {@link #refundStatus(String)} (PROCESSING by default, as WeChat Pay
 * usually does) and stays so until {@link #settleRefund(String, String)} or, with
 * {@link #refundOutcome(String, int)}, until it has been queried n times; then SUCCESS, ABNORMAL or
 * CLOSED. A CLOSED refund gives its amount back to the order (it can be refunded again); an
 * ABNORMAL one does not (the money left the merchant account; WeChat Pay has staff settle it).
 * Asking again with the same out_refund_no answers the refund as it is now, never a second one.
 *
 * <p>Fault switches: {@link #failNext(int)} (5xx), {@link #errorNext} (any business error),
 * {@link #failNextOn}, {@link #errorNextOn}, {@link #delayNextOn} (the same for one path only, e.g. the close),
 * {@link #delay(Duration)} (timeouts), {@link #stop()} / {@link #start()} (connection refused),
 * {@link #forgeNextResponses(int)}, {@link #responseTimestampSkew(Duration)},
 * {@link #callbackCopies(int)} (duplicate notification), {@link #callbackTimestampSkew(Duration)}
 * (stale / future), {@link #replayLastCallback()}, {@link #callbackAmountDelta(long)} (wrong
 * amount), {@link #callbackOverrides(Map)} (e.g. another mchid), {@link #forgeCallbacks(boolean)}.
 *
 * <p>The same switches over HTTP (for a test in another process), under {@code /_test/}: see
 * {@link #main(String[])}.
 *
 * <p>Known difference: {@code com.sun.net.httpserver} writes response header names as
 * {@code Wechatpay-timestamp} (it normalises case); HTTP header names are case-insensitive and
 * java.net.http and the kiosk accept that, but the official SDK's okhttp adapter looks them up
 * case-sensitively, so the SDK's own HTTP client cannot be pointed at this server.
 */
public final class WechatPayTestServer implements AutoCloseable {
    public static final String DEFAULT_MCHID = "1900009191";
    public static final String DEFAULT_APPID = "wxd678efh567hg6787";

    /** How the server identifies its signing key in Wechatpay-Serial. */
    public enum Mode {
        /** {@code PUB_KEY_ID_…} of the WeChat Pay public key (the newer scheme). */
        PUBLIC_KEY,
        /** Hex serial of the platform certificate. */
        CERTIFICATE
    }

    /** A notification exactly as it goes on the wire: header names as WeChat sends them, raw body. */
    public record Callback(Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Header names lower-cased, as the PaymentProvider SPI receives them. */
        public Map<String, String> lowerCaseHeaders() {
            Map<String, String> m = new LinkedHashMap<>();
            headers.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
            return m;
        }

        public Callback withHeader(String name, String value) {
            Map<String, String> m = new LinkedHashMap<>(headers);
            m.put(name, value);
            return new Callback(m, body);
        }

        public Callback withBody(byte[] newBody) {
            return new Callback(headers, newBody);
        }
    }

    /** One API request as received (control requests are not recorded). */
    public record RecordedRequest(String method, String pathAndQuery, Map<String, String> headers, String body,
            boolean signatureValid) {
    }

    /** A snapshot of one order. */
    public record Order(String outTradeNo, String description, long totalFen, String notifyUrl, String timeExpire,
            String codeUrl, String state, String stateDesc, String transactionId, String successTime,
            long payerTotalFen, String openid, long refundedFen) {
    }

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-|*]{6,32}");
    private static final Pattern AUTH_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern QUERY_PATH = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/?]+)");
    private static final Pattern CLOSE_PATH = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/?]+)/close");
    private static final Pattern REFUND_QUERY_PATH = Pattern.compile("/v3/refund/domestic/refunds/([^/?]+)");
    private static final List<String> REFUND_STATES = List.of("SUCCESS", "PROCESSING", "ABNORMAL", "CLOSED");
    private static final Map<String, String> STATE_DESC = Map.of(
            "SUCCESS", "支付成功", "NOTPAY", "订单未支付", "CLOSED", "订单已关闭", "REFUND", "转入退款",
            "USERPAYING", "用户支付中（需输入密码）", "PAYERROR", "支付失败，请重新下单支付", "REVOKED", "已撤销",
            "ACCEPT", "已接收，等待扣款");

    private final TestKeys keys;
    private final String mchid;
    private final String appid;
    private final SecretKeySpec apiV3Key;
    private volatile Mode mode = Mode.PUBLIC_KEY;
    private volatile int port;
    private HttpServer server;
    private ExecutorService executor;
    private final HttpClient callbackClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, MutableOrder> orders = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger errorNext = new AtomicInteger();
    private volatile int errorStatus;
    private volatile String errorCode;
    private volatile String errorMessage;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger forgeNext = new AtomicInteger();
    private volatile Duration responseSkew = Duration.ZERO;
    private volatile int callbackCopies = 1;
    private volatile Duration callbackSkew = Duration.ZERO;
    private volatile long callbackAmountDelta;
    private volatile Map<String, Object> callbackOverrides = Map.of();
    private volatile boolean forgeCallbacks;
    private volatile String refundStatus = "PROCESSING";
    private volatile String refundFinal;
    private volatile int refundAfterQueries;
    private final Map<String, Integer> refundQueries = new LinkedHashMap<>();
    private volatile Callback lastCallback;
    private volatile URI lastCallbackUri;
    private KeyPair forger;

    private static final class MutableOrder {
        String outTradeNo;
        String description;
        long totalFen;
        String notifyUrl;
        String timeExpire;
        String codeUrl;
        String state = "NOTPAY";
        String stateDesc;
        String transactionId;
        String successTime;
        long payerTotalFen = -1;
        String openid;
        long refundedFen;

        Order snapshot() {
            return new Order(outTradeNo, description, totalFen, notifyUrl, timeExpire, codeUrl, state,
                    stateDesc != null ? stateDesc : STATE_DESC.getOrDefault(state, state), transactionId, successTime,
                    payerTotalFen, openid, refundedFen);
        }
    }

    private WechatPayTestServer(TestKeys keys, String mchid, String appid, int port) {
        this.keys = keys;
        this.mchid = mchid;
        this.appid = appid;
        this.apiV3Key = new SecretKeySpec(keys.apiV3Key.getBytes(StandardCharsets.UTF_8), "AES");
        this.port = port;
    }

    /** Fresh keys, default mchid/appid, a free port on 127.0.0.1. */
    public static WechatPayTestServer startWithNewKeys() throws IOException {
        return start(TestKeys.generate(), 0);
    }

    public static WechatPayTestServer start(TestKeys keys, int port) throws IOException {
        return start(keys, port, DEFAULT_MCHID, DEFAULT_APPID);
    }

    public static WechatPayTestServer start(TestKeys keys, int port, String mchid, String appid) throws IOException {
        WechatPayTestServer s = new WechatPayTestServer(keys, mchid, appid, port);
        s.start();
        return s;
    }

    /** (Re)starts listening on the same port (the first start picks a free one if the port was 0). */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wechatpay-test-server");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        port = s.getAddress().getPort();
        server = s;
    }

    /** Stops listening (connections are refused until {@link #start()}); in-flight delays are interrupted. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} — the provider's base.url. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public TestKeys keys() {
        return keys;
    }

    public String mchid() {
        return mchid;
    }

    public String appid() {
        return appid;
    }

    public Mode mode() {
        return mode;
    }

    public void mode(Mode m) {
        this.mode = m;
    }

    /** What this server sends in Wechatpay-Serial in the current mode. */
    public String serial() {
        return mode == Mode.PUBLIC_KEY ? keys.publicKeyId : keys.platformCertificateSerial;
    }

    // ---------------------------------------------------------------- test operations

    public synchronized Optional<Order> order(String outTradeNo) {
        MutableOrder o = orders.get(outTradeNo);
        return o == null ? Optional.empty() : Optional.of(o.snapshot());
    }

    public synchronized List<Order> orders() {
        List<Order> l = new ArrayList<>();
        orders.values().forEach(o -> l.add(o.snapshot()));
        return l;
    }

    /** The citizen pays the full amount: NOTPAY/USERPAYING → SUCCESS. */
    public Order pay(String outTradeNo) {
        return pay(outTradeNo, -1);
    }

    /** The citizen pays; payer_total is {@code payerTotalFen} (-1: the order total). */
    public synchronized Order pay(String outTradeNo, long payerTotalFen) {
        MutableOrder o = existing(outTradeNo);
        if (!o.state.equals("NOTPAY") && !o.state.equals("USERPAYING") && !o.state.equals("ACCEPT")) {
            throw new IllegalStateException("order " + outTradeNo + " is " + o.state + ", cannot be paid");
        }
        o.state = "SUCCESS";
        o.stateDesc = null;
        o.transactionId = "4200" + TestKeys.randomDigits(24);
        o.successTime = RFC3339.format(OffsetDateTime.now(CHINA));
        o.payerTotalFen = payerTotalFen < 0 ? o.totalFen : payerTotalFen;
        o.openid = "oUpF8u" + TestKeys.randomAlnum(22);
        return o.snapshot();
    }

    /** Puts an order into any trade state (USERPAYING, PAYERROR, REVOKED, ACCEPT, …). */
    public synchronized Order setState(String outTradeNo, String state) {
        MutableOrder o = existing(outTradeNo);
        o.state = state;
        o.stateDesc = null;
        return o.snapshot();
    }

    /** Pays and posts the notification; returns the notify URL's HTTP status. */
    public int payAndNotify(String outTradeNo) throws IOException, InterruptedException {
        pay(outTradeNo);
        return sendCallback(outTradeNo);
    }

    /** Posts the notification of the order's current state to its notify_url ({@link #callbackCopies} times). */
    public int sendCallback(String outTradeNo) throws IOException, InterruptedException {
        Callback c = buildCallback(outTradeNo);
        URI uri = URI.create(order(outTradeNo).orElseThrow().notifyUrl());
        int status = 0;
        for (int k = 0; k < Math.max(1, callbackCopies); k++) {
            status = post(c, uri);
        }
        return status;
    }

    /** Sends the last notification again, byte for byte (same timestamp, nonce and signature). */
    public int replayLastCallback() throws IOException, InterruptedException {
        if (lastCallback == null) {
            throw new IllegalStateException("no notification sent yet");
        }
        return post(lastCallback, lastCallbackUri);
    }

    /** Posts a notification to a URL; returns the HTTP status of the answer. */
    public int post(Callback c, URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.headers().forEach(b::header);
        lastCallback = c;
        lastCallbackUri = uri;
        return callbackClient.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The notification WeChat Pay would send now for the order (current fault switches applied). */
    public Callback buildCallback(String outTradeNo) {
        Map<String, Object> tx;
        synchronized (this) {
            MutableOrder o = existing(outTradeNo);
            tx = transaction(o);
        }
        long delta = callbackAmountDelta;
        if (delta != 0) {
            @SuppressWarnings("unchecked")
            Map<String, Object> amount = (Map<String, Object>) tx.get("amount");
            amount.put("total", ((Number) amount.get("total")).longValue() + delta);
            if (amount.containsKey("payer_total")) {
                amount.put("payer_total", ((Number) amount.get("payer_total")).longValue() + delta);
            }
        }
        tx.putAll(callbackOverrides);
        String state = String.valueOf(tx.get("trade_state"));
        return buildCallback(MiniJson.write(tx), "TRANSACTION." + state, "transaction",
                "SUCCESS".equals(state) ? "支付成功" : STATE_DESC.getOrDefault(state, state));
    }

    /** A signed, encrypted notification around any plaintext resource. */
    public Callback buildCallback(String plaintext, String eventType, String originalType, String summary) {
        String nonce = TestKeys.randomAlnum(12);
        String aad = originalType;
        String ciphertext = encrypt(aad, nonce, plaintext);
        Map<String, Object> resource = MiniJson.obj("original_type", originalType, "algorithm", "AEAD_AES_256_GCM",
                "ciphertext", ciphertext, "associated_data", aad, "nonce", nonce);
        Map<String, Object> envelope = MiniJson.obj("id", UUID.randomUUID().toString(),
                "create_time", RFC3339.format(OffsetDateTime.now(CHINA)), "resource_type", "encrypt-resource",
                "event_type", eventType, "summary", summary, "resource", resource);
        return signedCallback(MiniJson.write(envelope).getBytes(StandardCharsets.UTF_8));
    }

    /** Any body with WeChat's notification headers, signed with the platform key (current switches applied). */
    public Callback signedCallback(byte[] body) {
        String ts = Long.toString(Instant.now().plus(callbackSkew).getEpochSecond());
        String headerNonce = TestKeys.randomAlnum(32);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", "Mozilla/4.0");
        h.put("Wechatpay-Nonce", headerNonce);
        h.put("Wechatpay-Serial", serial());
        h.put("Wechatpay-Signature", sign(ts, headerNonce, body, forgeCallbacks));
        h.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        h.put("Wechatpay-Timestamp", ts);
        return new Callback(h, body);
    }

    /** AES-256-GCM with the APIv3 key, 128-bit tag appended, Base64 — as WeChat Pay encrypts resources. */
    public String encrypt(String associatedData, String nonce, String plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, apiV3Key, new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every API request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    public Optional<Callback> lastCallback() {
        return Optional.ofNullable(lastCallback);
    }

    // ---------------------------------------------------------------- fault switches

    /** The next n API requests get 500 SYSTEM_ERROR. */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** The next n API requests (with a valid signature) get this signed business error. */
    public void errorNext(int n, int status, String code, String message) {
        errorStatus = status;
        errorCode = code;
        errorMessage = message;
        errorNext.set(n);
    }

    /** Every API answer waits this long first (interrupted by {@link #stop()}). */
    public void delay(Duration d) {
        delay = d;
    }

    /** The next n API answers are signed with a key that is not WeChat Pay's. */
    public void forgeNextResponses(int n) {
        forgeNext.set(n);
    }

    /** API answers carry a Wechatpay-Timestamp this far from now. */
    public void responseTimestampSkew(Duration d) {
        responseSkew = d;
    }

    /** Each notification is posted this many times (duplicates are byte-identical). */
    public void callbackCopies(int n) {
        callbackCopies = n;
    }

    /** Notifications carry a Wechatpay-Timestamp this far from now (negative: stale, positive: future). */
    public void callbackTimestampSkew(Duration d) {
        callbackSkew = d;
    }

    /** Notifications report amount.total (and payer_total) off by this many fen. */
    public void callbackAmountDelta(long fen) {
        callbackAmountDelta = fen;
    }

    /** Fields replaced in the notification's transaction (e.g. {@code mchid}, {@code appid}). */
    public void callbackOverrides(Map<String, Object> fields) {
        callbackOverrides = Map.copyOf(fields);
    }

    /** Notifications are signed with a key that is not WeChat Pay's. */
    public void forgeCallbacks(boolean forge) {
        forgeCallbacks = forge;
    }

    /** Status of new refunds (PROCESSING by default, as WeChat answers; or SUCCESS). */
    public void refundStatus(String status) {
        refundStatus = status;
    }

    /**
     * Refunds created from now on turn from their first status to {@code finalStatus} (SUCCESS,
     * ABNORMAL, CLOSED) once they have been queried {@code afterQueries} times; null: they stay
     * as they are until {@link #settleRefund}.
     */
    public void refundOutcome(String finalStatus, int afterQueries) {
        if (finalStatus != null && !REFUND_STATES.contains(finalStatus)) {
            throw new IllegalArgumentException("refund status must be one of " + REFUND_STATES);
        }
        refundFinal = finalStatus;
        refundAfterQueries = afterQueries;
    }

    /** Moves a refund to SUCCESS, ABNORMAL, CLOSED (or back to PROCESSING), as WeChat Pay does when the bank answers. */
    public synchronized Map<String, Object> settleRefund(String outRefundNo, String status) {
        Map<String, Object> r = refunds.get(outRefundNo);
        if (r == null) {
            throw new IllegalArgumentException("no refund " + outRefundNo);
        }
        if (!REFUND_STATES.contains(status)) {
            throw new IllegalArgumentException("refund status must be one of " + REFUND_STATES);
        }
        changeRefund(r, status);
        return new LinkedHashMap<>(r);
    }

    /** A snapshot of one refund as the refund query answers it. */
    public synchronized Optional<Map<String, Object>> refund(String outRefundNo) {
        Map<String, Object> r = refunds.get(outRefundNo);
        return r == null ? Optional.empty() : Optional.of(new LinkedHashMap<>(r));
    }

    private void changeRefund(Map<String, Object> r, String status) {
        String before = (String) r.get("status");
        if (status.equals(before)) {
            return;
        }
        r.put("status", status);
        r.remove("_final");
        if (status.equals("SUCCESS")) {
            r.put("success_time", RFC3339.format(OffsetDateTime.now(CHINA)));
        }
        if (status.equals("CLOSED")) {
            // nothing was returned: the order may be refunded again
            MutableOrder o = orders.get((String) r.get("out_trade_no"));
            if (o != null) {
                o.refundedFen -= ((Number) ((Map<?, ?>) r.get("amount")).get("refund")).longValue();
            }
        }
    }

    /**
     * The next n API requests whose {@code "METHOD /path"} contains a match of {@code on} (a regular
     * expression, e.g. {@code "/close$"} or {@code "^GET /v3/pay/transactions/out-trade-no/"}) get
     * 500 SYSTEM_ERROR; other requests are not affected.
     */
    public void failNextOn(String on, int n) {
        errorNextOn(on, n, 500, "SYSTEM_ERROR", "系统异常，请稍后重试");
    }

    /** The next n matching API requests (with a valid signature) get this signed business error (see {@link #failNextOn}). */
    public void errorNextOn(String on, int n, int status, String code, String message) {
        pathFaults.add(new PathFault(Pattern.compile(on), new AtomicInteger(n), status, code, message, Duration.ZERO));
    }

    /** The next n matching API requests wait this long before they are answered normally (see {@link #failNextOn}). */
    public void delayNextOn(String on, int n, Duration d) {
        pathFaults.add(new PathFault(Pattern.compile(on), new AtomicInteger(n), 0, null, null, d));
    }

    private record PathFault(Pattern on, AtomicInteger left, int status, String code, String message, Duration delay) {
    }

    private final List<PathFault> pathFaults = new CopyOnWriteArrayList<>();

    /** Applies the first path fault that matches and has requests left; true if it answered the request. */
    private boolean pathFault(HttpExchange ex, String method, String path) throws IOException, InterruptedException {
        String target = method + " " + path;
        for (PathFault f : pathFaults) {
            if (f.on().matcher(target).find() && f.left().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                if (f.status() == 0) {
                    Thread.sleep(f.delay().toMillis());
                    return false;
                }
                respond(ex, f.status(), error(f.code(), f.message()), true);
                return true;
            }
        }
        return false;
    }

    /** Clears every fault switch (orders are kept). */
    public void reset() {
        failNext.set(0);
        errorNext.set(0);
        delay = Duration.ZERO;
        forgeNext.set(0);
        responseSkew = Duration.ZERO;
        callbackCopies = 1;
        callbackSkew = Duration.ZERO;
        callbackAmountDelta = 0;
        callbackOverrides = Map.of();
        forgeCallbacks = false;
        refundStatus = "PROCESSING";
        refundFinal = null;
        refundAfterQueries = 0;
        pathFaults.clear();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/_test/")) {
                control(ex);
            } else {
                api(ex);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                respond(ex, 500, MiniJson.write(MiniJson.obj("code", "SYSTEM_ERROR", "message", "系统错误")), true);
            } catch (IOException | RuntimeException ignored) {
                // the answer had already started
            }
        } finally {
            ex.close();
        }
    }

    private void api(HttpExchange ex) throws IOException, InterruptedException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String authError = checkAuthorization(ex, method, pathAndQuery, raw);
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        requests.add(new RecordedRequest(method, pathAndQuery, headers, new String(raw, StandardCharsets.UTF_8), authError == null));
        Duration d = delay;
        if (!d.isZero()) {
            Thread.sleep(d.toMillis());
        }
        if (authError != null) {
            respond(ex, 401, error("SIGN_ERROR", authError), false);
            return;
        }
        if (pathFault(ex, method, uri.getRawPath())) {
            return;
        }
        if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            respond(ex, 500, error("SYSTEM_ERROR", "系统异常，请稍后重试"), true);
            return;
        }
        if (errorNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            respond(ex, errorStatus, error(errorCode, errorMessage), true);
            return;
        }
        String path = uri.getRawPath();
        Matcher m;
        if (method.equals("POST") && path.equals("/v3/pay/transactions/native")) {
            createNative(ex, raw);
        } else if (method.equals("POST") && path.equals("/v3/refund/domestic/refunds")) {
            refund(ex, raw);
        } else if (method.equals("POST") && (m = CLOSE_PATH.matcher(path)).matches()) {
            close(ex, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), raw);
        } else if (method.equals("GET") && (m = REFUND_QUERY_PATH.matcher(path)).matches()) {
            refundQuery(ex, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        } else if (method.equals("GET") && (m = QUERY_PATH.matcher(path)).matches()) {
            query(ex, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), uri.getRawQuery());
        } else {
            respond(ex, 404, error("NOT_FOUND", "无此接口"), true);
        }
    }

    /** Null if the Authorization header is valid, else WeChat's reason. */
    private String checkAuthorization(HttpExchange ex, String method, String pathAndQuery, byte[] body) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String prefix = "WECHATPAY2-SHA256-RSA2048 ";
        if (auth == null || !auth.startsWith(prefix)) {
            return "Http头缺少Authorization或认证类型不正确";
        }
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = AUTH_PARAM.matcher(auth.substring(prefix.length()));
        while (m.find()) {
            p.put(m.group(1), m.group(2));
        }
        for (String k : List.of("mchid", "nonce_str", "timestamp", "serial_no", "signature")) {
            if (p.get(k) == null || p.get(k).isEmpty()) {
                return "Http头Authorization值格式错误，缺少" + k;
            }
        }
        if (!mchid.equals(p.get("mchid"))) {
            return "商户号与认证信息不匹配";
        }
        if (!keys.merchantSerial.equals(p.get("serial_no"))) {
            return "商户证书序列号有误";
        }
        long ts;
        try {
            ts = Long.parseLong(p.get("timestamp"));
        } catch (NumberFormatException e) {
            return "timestamp格式错误";
        }
        if (Math.abs(Instant.now().getEpochSecond() - ts) > 300) {
            return "请求时间戳已过期";
        }
        byte[] head = (method + "\n" + pathAndQuery + "\n" + p.get("timestamp") + "\n" + p.get("nonce_str") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(keys.merchant.getPublic());
            s.update(head);
            s.update(body);
            s.update((byte) '\n');
            if (!s.verify(Base64.getDecoder().decode(p.get("signature")))) {
                return "签名错误";
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "签名错误";
        }
        return null;
    }

    private void createNative(HttpExchange ex, byte[] raw) throws IOException {
        Map<String, Object> b = jsonBody(ex, raw);
        if (b == null) {
            return;
        }
        for (String k : List.of("appid", "mchid", "description", "out_trade_no", "notify_url")) {
            if (!(b.get(k) instanceof String v) || v.isEmpty()) {
                respond(ex, 400, error("PARAM_ERROR", "输入源“/body/" + k + "”映射到字段“" + k + "”必填性规则校验失败"), true);
                return;
            }
        }
        Long total = amount(b, "total");
        if (total == null || total <= 0) {
            respond(ex, 400, error("PARAM_ERROR", "输入源“/body/amount/total”映射到值字段“总金额”规则校验失败"), true);
            return;
        }
        Object currency = ((Map<?, ?>) b.get("amount")).get("currency");
        if (currency != null && !"CNY".equals(currency)) {
            respond(ex, 400, error("PARAM_ERROR", "币种不支持"), true);
            return;
        }
        if (!mchid.equals(b.get("mchid"))) {
            respond(ex, 400, error("PARAM_ERROR", "请求中的商户号与认证信息中的商户号不一致"), true);
            return;
        }
        if (!appid.equals(b.get("appid"))) {
            respond(ex, 400, error("APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"), true);
            return;
        }
        String no = (String) b.get("out_trade_no");
        String description = (String) b.get("description");
        String notifyUrl = (String) b.get("notify_url");
        if (!OUT_TRADE_NO.matcher(no).matches()) {
            respond(ex, 400, error("PARAM_ERROR", "输入源“/body/out_trade_no”映射到值字段“商户订单号”字符串规则校验失败"), true);
            return;
        }
        if (description.getBytes(StandardCharsets.UTF_8).length > 127) {
            respond(ex, 400, error("PARAM_ERROR", "输入源“/body/description”映射到值字段“商品描述”字符串规则校验失败，字节数 > 127"), true);
            return;
        }
        if (!(notifyUrl.startsWith("https://") || notifyUrl.startsWith("http://")) || notifyUrl.contains("?")) {
            respond(ex, 400, error("PARAM_ERROR", "notify_url格式错误"), true);
            return;
        }
        Object expire = b.get("time_expire");
        if (expire != null) {
            try {
                OffsetDateTime.parse((String) expire, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException | ClassCastException e) {
                respond(ex, 400, error("PARAM_ERROR", "time_expire格式错误，应为RFC3339"), true);
                return;
            }
        }
        String codeUrl;
        synchronized (this) {
            MutableOrder o = orders.get(no);
            if (o != null) {
                switch (o.state) {
                    case "SUCCESS", "REFUND" -> {
                        respond(ex, 400, error("ORDERPAID", "该订单已支付"), true);
                        return;
                    }
                    case "CLOSED", "REVOKED" -> {
                        respond(ex, 400, error("ORDER_CLOSED", "订单已关闭"), true);
                        return;
                    }
                    default -> {
                        if (o.totalFen != total || !o.description.equals(description)) {
                            respond(ex, 403, error("OUT_TRADE_NO_USED", "商户订单号重复"), true);
                            return;
                        }
                        codeUrl = o.codeUrl;
                    }
                }
            } else {
                o = new MutableOrder();
                o.outTradeNo = no;
                o.description = description;
                o.totalFen = total;
                o.notifyUrl = notifyUrl;
                o.timeExpire = (String) expire;
                o.codeUrl = "weixin://wxpay/bizpayurl?pr=" + TestKeys.randomAlnum(11);
                orders.put(no, o);
                codeUrl = o.codeUrl;
            }
        }
        respond(ex, 200, MiniJson.write(MiniJson.obj("code_url", codeUrl)), true);
    }

    private void query(HttpExchange ex, String no, String rawQuery) throws IOException {
        String queryMchid = null;
        if (rawQuery != null) {
            for (String kv : rawQuery.split("&")) {
                if (kv.startsWith("mchid=")) {
                    queryMchid = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                }
            }
        }
        if (!mchid.equals(queryMchid)) {
            respond(ex, 400, error("PARAM_ERROR", "输入源“/query/mchid”映射到字段“直连商户号”必填性规则校验失败"), true);
            return;
        }
        Map<String, Object> tx;
        synchronized (this) {
            MutableOrder o = orders.get(no);
            if (o == null) {
                tx = null;
            } else {
                tx = transaction(o);
            }
        }
        if (tx == null) {
            respond(ex, 404, error("ORDER_NOT_EXIST", "订单不存在"), true);
        } else {
            respond(ex, 200, MiniJson.write(tx), true);
        }
    }

    private void close(HttpExchange ex, String no, byte[] raw) throws IOException {
        Map<String, Object> b = jsonBody(ex, raw);
        if (b == null) {
            return;
        }
        if (!mchid.equals(b.get("mchid"))) {
            respond(ex, 400, error("PARAM_ERROR", "输入源“/body/mchid”映射到字段“直连商户号”必填性规则校验失败"), true);
            return;
        }
        synchronized (this) {
            MutableOrder o = orders.get(no);
            if (o == null) {
                respond(ex, 404, error("ORDER_NOT_EXIST", "订单不存在"), true);
                return;
            }
            if (o.state.equals("SUCCESS") || o.state.equals("REFUND")) {
                respond(ex, 400, error("ORDERPAID", "订单已支付"), true);
                return;
            }
            o.state = "CLOSED";
            o.stateDesc = null;
        }
        respond(ex, 204, null, true);
    }

    private void refund(HttpExchange ex, byte[] raw) throws IOException {
        Map<String, Object> b = jsonBody(ex, raw);
        if (b == null) {
            return;
        }
        Long refund = amount(b, "refund");
        Long total = amount(b, "total");
        if (!(b.get("out_trade_no") instanceof String no) || !(b.get("out_refund_no") instanceof String refundNo)
                || refund == null || total == null || refund <= 0
                || !"CNY".equals(((Map<?, ?>) b.get("amount")).get("currency"))) {
            respond(ex, 400, error("PARAM_ERROR", "参数错误"), true);
            return;
        }
        Map<String, Object> answer;
        synchronized (this) {
            MutableOrder o = orders.get(no);
            if (o == null) {
                respond(ex, 404, error("RESOURCE_NOT_EXISTS", "订单不存在"), true);
                return;
            }
            Map<String, Object> existing = refunds.get(refundNo);
            if (existing != null) {
                answer = existing;
            } else {
                if (!o.state.equals("SUCCESS") && !o.state.equals("REFUND")) {
                    respond(ex, 400, error("INVALID_REQUEST", "订单未支付，不能退款"), true);
                    return;
                }
                if (total != o.totalFen) {
                    respond(ex, 400, error("PARAM_ERROR", "订单金额与实际支付金额不一致"), true);
                    return;
                }
                if (o.refundedFen + refund > o.totalFen) {
                    respond(ex, 400, error("INVALID_REQUEST", "申请退款金额超过订单可退金额"), true);
                    return;
                }
                o.refundedFen += refund;
                o.state = "REFUND";
                o.stateDesc = null;
                answer = MiniJson.obj("refund_id", "50" + TestKeys.randomDigits(30), "out_refund_no", refundNo,
                        "transaction_id", o.transactionId, "out_trade_no", no, "channel", "ORIGINAL",
                        "user_received_account", "支付用户零钱", "create_time", RFC3339.format(OffsetDateTime.now(CHINA)),
                        "status", refundStatus, "funds_account", "AVAILABLE",
                        "amount", MiniJson.obj("total", o.totalFen, "refund", refund, "payer_total", o.payerTotalFen,
                                "payer_refund", refund, "settlement_refund", refund, "settlement_total", o.totalFen,
                                "discount_refund", 0, "currency", "CNY"));
                if (refundFinal != null) {
                    answer.put("_final", refundFinal + ":" + refundAfterQueries);
                }
                refunds.put(refundNo, answer);
                refundQueries.put(refundNo, 0);
                if (!"PROCESSING".equals(refundStatus)) {
                    String first = refundStatus;
                    answer.put("status", "PROCESSING");
                    changeRefund(answer, first);
                }
            }
            answer = visible(answer);
        }
        respond(ex, 200, MiniJson.write(answer), true);
    }

    /** The refund without the server's own bookkeeping. */
    private static Map<String, Object> visible(Map<String, Object> r) {
        Map<String, Object> v = new LinkedHashMap<>(r);
        v.remove("_final");
        return v;
    }

    private void refundQuery(HttpExchange ex, String outRefundNo) throws IOException {
        Map<String, Object> answer;
        synchronized (this) {
            Map<String, Object> r = refunds.get(outRefundNo);
            if (r == null) {
                answer = null;
            } else {
                int n = refundQueries.merge(outRefundNo, 1, Integer::sum);
                if (r.get("_final") instanceof String f) {
                    String[] p = f.split(":");
                    if (n >= Integer.parseInt(p[1])) {
                        changeRefund(r, p[0]);
                    }
                }
                answer = visible(r);
            }
        }
        if (answer == null) {
            respond(ex, 404, error("RESOURCE_NOT_EXISTS", "退款单不存在"), true);
        } else {
            respond(ex, 200, MiniJson.write(answer), true);
        }
    }

    private Map<String, Object> transaction(MutableOrder o) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("appid", appid);
        tx.put("mchid", mchid);
        tx.put("out_trade_no", o.outTradeNo);
        if (o.transactionId != null) {
            tx.put("transaction_id", o.transactionId);
        }
        tx.put("trade_type", "NATIVE");
        tx.put("trade_state", o.state);
        tx.put("trade_state_desc", o.stateDesc != null ? o.stateDesc : STATE_DESC.getOrDefault(o.state, o.state));
        if (o.successTime != null) {
            tx.put("bank_type", "OTHERS");
            tx.put("attach", "");
            tx.put("success_time", o.successTime);
            tx.put("payer", MiniJson.obj("openid", o.openid));
        }
        Map<String, Object> amount = MiniJson.obj("total", o.totalFen);
        if (o.payerTotalFen >= 0) {
            amount.put("payer_total", o.payerTotalFen);
        }
        amount.put("currency", "CNY");
        amount.put("payer_currency", "CNY");
        tx.put("amount", amount);
        return tx;
    }

    private Map<String, Object> jsonBody(HttpExchange ex, byte[] raw) throws IOException {
        try {
            return MiniJson.parseObject(new String(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            respond(ex, 400, error("PARAM_ERROR", "请求体不是合法的JSON"), true);
            return null;
        }
    }

    private static Long amount(Map<String, Object> body, String field) {
        if (body.get("amount") instanceof Map<?, ?> a && a.get(field) instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private synchronized MutableOrder existing(String outTradeNo) {
        MutableOrder o = orders.get(outTradeNo);
        if (o == null) {
            throw new IllegalArgumentException("no order " + outTradeNo);
        }
        return o;
    }

    private static String error(String code, String message) {
        return MiniJson.write(MiniJson.obj("code", code, "message", message));
    }

    private void respond(HttpExchange ex, int status, String body, boolean signed) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        if (body != null) {
            h.set("Content-Type", "application/json; charset=utf-8");
        }
        h.set("Request-ID", UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT));
        if (signed) {
            String ts = Long.toString(Instant.now().plus(responseSkew).getEpochSecond());
            String nonce = TestKeys.randomAlnum(32);
            boolean forge = forgeNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            h.set("Wechatpay-Nonce", nonce);
            h.set("Wechatpay-Serial", serial());
            h.set("Wechatpay-Signature", sign(ts, nonce, bytes, forge));
            h.set("Wechatpay-Timestamp", ts);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String sign(String timestamp, String nonce, byte[] body, boolean forge) {
        try {
            PrivateKey key = forge ? forger().getPrivate() : keys.platform.getPrivate();
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
            s.update(body);
            s.update((byte) '\n');
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized KeyPair forger() {
        if (forger == null) {
            forger = TestKeys.rsa2048();
        }
        return forger;
    }

    // ---------------------------------------------------------------- control over HTTP

    private void control(HttpExchange ex) throws IOException, InterruptedException {
        URI uri = ex.getRequestURI();
        String path = uri.getRawPath();
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                q.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String[] parts = path.split("/");
        try {
            if (path.equals("/_test/orders")) {
                List<Object> l = new ArrayList<>();
                orders().forEach(o -> l.add(orderJson(o)));
                respond(ex, 200, MiniJson.write(l), false);
            } else if (parts.length == 4 && parts[2].equals("orders")) {
                String no = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
                Optional<Order> o = order(no);
                respond(ex, o.isPresent() ? 200 : 404, o.map(x -> MiniJson.write(orderJson(x))).orElse("{}"), false);
            } else if (parts.length == 5 && parts[2].equals("orders") && ex.getRequestMethod().equals("POST")) {
                String no = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
                Map<String, Object> answer = new LinkedHashMap<>();
                switch (parts[4]) {
                    case "pay" -> {
                        pay(no, q.containsKey("payer_total") ? Long.parseLong(q.get("payer_total")) : -1);
                        if (!"false".equals(q.get("notify"))) {
                            answer.put("callback_status", sendCallback(no));
                        }
                    }
                    case "state" -> setState(no, q.get("value"));
                    case "notify" -> answer.put("callback_status", sendCallback(no));
                    default -> throw new IllegalArgumentException("unknown action " + parts[4]);
                }
                answer.put("order", orderJson(order(no).orElseThrow()));
                respond(ex, 200, MiniJson.write(answer), false);
            } else if (path.equals("/_test/refunds")) {
                List<Object> l = new ArrayList<>();
                synchronized (this) {
                    refunds.values().forEach(r -> l.add(visible(r)));
                }
                respond(ex, 200, MiniJson.write(l), false);
            } else if (parts.length == 5 && parts[2].equals("refunds") && parts[4].equals("state") && ex.getRequestMethod().equals("POST")) {
                respond(ex, 200, MiniJson.write(settleRefund(URLDecoder.decode(parts[3], StandardCharsets.UTF_8), q.get("value"))), false);
            } else if (path.equals("/_test/faults") && ex.getRequestMethod().equals("POST")) {
                if (q.containsKey("fail")) {
                    failNext(Integer.parseInt(q.get("fail")));
                }
                if (q.containsKey("delay_ms")) {
                    delay(Duration.ofMillis(Long.parseLong(q.get("delay_ms"))));
                }
                if (q.containsKey("forge")) {
                    forgeNextResponses(Integer.parseInt(q.get("forge")));
                }
                if (q.containsKey("error")) { // error=STATUS:CODE:MESSAGE, error_count=N (default 1)
                    String[] e = q.get("error").split(":", 3);
                    errorNext(Integer.parseInt(q.getOrDefault("error_count", "1")), Integer.parseInt(e[0]), e[1],
                            e.length > 2 ? e[2] : e[1]);
                }
                if (q.containsKey("callback_copies")) {
                    callbackCopies(Integer.parseInt(q.get("callback_copies")));
                }
                if (q.containsKey("callback_skew_s")) {
                    callbackTimestampSkew(Duration.ofSeconds(Long.parseLong(q.get("callback_skew_s"))));
                }
                if (q.containsKey("callback_amount_delta")) {
                    callbackAmountDelta(Long.parseLong(q.get("callback_amount_delta")));
                }
                if (q.containsKey("forge_callbacks")) {
                    forgeCallbacks(Boolean.parseBoolean(q.get("forge_callbacks")));
                }
                if (q.containsKey("refund_status")) {
                    refundStatus(q.get("refund_status"));
                }
                if (q.containsKey("refund_final")) { // refund_final=SUCCESS|ABNORMAL|CLOSED|none, refund_after_queries=N (default 1)
                    String f = q.get("refund_final");
                    refundOutcome("none".equals(f) ? null : f, Integer.parseInt(q.getOrDefault("refund_after_queries", "1")));
                }
                respond(ex, 200, "{}", false);
            } else if (path.equals("/_test/replay") && ex.getRequestMethod().equals("POST")) {
                respond(ex, 200, MiniJson.write(MiniJson.obj("callback_status", replayLastCallback())), false);
            } else if (path.equals("/_test/reset") && ex.getRequestMethod().equals("POST")) {
                reset();
                respond(ex, 200, "{}", false);
            } else if (path.equals("/_test/outage") && ex.getRequestMethod().equals("POST")) {
                long ms = Long.parseLong(q.getOrDefault("ms", "5000"));
                respond(ex, 200, "{}", false);
                Thread t = new Thread(() -> outage(ms), "wechatpay-test-server-outage");
                t.setDaemon(true);
                t.start();
            } else {
                respond(ex, 404, "{}", false);
            }
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            respond(ex, 400, MiniJson.write(MiniJson.obj("error", String.valueOf(e.getMessage()))), false);
        }
    }

    private void outage(long ms) {
        try {
            Thread.sleep(50); // let the control answer leave first
            stop();
            Thread.sleep(ms);
            start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("test server could not restart on port " + port + ": " + e);
        }
    }

    private static Map<String, Object> orderJson(Order o) {
        Map<String, Object> m = MiniJson.obj("out_trade_no", o.outTradeNo(), "trade_state", o.state(),
                "total", o.totalFen(), "description", o.description(), "notify_url", o.notifyUrl(),
                "code_url", o.codeUrl(), "refunded", o.refundedFen());
        if (o.transactionId() != null) {
            m.put("transaction_id", o.transactionId());
            m.put("payer_total", o.payerTotalFen());
            m.put("success_time", o.successTime());
        }
        return m;
    }

    // ---------------------------------------------------------------- main

    /**
     * Runs the server until the process is killed.
     *
     * <pre>
     * java -jar org.opendmv.payment.wechat-VERSION-tests.jar -dir DIR [-port N] [-mchid M] [-appid A]
     *      [-mode public-key|certificate] [-notify-url URL]
     * </pre>
     *
     * Writes to DIR (reusing the keys already there, so a restarted server keeps its identity):
     * {@code apiclient_key.pem} (merchant private key, 0600), {@code apiv3.key} (0600),
     * {@code pub_key.pem} (WeChat Pay public key), {@code platform_cert.pem}, the server's own
     * {@code test_server_platform_private_key.pem} (0600) and {@code test_server_ids.properties},
     * then {@code org.opendmv.payment.wechat.cfg} (a ready kiosk configuration with absolute paths
     * and {@code base.url}) and {@code port}, and prints {@code WECHATPAY_TEST_SERVER_READY <port>}.
     *
     * <p>Control (unsigned, 127.0.0.1 only): {@code POST /_test/orders/{no}/pay[?notify=false][&payer_total=N]},
     * {@code POST /_test/orders/{no}/state?value=USERPAYING}, {@code POST /_test/orders/{no}/notify},
     * {@code GET /_test/orders[/{no}]}, {@code POST /_test/faults?fail=N&delay_ms=N&forge=N&error=STATUS:CODE[:MSG]&error_count=N
     * &callback_copies=N&callback_skew_s=N&callback_amount_delta=N&forge_callbacks=true&refund_status=SUCCESS
     * &refund_final=SUCCESS|ABNORMAL|CLOSED|none&refund_after_queries=N},
     * {@code GET /_test/refunds}, {@code POST /_test/refunds/{out_refund_no}/state?value=SUCCESS|ABNORMAL|CLOSED},
     * {@code POST /_test/replay}, {@code POST /_test/reset}, {@code POST /_test/outage?ms=N}.
     */
    public static void main(String[] args) throws Exception {
        WechatPayTestServer s = run(args);
        PrintStream out = System.out;
        out.println("WECHATPAY_TEST_SERVER_READY " + s.port());
        out.flush();
        Thread.currentThread().join();
    }

    /** What {@link #main} does before waiting forever: writes the files and returns the started server. */
    public static WechatPayTestServer run(String... args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int k = 0; k < args.length; k++) {
            String name = args[k].replaceFirst("^--?", "");
            if (k + 1 >= args.length) {
                usage("missing value for " + args[k]);
            }
            a.put(name, args[++k]);
        }
        if (!a.containsKey("dir")) {
            usage("-dir is required");
        }
        String mode = a.getOrDefault("mode", "public-key");
        if (!mode.equals("public-key") && !mode.equals("certificate")) {
            usage("-mode must be public-key or certificate");
        }
        Path dir = Path.of(a.get("dir")).toAbsolutePath();
        Files.createDirectories(dir);
        TestKeys keys = TestKeys.loadOrGenerate(dir);
        WechatPayTestServer s = start(keys, Integer.parseInt(a.getOrDefault("port", "0")),
                a.getOrDefault("mchid", DEFAULT_MCHID), a.getOrDefault("appid", DEFAULT_APPID));
        s.mode(mode.equals("certificate") ? Mode.CERTIFICATE : Mode.PUBLIC_KEY);
        String cfg = "# written by WechatPayTestServer: copy to KARAF/etc/org.opendmv.payment.wechat.cfg\n"
                + "mchid=" + s.mchid + "\n"
                + "appid=" + s.appid + "\n"
                + "merchant.serial.no=" + keys.merchantSerial + "\n"
                + "merchant.private.key.file=" + dir.resolve(TestKeys.MERCHANT_PRIVATE_KEY) + "\n"
                + "apiv3.key.file=" + dir.resolve(TestKeys.APIV3_KEY) + "\n"
                + "platform.mode=" + mode + "\n"
                + "platform.public.key.file=" + dir.resolve(TestKeys.PLATFORM_PUBLIC_KEY) + "\n"
                + "platform.public.key.id=" + keys.publicKeyId + "\n"
                + "platform.certificate.file=" + dir.resolve(TestKeys.PLATFORM_CERTIFICATE) + "\n"
                + "platform.certificate.serial=" + keys.platformCertificateSerial + "\n"
                + "base.url=" + s.baseUrl() + "\n"
                + "notify.url=" + a.getOrDefault("notify-url", "") + "\n"
                + "connect.timeout.ms=2000\n"
                + "request.timeout.ms=5000\n"
                + "timestamp.window.seconds=300\n";
        TestKeys.writeFile(dir.resolve("org.opendmv.payment.wechat.cfg"), cfg, "rw-r--r--");
        TestKeys.writeFile(dir.resolve("port"), s.port() + "\n", "rw-r--r--");
        return s;
    }

    private static void usage(String problem) {
        throw new IllegalArgumentException(problem + "\nusage: java -jar org.opendmv.payment.wechat-VERSION-tests.jar -dir DIR "
                + "[-port N] [-mchid M] [-appid A] [-mode public-key|certificate] [-notify-url URL]");
    }
}
