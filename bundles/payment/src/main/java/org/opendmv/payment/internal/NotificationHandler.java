package org.opendmv.payment.internal;

import java.util.Map;
import org.opendmv.payment.spi.NotificationRejected;

/** What the notify servlet needs from the payment core (an internal service of this bundle). */
public interface NotificationHandler {
    /**
     * Verifies a provider's notification and applies it like a query result.
     *
     * @throws IllegalArgumentException for a provider that is not running here
     * @throws NotificationRejected     if the provider does not accept it as authentic
     * @throws IllegalStateException    if the store cannot be reached (the provider should retry)
     */
    void notification(String provider, Map<String, String> headers, byte[] body) throws NotificationRejected;
}
