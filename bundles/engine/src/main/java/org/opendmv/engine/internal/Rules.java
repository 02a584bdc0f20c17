package org.opendmv.engine.internal;

import java.time.LocalDate;
import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a business's rules in descriptor order; the first refusal wins. A missing or failing rule refuses politely. */
final class Rules {
    private static final Logger LOG = LoggerFactory.getLogger(Rules.class);

    private Rules() {
    }

    static RuleResult evaluate(BusinessDescriptor b, Map<String, EligibilityRule> available, Map<String, Object> facts, LocalDate today) {
        RuleContext rc = new RuleContext(b, facts, today);
        for (String id : b.rules()) {
            EligibilityRule rule = available.get(id);
            if (rule == null) {
                LOG.warn("Business {}: rule {} is not available; refusing", b.code(), id);
                return unavailable("RULE_MISSING");
            }
            RuleResult r;
            try {
                r = rule.evaluate(rc);
            } catch (RuntimeException e) {
                // a descriptor mistake (missing rule parameter) or a rule bug: never let the citizen through
                LOG.error("Business {}: rule {} failed: {}", b.code(), id, e.getMessage());
                return unavailable("RULE_FAILED");
            }
            if (r == null) {
                LOG.error("Business {}: rule {} returned null", b.code(), id);
                return unavailable("RULE_FAILED");
            }
            if (!r.isEligible()) {
                return r;
            }
        }
        return RuleResult.eligible();
    }

    static RuleResult unavailable(String code) {
        return RuleResult.refuse(code, LocalizedText.of("该业务暂不能在自助机办理。", "This service is temporarily unavailable at the kiosk."),
                LocalizedText.of("请到人工窗口办理，或联系工作人员。", "Please go to a service counter or ask staff."));
    }
}
