package org.opendmv.payment.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Told whenever an order changes state. Must return quickly. */
@ConsumerType
@FunctionalInterface
public interface PaymentListener {
    void changed(PaymentOrder order);
}
