package org.opendmv.payment.wechat.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Verifies what WeChat Pay signs (responses and notifications): the {@code Wechatpay-Serial} must
 * name the configured WeChat Pay public key id or platform certificate serial, the
 * {@code Wechatpay-Timestamp} must lie within the window around now, and {@code Wechatpay-Signature}
 * must be SHA256withRSA over {@code TIMESTAMP\nNONCE\nBODY\n} of the raw body bytes.
 */
final class PlatformVerifier {
    static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";

    /** Why a signed message was refused; the message is safe to log and to show to staff. */
    static final class VerificationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        VerificationFailure(String message) {
            super(message, null, false, false);
        }
    }

    private final String serial;
    private final PublicKey key;
    private final Duration window;

    PlatformVerifier(String serial, PublicKey key, Duration window) {
        this.serial = serial;
        this.key = key;
        this.window = window;
    }

    String serial() {
        return serial;
    }

    void verify(String timestamp, String nonce, String serialHeader, String signature, byte[] body, Instant now)
            throws VerificationFailure {
        if (timestamp == null || timestamp.isBlank()) {
            throw new VerificationFailure("missing Wechatpay-Timestamp header");
        }
        if (nonce == null || nonce.isBlank()) {
            throw new VerificationFailure("missing Wechatpay-Nonce header");
        }
        if (signature == null || signature.isBlank()) {
            throw new VerificationFailure("missing Wechatpay-Signature header");
        }
        if (serialHeader == null || serialHeader.isBlank()) {
            throw new VerificationFailure("missing Wechatpay-Serial header");
        }
        if (!serial.equalsIgnoreCase(serialHeader.trim())) {
            throw new VerificationFailure("unknown Wechatpay-Serial (not the configured WeChat Pay public key id or platform certificate serial)");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new VerificationFailure("Wechatpay-Timestamp is not a number");
        }
        long skew = seconds - now.getEpochSecond();
        if (skew < -window.getSeconds()) {
            throw new VerificationFailure("stale Wechatpay-Timestamp (more than " + window.getSeconds() + " s old; replayed?)");
        }
        if (skew > window.getSeconds()) {
            throw new VerificationFailure("Wechatpay-Timestamp in the future (more than " + window.getSeconds() + " s ahead)");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            throw new VerificationFailure("signature does not verify (not Base64)");
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(body.length + 64);
        message.writeBytes((timestamp.trim() + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
        message.writeBytes(body);
        message.write('\n');
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(message.toByteArray());
            if (!s.verify(sig)) {
                throw new VerificationFailure("signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new VerificationFailure("signature does not verify");
        }
    }
}
