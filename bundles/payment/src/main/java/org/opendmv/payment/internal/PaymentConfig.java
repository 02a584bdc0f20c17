package org.opendmv.payment.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV payment",
        description = "Stored payment orders: which provider takes new orders, how open orders are polled and reconciled")
@interface PaymentConfig {
    @AttributeDefinition(name = "Provider", description = "payment.provider of the provider that takes new orders (sim, wechat)")
    String provider() default "sim";

    @AttributeDefinition(name = "First poll (ms)", description = "Delay of the first query after the QR code is shown; doubles after each query", min = "10")
    long poll_initial_ms() default 1000;

    @AttributeDefinition(name = "Longest poll interval (ms)", description = "The doubling stops here", min = "10")
    long poll_max_ms() default 8000;

    @AttributeDefinition(name = "Notify base URL", description = "Public URL of this kiosk's /payment/notify path as the provider reaches it "
            + "(e.g. https://pay.example.gov.cn/payment/notify); the provider id is appended. Empty: the provider's own notify_url setting")
    String notify_base_url() default "";

    @AttributeDefinition(name = "Reconcile interval (s)", description = "How often every open order is asked for again; also done when a provider "
            + "appears. 0 turns reconciliation off (tests only)", min = "0")
    long reconcile_interval_s() default 300;

    @AttributeDefinition(name = "Unknown-order grace (s)", description = "After a create call of this run (in flight, or ended less than this ago), "
            + "the provider's \"unknown order\" is not taken as proof that the order can never be paid: the call may still land", min = "0")
    long unknown_order_grace_s() default 60;
}
