package org.opendmv.payment.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Orders for application fees. Thread-safe. */
@ProviderType
public interface PaymentService {
    /**
     * Creates an order for the application and asks the provider for a QR code. Calling it again
     * for the same serial while an order is still open returns that order: one application is
     * never charged twice.
     *
     * @throws PaymentException if the provider cannot be reached (the order stays CREATED and is retried)
     */
    PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt);

    Optional<PaymentOrder> find(String outTradeNo);

    /** Orders of one application, oldest first. */
    List<PaymentOrder> forSerial(String serial);

    /** Asks the provider for the current state and records it. */
    PaymentOrder query(String outTradeNo);

    /** Closes an unpaid order (then queries once: a payment that raced the close is kept). */
    PaymentOrder close(String outTradeNo);

    void addListener(PaymentListener listener);

    void removeListener(PaymentListener listener);
}
