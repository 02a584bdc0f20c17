package org.opendmv.payment.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One payment provider, registered as an OSGi service with the property
 * {@value #PROVIDER} (e.g. {@code sim}, {@code wechat}). Calls may block on the network: the core
 * never calls a provider while holding a lock a citizen is waiting on. Implementations keep no
 * order state of their own and never log secrets or personal data.
 */
@ConsumerType
public interface PaymentProvider {
    /** Service property naming the provider; the core's configuration chooses one by this name. */
    String PROVIDER = "payment.provider";

    /** Same value as the {@value #PROVIDER} service property. */
    String id();

    /**
     * Places a Native (QR code) order and returns the text to show as a QR code (code_url).
     * Placing the same out_trade_no again with the same content must not create a second charge.
     */
    String createNative(OrderRequest request) throws ProviderException;

    /** The provider's view of an order; {@link TradeState#UNKNOWN_ORDER} if it has never seen it. */
    ProviderStatus query(String outTradeNo) throws ProviderException;

    /** Closes an unpaid order. Closing an already closed order is not an error. */
    void close(String outTradeNo) throws ProviderException;

    /**
     * Asks for a full or partial refund of a paid order. Asking again with the same out_refund_no
     * and the same content must not refund twice (the core repeats a request whose answer was lost).
     */
    RefundResult refund(RefundRequest request) throws ProviderException;

    /**
     * The provider's view of a refund asked for earlier (WeChat Pay: {@code GET
     * /v3/refund/domestic/refunds/{out_refund_no}}). The core follows a PROCESSING refund with this
     * until it is SUCCESS, CLOSED or ABNORMAL.
     *
     * @param outTradeNo  the refunded order
     * @param outRefundNo the refund number given to {@link #refund}
     * @throws ProviderException with code {@value #REFUND_NOT_FOUND} (not temporary) if the provider has
     *                           never seen that refund; the default implementation throws one with code
     *                           {@value #QUERY_NOT_SUPPORTED}
     * @since 1.1
     */
    default RefundResult queryRefund(String outTradeNo, String outRefundNo) throws ProviderException {
        throw new ProviderException(false, QUERY_NOT_SUPPORTED, "provider '" + id() + "' cannot query refunds");
    }

    /** {@link ProviderException#code()} of {@link #queryRefund} for a refund the provider does not know. */
    String REFUND_NOT_FOUND = "RESOURCE_NOT_EXISTS";

    /** {@link ProviderException#code()} of a provider without {@link #queryRefund}. */
    String QUERY_NOT_SUPPORTED = "NOT_SUPPORTED";

    /**
     * Verifies (signature, timestamp window, merchant) and decrypts a notification the provider
     * sent to the kiosk's notify URL.
     *
     * @param headers HTTP request headers, names lower-cased
     * @param body    the raw request body, exactly as received
     * @throws NotificationRejected if it is not authentic, stale, or cannot be decrypted
     */
    ProviderStatus parseNotification(Map<String, String> headers, byte[] body) throws NotificationRejected;
}
