package org.opendmv.business.api.spi;

import java.util.List;
import java.util.Map;
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

    /**
     * Format checks on this rule's parameters that its metatype cannot express (e.g. that a value
     * is a string of upper-case status letters). {@code effective} holds every {@code rule.*}
     * property as the next visit would see it (Config Admin over descriptor over rule default).
     * Range and type checks come from the rule's metatype ({@code org.opendmv.rule.<id>}); only
     * add what it cannot say. Called at deploy time and on every configuration change.
     *
     * @return one line per problem, naming the key ({@code "rule.blockedStatus must be upper-case status letters"}); empty when fine
     * @since 1.3
     */
    default List<String> checkParameters(Map<String, String> effective) {
        return List.of();
    }
}
