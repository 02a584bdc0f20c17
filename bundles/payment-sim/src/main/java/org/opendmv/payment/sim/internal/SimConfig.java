package org.opendmv.payment.sim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "OpenDMV simulated payment provider",
        description = "Payment provider for demos, training and tests (payment.provider=sim): a QR code that pays itself")
@interface SimConfig {
    @AttributeDefinition(name = "Pay after (ms)", description = "How long after the QR code is shown the simulated citizen pays (PAY) or fails (FAIL)", min = "0")
    int pay_after_ms() default 3000;

    @AttributeDefinition(name = "Outcome", options = {
        @Option(value = "PAY", label = "The citizen pays"),
        @Option(value = "FAIL", label = "The payment fails (PAYERROR)"),
        @Option(value = "NEVER", label = "Nobody pays; the order expires"),
        @Option(value = "LATE", label = "The citizen pays just after the order expired (before it is closed): the core's last query must keep it")})
    String outcome() default "PAY";

    @AttributeDefinition(name = "Refund outcome", description = "What happens to a refund: SUCCESS at once, or PROCESSING for pay_after_ms "
            + "and then SUCCESS, ABNORMAL or CLOSED (the core follows it with the refund query)", options = {
        @Option(value = "SUCCESS", label = "Refunded at once"),
        @Option(value = "PROCESSING", label = "PROCESSING, then SUCCESS"),
        @Option(value = "ABNORMAL", label = "PROCESSING, then ABNORMAL (the money could not be returned)"),
        @Option(value = "CLOSED", label = "PROCESSING, then CLOSED (nothing returned; may be refunded again)")})
    String refund_outcome() default "SUCCESS";

    @AttributeDefinition(name = "State file", description = "Where the simulated provider keeps its orders so that they survive a restart, "
            + "as a real provider's would (crash tests). Empty: ${karaf.data}/payment-sim/orders.txt inside Karaf, nowhere outside it")
    String state_file() default "";
}
