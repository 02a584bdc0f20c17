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

    RefundResult refund(RefundRequest request) throws ProviderException;

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
