package org.opendmv.payment.wechat.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;

/**
 * Builds the {@code Authorization: WECHATPAY2-SHA256-RSA2048 …} header of a request: SHA256withRSA
 * with the merchant private key over {@code METHOD\nPATH[?QUERY]\nTIMESTAMP\nNONCE\nBODY\n}.
 * The header is a credential: it is never logged.
 */
final class RequestSigner {
    static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
    private static final char[] NONCE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private final String mchid;
    private final String serialNo;
    private final PrivateKey key;
    private final SecureRandom random = new SecureRandom();

    RequestSigner(String mchid, String serialNo, PrivateKey key) {
        this.mchid = mchid;
        this.serialNo = serialNo;
        this.key = key;
    }

    String authorization(String method, URI uri, String body, long timestamp) {
        String nonce = nonce();
        String message = message(method, uri, body, timestamp, nonce);
        return SCHEMA + " mchid=\"" + mchid + "\",nonce_str=\"" + nonce + "\",timestamp=\"" + timestamp
                + "\",serial_no=\"" + serialNo + "\",signature=\"" + sign(message) + "\"";
    }

    static String message(String method, URI uri, String body, long timestamp, String nonce) {
        String url = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return method + "\n" + url + "\n" + timestamp + "\n" + nonce + "\n" + (body == null ? "" : body) + "\n";
    }

    private String sign(String message) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA signing failed: " + e.getClass().getSimpleName());
        }
    }

    private String nonce() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) {
            c[i] = NONCE_CHARS[random.nextInt(NONCE_CHARS.length)];
        }
        return new String(c);
    }
}
