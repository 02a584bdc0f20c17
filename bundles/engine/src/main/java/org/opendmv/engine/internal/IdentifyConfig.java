package org.opendmv.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV identification step",
        description = "ID card checks and face comparison (人证比对) at the start of every visit")
public @interface IdentifyConfig {
    @AttributeDefinition(name = "Match threshold", description = "Minimum 1:1 similarity between the live face and the chip photo (0-1)", min = "0", max = "1")
    double match_threshold() default 0.80;

    @AttributeDefinition(name = "Liveness attempts", description = "Face checks a citizen may try before being sent to a counter", min = "1", max = "10")
    int liveness_attempts() default 3;

    @AttributeDefinition(name = "Passed pause (ms)", description = "How long the citizen sees that the face check passed before the visit moves on; 0 for benchmarks", min = "0", max = "10000")
    int passed_pause_ms() default 1500;

    @AttributeDefinition(name = "Retry pause (ms)", description = "How long a failed face check is shown (with Try again) before the camera looks again by itself", min = "1000", max = "60000")
    int retry_pause_ms() default 6000;

    @AttributeDefinition(name = "Liveness required", description = "Off only for deployments where staff check identity in person")
    boolean liveness_required() default true;
}
