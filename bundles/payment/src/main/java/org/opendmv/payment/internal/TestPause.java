package org.opendmv.payment.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named fault-injection points for crash tests, off unless the JVM was started with
 * {@code -Dopendmv.test.pause.at=<point>}: at that point the thread logs {@code TEST PAUSE <point>}
 * at WARN and sleeps 60 s, so a test can kill -9 the JVM exactly there.
 */
final class TestPause {
    static final String PROPERTY = "opendmv.test.pause.at";
    /** The order row is committed (CREATED); the provider has not been asked yet. */
    static final String BEFORE_PROVIDER_CREATE = "payment.before-provider-create";
    /** The provider said SUCCESS (query or notification); markPaid has not run yet. */
    static final String PAID_BEFORE_APPLY = "payment.paid-before-apply";
    /** The provider placed the order (it can be paid); the stored order is still CREATED. */
    static final String AFTER_PROVIDER_CREATE = "payment.after-provider-create";
    /** markPaid has committed (order PAID, application PAID + SUBMITTED, outbox row); listeners not told yet. */
    static final String PAID_AFTER_APPLY = "payment.paid-after-apply";
    /** An open order is about to be closed at the provider (visit left PAY, expiry or reconciler). */
    static final String BEFORE_CLOSE = "payment.before-close";
    /** The provider confirmed the close; the last query and the stored change have not happened yet. */
    static final String AFTER_CLOSE = "payment.after-close";
    private static final Logger LOG = LoggerFactory.getLogger(TestPause.class);
    static volatile long millis = 60_000;

    private TestPause() {
    }

    static void at(String point) {
        if (!point.equals(System.getProperty(PROPERTY))) {
            return;
        }
        LOG.warn("TEST PAUSE {}", point);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
