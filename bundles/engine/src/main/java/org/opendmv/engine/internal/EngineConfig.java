package org.opendmv.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV engine", description = "Visit time limits and business upgrades")
public @interface EngineConfig {
    @AttributeDefinition(name = "Visit limit (s)", description = "Whole-visit limit; the visit is abandoned after it", min = "10")
    int visit_limit_seconds() default 1200;

    @AttributeDefinition(name = "Default step idle timeout (s)", description = "Used when neither the business nor the step type sets one", min = "5")
    int default_idle_seconds() default 120;

    @AttributeDefinition(name = "Idle warning (s)", description = "How long before abandoning the citizen is asked 还在吗？", min = "0")
    int idle_warning_seconds() default 20;

    @AttributeDefinition(name = "Idle time scale (%)", description = "Scales every step's idle countdown: 150 gives elderly citizens half as much time again; small values are for rehearsals and tests", min = "1", max = "1000")
    int idle_scale_percent() default 100;

    @AttributeDefinition(name = "Concurrent visits", description = "A kiosk serves one citizen; more are for the console and tests", min = "1")
    int max_sessions() default 4;

    @AttributeDefinition(name = "Upgrade grace (s)", description = "When the last version of a business leaves, its visits in progress wait this long for a version to come back (an in-place update) before they end with 该业务已暂停办理; 0 ends them at once", min = "0", max = "600")
    int upgrade_grace_seconds() default 10;
}
