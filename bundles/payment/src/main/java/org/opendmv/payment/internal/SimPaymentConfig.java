package org.opendmv.payment.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "OpenDMV simulated payment",
        description = "Embedded payment provider for demos, training and tests: shows a QR code and pays itself")
@interface SimPaymentConfig {
    @AttributeDefinition(name = "Pay after (ms)", description = "How long after the QR code is shown the simulated citizen pays", min = "0")
    int pay_after_ms() default 3000;

    @AttributeDefinition(name = "Outcome", options = {
        @Option(value = "PAY", label = "The citizen pays"),
        @Option(value = "FAIL", label = "The payment fails (PAYERROR)"),
        @Option(value = "NEVER", label = "Nobody pays; the order expires")})
    String outcome() default "PAY";
}
