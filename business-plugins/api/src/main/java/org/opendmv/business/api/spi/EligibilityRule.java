package org.opendmv.business.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An eligibility check that data alone cannot express, run at the CHECK step for every
 * business whose descriptor lists its {@link #id()}. Register as an OSGi service; the engine
 * picks it up and drops it dynamically. A business whose rule is missing is refused politely
 * ("暂不可办理"), never let through.
 */
@ConsumerType
public interface EligibilityRule {
    /** Service property naming the rule; must equal {@link #id()}. */
    String RULE_ID = "rule.id";

    /** Id referenced from descriptors' {@code rules} list. */
    String id();

    /** Decide for this applicant. Must not block for long and must not log personal data. */
    RuleResult evaluate(RuleContext context);
}
