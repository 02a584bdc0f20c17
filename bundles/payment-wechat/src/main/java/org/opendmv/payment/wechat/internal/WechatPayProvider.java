package org.opendmv.payment.wechat.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.RefundResult;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.payment.wechat.internal.PlatformVerifier.VerificationFailure;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * WeChat Pay API v3, Native payment (扫码支付): places orders whose {@code code_url} the kiosk shows
 * as a QR code, queries, closes and refunds them, and verifies and decrypts the payment
 * notifications WeChat Pay posts to the kiosk.
 *
 * <p>Built on the JDK alone: {@link java.net.http.HttpClient} for HTTP, {@code java.security}
 * (SHA256withRSA, PEM keys through {@code PKCS8EncodedKeySpec}/{@code X509EncodedKeySpec}/
 * {@code CertificateFactory}) and {@code javax.crypto} (AES-256-GCM) for the protocol, Jackson for
 * JSON. The official {@code wechatpay-java} SDK is deliberately not used at runtime: it is not an
 * OSGi bundle (no Bundle-SymbolicName, no Export-Package) and drags okhttp 4, kotlin-stdlib, gson
 * and Apache httpclient 4 into the kiosk — several megabytes of non-bundles to wrap or embed for a
 * protocol of four calls and two signatures. The SDK is used in this module's tests as an
 * independent oracle instead.
 *
 * <p>Every request is signed ({@code WECHATPAY2-SHA256-RSA2048}); every 2xx and 4xx answer
 * (except 401) must carry a valid WeChat Pay signature from the configured public key / platform
 * certificate within the timestamp window, else the call fails as a temporary {@code SIGNATURE}
 * error. Nothing secret is logged: not the keys, not the Authorization header, not response or
 * notification bodies (payer data) — only out_trade_no, states, HTTP status and error codes.
 */
@Component(service = PaymentProvider.class, configurationPid = WechatPayProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = PaymentProvider.PROVIDER + "=" + WechatPayProvider.ID)
@Designate(ocd = WechatPayConfig.class)
public final class WechatPayProvider implements PaymentProvider {
    static final String PID = "org.opendmv.payment.wechat";
    static final String ID = "wechat";
    static final String MODE_PUBLIC_KEY = "public-key";
    static final String MODE_CERTIFICATE = "certificate";

    private static final Logger LOG = LoggerFactory.getLogger(WechatPayProvider.class);
    private static final Pattern OUT_TRADE_NO = Pattern.compile("[0-9A-Za-z_\\-|*]{6,32}");
    private static final Pattern OUT_REFUND_NO = Pattern.compile("[0-9A-Za-z_\\-|*@]{1,64}");
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final String USER_AGENT = "OpenDMV-Kiosk/1.0 (" + System.getProperty("os.name", "unknown")
            + ") Java/" + System.getProperty("java.specification.version", "17");
    private static final int MAX_DESCRIPTION_BYTES = 127;

    private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private volatile Settings settings;

    @Activate
    public WechatPayProvider(WechatPayConfig config) {
        this.settings = Settings.from(config);
    }

    @Modified
    void modified(WechatPayConfig config) {
        this.settings = Settings.from(config);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String createNative(OrderRequest request) throws ProviderException {
        Settings s = settings;
        String no = checkOutTradeNo(request.outTradeNo());
        if (request.description().isBlank()
                || request.description().getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION_BYTES) {
            throw new ProviderException(false, "PARAM_ERROR", "description must be 1-" + MAX_DESCRIPTION_BYTES + " bytes (UTF-8)");
        }
        if (request.amountFen() > Integer.MAX_VALUE) {
            throw new ProviderException(false, "PARAM_ERROR", "amount too large");
        }
        String notifyUrl = request.notifyUrl() != null && !request.notifyUrl().isBlank() ? request.notifyUrl() : s.notifyUrl;
        if (notifyUrl.isBlank()) {
            throw new ProviderException(false, "PARAM_ERROR", "no notify URL: set notify.url in " + PID);
        }
        ObjectNode body = json.createObjectNode()
                .put("appid", s.appid)
                .put("mchid", s.mchid)
                .put("description", request.description())
                .put("out_trade_no", no)
                .put("time_expire", RFC3339.format(request.timeExpire().atOffset(CHINA)))
                .put("notify_url", notifyUrl);
        body.putObject("amount").put("total", request.amountFen()).put("currency", "CNY");
        Response r = call(s, "POST", "/v3/pay/transactions/native", body, no);
        if (!r.ok()) {
            throw refusal(r, "create", no);
        }
        String codeUrl = r.json.path("code_url").asText("");
        if (!codeUrl.startsWith("weixin://")) {
            LOG.warn("WeChat Pay create order {}: HTTP {} without a code_url", no, r.status);
            throw new ProviderException(true, "BAD_RESPONSE", "WeChat Pay answered without a code_url");
        }
        LOG.info("WeChat Pay order {} placed ({} fen)", no, request.amountFen());
        return codeUrl;
    }

    @Override
    public ProviderStatus query(String outTradeNo) throws ProviderException {
        Settings s = settings;
        String no = checkOutTradeNo(outTradeNo);
        Response r = call(s, "GET", "/v3/pay/transactions/out-trade-no/" + pathSegment(no) + "?mchid="
                + URLEncoder.encode(s.mchid, StandardCharsets.UTF_8), null, no);
        if (r.status == 404 && "ORDER_NOT_EXIST".equals(r.code())) {
            LOG.info("WeChat Pay order {} does not exist", no);
            return new ProviderStatus(no, TradeState.UNKNOWN_ORDER, -1, null, r.message(), null);
        }
        if (!r.ok()) {
            throw refusal(r, "query", no);
        }
        try {
            ProviderStatus status = toStatus(r.json, s, no);
            LOG.debug("WeChat Pay order {} is {}", no, status.state());
            return status;
        } catch (BadTransaction e) {
            LOG.warn("WeChat Pay query order {}: {}", no, e.getMessage());
            throw new ProviderException(e.temporary, e.code, e.getMessage());
        }
    }

    @Override
    public void close(String outTradeNo) throws ProviderException {
        Settings s = settings;
        String no = checkOutTradeNo(outTradeNo);
        ObjectNode body = json.createObjectNode().put("mchid", s.mchid);
        Response r = call(s, "POST", "/v3/pay/transactions/out-trade-no/" + pathSegment(no) + "/close", body, no);
        if (r.ok()) {
            LOG.info("WeChat Pay order {} closed", no);
        } else if ("ORDER_CLOSED".equals(r.code())) {
            LOG.info("WeChat Pay order {} was already closed", no);
        } else {
            throw refusal(r, "close", no);
        }
    }

    @Override
    public RefundResult refund(RefundRequest request) throws ProviderException {
        Settings s = settings;
        String no = checkOutTradeNo(request.outTradeNo());
        if (!OUT_REFUND_NO.matcher(request.outRefundNo()).matches()) {
            throw new ProviderException(false, "PARAM_ERROR", "out_refund_no must be 1-64 of 0-9 A-Z a-z _ - | * @");
        }
        ObjectNode body = json.createObjectNode()
                .put("out_trade_no", no)
                .put("out_refund_no", request.outRefundNo());
        if (request.reason() != null && !request.reason().isBlank()) {
            body.put("reason", request.reason());
        }
        body.putObject("amount").put("refund", request.refundFen()).put("total", request.totalFen()).put("currency", "CNY");
        Response r = call(s, "POST", "/v3/refund/domestic/refunds", body, no);
        if (!r.ok()) {
            throw refusal(r, "refund", no);
        }
        RefundResult result = toRefund(r, no, request.outRefundNo(), "refund");
        LOG.info("WeChat Pay refund {} of order {}: {}", result.outRefundNo(), no, result.status());
        return result;
    }

    /** {@code GET /v3/refund/domestic/refunds/{out_refund_no}} (查询单笔退款), signed and verified like every call. */
    @Override
    public RefundResult queryRefund(String outTradeNo, String outRefundNo) throws ProviderException {
        Settings s = settings;
        String no = checkOutTradeNo(outTradeNo);
        if (outRefundNo == null || !OUT_REFUND_NO.matcher(outRefundNo).matches()) {
            throw new ProviderException(false, "PARAM_ERROR", "out_refund_no must be 1-64 of 0-9 A-Z a-z _ - | * @");
        }
        Response r = call(s, "GET", "/v3/refund/domestic/refunds/" + pathSegment(outRefundNo), null, no);
        if (r.status == 404 && REFUND_NOT_FOUND.equals(r.code())) {
            LOG.info("WeChat Pay refund {} of order {} does not exist", outRefundNo, no);
            throw new ProviderException(false, REFUND_NOT_FOUND, "WeChat Pay knows no refund " + outRefundNo);
        }
        if (!r.ok()) {
            throw refusal(r, "refund query", no);
        }
        RefundResult result = toRefund(r, no, outRefundNo, "refund query");
        LOG.debug("WeChat Pay refund {} of order {} is {}", outRefundNo, no, result.status());
        return result;
    }

    /** A WeChat Pay Refund object, checked against the refund and the order asked about. */
    private static RefundResult toRefund(Response r, String outTradeNo, String outRefundNo, String op) throws ProviderException {
        String answeredRefundNo = r.json.path("out_refund_no").asText(null);
        String answeredTradeNo = r.json.path("out_trade_no").asText(null);
        String status = r.json.path("status").asText(null);
        if (!outRefundNo.equals(answeredRefundNo) || (answeredTradeNo != null && !outTradeNo.equals(answeredTradeNo))
                || status == null || !SAFE_TOKEN.matcher(status).matches()) {
            LOG.warn("WeChat Pay {} for order {}: HTTP {} answer does not describe the refund asked for", op, outTradeNo, r.status);
            throw new ProviderException(true, "BAD_RESPONSE", "WeChat Pay " + op + " answer does not match the request");
        }
        return new RefundResult(answeredRefundNo, r.json.path("refund_id").asText(null), status);
    }

    @Override
    public ProviderStatus parseNotification(Map<String, String> headers, byte[] body) throws NotificationRejected {
        Settings s = settings;
        if (body == null || body.length == 0) {
            throw new NotificationRejected("empty notification body");
        }
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null) {
                    h.put(k, v);
                }
            });
        }
        String type = h.get("wechatpay-signature-type");
        if (type != null && !PlatformVerifier.SIGNATURE_TYPE.equals(type.trim())) {
            throw new NotificationRejected("unsupported Wechatpay-Signature-Type");
        }
        try {
            s.verifier.verify(h.get("wechatpay-timestamp"), h.get("wechatpay-nonce"), h.get("wechatpay-serial"),
                    h.get("wechatpay-signature"), body, Instant.now());
        } catch (VerificationFailure f) {
            LOG.warn("WeChat Pay notification rejected: {}", f.getMessage());
            throw new NotificationRejected(f.getMessage());
        }
        JsonNode n = readJson(body);
        if (n == null || !n.isObject()) {
            throw rejected("malformed notification JSON");
        }
        if (!"encrypt-resource".equals(n.path("resource_type").asText(null))) {
            throw rejected("unexpected resource_type (expected encrypt-resource)");
        }
        JsonNode resource = n.path("resource");
        if (!resource.isObject()) {
            throw rejected("notification without resource");
        }
        if (!"transaction".equals(resource.path("original_type").asText(null))) {
            String event = n.path("event_type").asText("");
            throw rejected("not a payment notification (event_type " + (SAFE_TOKEN.matcher(event).matches() ? event : "?") + ")");
        }
        if (!"AEAD_AES_256_GCM".equals(resource.path("algorithm").asText(null))) {
            throw rejected("unsupported resource algorithm (expected AEAD_AES_256_GCM)");
        }
        String ciphertext = resource.path("ciphertext").asText(null);
        String nonce = resource.path("nonce").asText(null);
        String aad = resource.path("associated_data").asText("");
        if (ciphertext == null || ciphertext.isEmpty() || nonce == null || nonce.isEmpty()) {
            throw rejected("notification resource without ciphertext or nonce");
        }
        byte[] plaintext = decrypt(s, ciphertext, nonce, aad);
        JsonNode tx;
        try {
            tx = readJson(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        if (tx == null || !tx.isObject()) {
            throw rejected("decrypted resource is not a transaction");
        }
        try {
            ProviderStatus status = toStatus(tx, s, null);
            LOG.info("WeChat Pay notification for order {}: {}", status.outTradeNo(), status.state());
            return status;
        } catch (BadTransaction e) {
            throw rejected(e.getMessage());
        }
    }

    private static NotificationRejected rejected(String message) {
        LOG.warn("WeChat Pay notification rejected: {}", message);
        return new NotificationRejected(message);
    }

    private byte[] decrypt(Settings s, String ciphertext, String nonce, String aad) throws NotificationRejected {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw rejected("malformed ciphertext (not Base64)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, s.apiV3Key, new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw rejected("cannot decrypt the notification (wrong APIv3 key or tampered ciphertext)");
        }
    }

    private JsonNode readJson(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    /** Maps a WeChat Pay Transaction object; checks it belongs to this merchant. */
    private static ProviderStatus toStatus(JsonNode tx, Settings s, String expectedOutTradeNo) throws BadTransaction {
        if (!s.mchid.equals(tx.path("mchid").asText(null)) || !s.appid.equals(tx.path("appid").asText(null))) {
            throw new BadTransaction(false, "MCH_MISMATCH", "transaction of another merchant (mchid/appid differ from the configuration)");
        }
        String no = tx.path("out_trade_no").asText(null);
        if (no == null || no.isBlank()) {
            throw new BadTransaction(true, "BAD_RESPONSE", "transaction without out_trade_no");
        }
        if (expectedOutTradeNo != null && !expectedOutTradeNo.equals(no)) {
            throw new BadTransaction(false, "ORDER_MISMATCH", "transaction of another order");
        }
        String stateName = tx.path("trade_state").asText("");
        TradeState state;
        if ("ACCEPT".equals(stateName)) {
            state = TradeState.USERPAYING; // 已接收，等待扣款: not final, like USERPAYING
        } else {
            try {
                state = TradeState.valueOf(stateName);
            } catch (IllegalArgumentException e) {
                state = null;
            }
            if (state == null || state == TradeState.UNKNOWN_ORDER) {
                throw new BadTransaction(true, "BAD_RESPONSE", "unknown trade_state");
            }
        }
        JsonNode amount = tx.path("amount");
        long fen = -1;
        // the order total, not payer_total: a coupon lowers what the payer paid, not the order
        if (amount.path("total").canConvertToLong()) {
            fen = amount.path("total").asLong();
        } else if (amount.path("payer_total").canConvertToLong()) {
            fen = amount.path("payer_total").asLong();
        }
        Instant successTime = null;
        String success = tx.path("success_time").asText(null);
        if (success != null && !success.isBlank()) {
            try {
                successTime = OffsetDateTime.parse(success).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadTransaction(true, "BAD_RESPONSE", "malformed success_time");
            }
        }
        return new ProviderStatus(no, state, fen, tx.path("transaction_id").asText(null),
                tx.path("trade_state_desc").asText(null), successTime);
    }

    private Response call(Settings s, String method, String pathAndQuery, ObjectNode body, String no) throws ProviderException {
        String text;
        try {
            text = body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
        URI uri = URI.create(s.baseUrl + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(s.requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("Authorization", s.signer.authorization(method, uri, text, Instant.now().getEpochSecond()));
        if (text != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String op = method + " " + uri.getRawPath();
        HttpResponse<byte[]> rsp;
        try {
            rsp = s.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            LOG.warn("WeChat Pay {} (order {}): timeout", op, no);
            throw new ProviderException(true, "TIMEOUT", "WeChat Pay did not answer in time (" + e.getClass().getSimpleName() + ")", e);
        } catch (ConnectException e) {
            LOG.warn("WeChat Pay {} (order {}): cannot connect", op, no);
            throw new ProviderException(true, "IO", "cannot connect to WeChat Pay at " + uri.getHost(), e);
        } catch (IOException e) {
            LOG.warn("WeChat Pay {} (order {}): I/O error {}", op, no, e.getClass().getSimpleName());
            throw new ProviderException(true, "IO", "I/O error talking to WeChat Pay (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(true, "INTERRUPTED", "interrupted while waiting for WeChat Pay", e);
        }
        int status = rsp.statusCode();
        byte[] raw = rsp.body() == null ? new byte[0] : rsp.body();
        LOG.debug("WeChat Pay {} (order {}): HTTP {}", op, no, status);
        if (status >= 500 || status == 429) {
            String code = errorField(raw, "code");
            code = code != null ? code : status == 429 ? "FREQUENCY_LIMITED" : "SYSTEM_ERROR";
            LOG.warn("WeChat Pay {} (order {}): HTTP {} {}", op, no, status, code);
            throw new ProviderException(true, code, "WeChat Pay HTTP " + status + " " + code + detail(errorField(raw, "message")));
        }
        if (status == 401) {
            String code = errorField(raw, "code");
            code = code != null ? code : "SIGN_ERROR";
            LOG.warn("WeChat Pay {} (order {}): HTTP 401 {}", op, no, code);
            throw new ProviderException(false, code, "WeChat Pay refused the request signature (HTTP 401 " + code
                    + "): check mchid, merchant.serial.no, the merchant private key and the kiosk clock");
        }
        if (status < 200 || (status >= 300 && status < 400)) {
            LOG.warn("WeChat Pay {} (order {}): unexpected HTTP {}", op, no, status);
            throw new ProviderException(true, "HTTP_" + status, "unexpected HTTP " + status + " from WeChat Pay");
        }
        try {
            s.verifier.verify(rsp.headers().firstValue("Wechatpay-Timestamp").orElse(null),
                    rsp.headers().firstValue("Wechatpay-Nonce").orElse(null),
                    rsp.headers().firstValue("Wechatpay-Serial").orElse(null),
                    rsp.headers().firstValue("Wechatpay-Signature").orElse(null), raw, Instant.now());
        } catch (VerificationFailure f) {
            LOG.warn("WeChat Pay {} (order {}): HTTP {} answer rejected: {}", op, no, status, f.getMessage());
            throw new ProviderException(true, "SIGNATURE", "WeChat Pay answer not authentic: " + f.getMessage());
        }
        JsonNode node = MissingNode.getInstance();
        if (raw.length > 0) {
            node = readJson(raw);
            if (node == null) {
                LOG.warn("WeChat Pay {} (order {}): HTTP {} answer is not JSON", op, no, status);
                throw new ProviderException(true, "BAD_RESPONSE", "WeChat Pay answer is not JSON (HTTP " + status + ")");
            }
        }
        return new Response(status, node);
    }

    private String errorField(byte[] raw, String field) {
        JsonNode n = raw.length == 0 ? null : readJson(raw);
        String v = n == null ? null : n.path(field).asText(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        if ("code".equals(field) && !SAFE_TOKEN.matcher(v).matches()) {
            return null;
        }
        return v;
    }

    private static ProviderException refusal(Response r, String op, String no) {
        String code = r.code() != null && SAFE_TOKEN.matcher(r.code()).matches() ? r.code() : "HTTP_" + r.status;
        LOG.warn("WeChat Pay {} order {} refused: HTTP {} {}", op, no, r.status, code);
        return new ProviderException(false, code, "WeChat Pay refused " + op + ": " + code + detail(r.message()));
    }

    private static String detail(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String m = message.replaceAll("[\\r\\n\\t]", " ");
        return " (" + (m.length() > 200 ? m.substring(0, 200) + "…" : m) + ")";
    }

    private static String checkOutTradeNo(String no) throws ProviderException {
        if (no == null || !OUT_TRADE_NO.matcher(no).matches()) {
            throw new ProviderException(false, "PARAM_ERROR", "out_trade_no must be 6-32 of 0-9 A-Z a-z _ - | *");
        }
        return no;
    }

    private static String pathSegment(String no) {
        return no.replace("|", "%7C");
    }

    private record Response(int status, JsonNode json) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String code() {
            String c = json.path("code").asText(null);
            return c == null || c.isBlank() ? null : c;
        }

        String message() {
            return json.path("message").asText(null);
        }
    }

    private static final class BadTransaction extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean temporary;
        final String code;

        BadTransaction(boolean temporary, String code, String message) {
            super(message, null, false, false);
            this.temporary = temporary;
            this.code = code;
        }
    }

    /** Everything derived from one configuration; replaced as a whole by {@link #modified}. */
    private static final class Settings {
        final String mchid;
        final String appid;
        final String baseUrl;
        final String notifyUrl;
        final RequestSigner signer;
        final PlatformVerifier verifier;
        final SecretKeySpec apiV3Key;
        final Duration requestTimeout;
        final HttpClient http;

        private Settings(WechatPayConfig c) {
            mchid = required(c.mchid(), "mchid");
            appid = required(c.appid(), "appid");
            String serialNo = required(c.merchant_serial_no(), "merchant.serial.no");
            baseUrl = baseUrl(c.base_url());
            notifyUrl = c.notify_url() == null ? "" : c.notify_url().trim();
            if (c.connect_timeout_ms() <= 0 || c.request_timeout_ms() <= 0 || c.timestamp_window_seconds() <= 0) {
                throw new IllegalArgumentException("WeChat Pay configuration: connect.timeout.ms, request.timeout.ms and "
                        + "timestamp.window.seconds must be positive");
            }
            Duration window = Duration.ofSeconds(c.timestamp_window_seconds());
            PrivateKey merchantKey = KeyFiles.merchantPrivateKey(c.merchant_private_key_file());
            byte[] key = KeyFiles.apiV3Key(c.apiv3_key_file());
            apiV3Key = new SecretKeySpec(key, "AES");
            Arrays.fill(key, (byte) 0);
            String mode = c.platform_mode() == null ? MODE_PUBLIC_KEY : c.platform_mode().trim();
            if (MODE_PUBLIC_KEY.equals(mode)) {
                String id = required(c.platform_public_key_id(), "platform.public.key.id");
                PublicKey pub = KeyFiles.publicKey(c.platform_public_key_file());
                verifier = new PlatformVerifier(id, pub, window);
            } else if (MODE_CERTIFICATE.equals(mode)) {
                X509Certificate cert = KeyFiles.certificate(c.platform_certificate_file());
                String serial = KeyFiles.serialOf(cert);
                String configured = c.platform_certificate_serial() == null ? "" : c.platform_certificate_serial().trim();
                if (!configured.isEmpty() && !configured.equalsIgnoreCase(serial)) {
                    throw new IllegalArgumentException("WeChat Pay configuration: platform.certificate.serial " + configured
                            + " is not the serial of " + c.platform_certificate_file().trim() + " (" + serial + ")");
                }
                try {
                    cert.checkValidity();
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    LOG.warn("WeChat Pay platform certificate {} is outside its validity period (until {}); "
                            + "download the current one or switch to public-key mode", serial, cert.getNotAfter().toInstant());
                }
                verifier = new PlatformVerifier(serial, cert.getPublicKey(), window);
            } else {
                throw new IllegalArgumentException("WeChat Pay configuration: platform.mode must be " + MODE_PUBLIC_KEY
                        + " or " + MODE_CERTIFICATE);
            }
            signer = new RequestSigner(mchid, serialNo, merchantKey);
            requestTimeout = Duration.ofMillis(c.request_timeout_ms());
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(c.connect_timeout_ms()))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            LOG.info("WeChat Pay provider configured: mchid {}, {} mode (serial {}), {}", mchid, mode, verifier.serial(), baseUrl);
        }

        static Settings from(WechatPayConfig c) {
            try {
                return new Settings(c);
            } catch (IllegalArgumentException e) {
                LOG.error("Not started: {}", e.getMessage());
                throw e;
            }
        }

        private static String required(String value, String property) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("WeChat Pay configuration: " + property + " is not set");
            }
            return value.trim();
        }

        private static String baseUrl(String value) {
            String v = required(value, "base.url");
            while (v.endsWith("/")) {
                v = v.substring(0, v.length() - 1);
            }
            URI u;
            try {
                u = URI.create(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("WeChat Pay configuration: base.url is not a URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getRawQuery() != null) {
                throw new IllegalArgumentException("WeChat Pay configuration: base.url must be an https URL without query");
            }
            if (scheme.equals("http") && !("127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()))) {
                LOG.warn("WeChat Pay base.url {} is not https", v);
            }
            return v;
        }
    }
}
