package org.opendmv.business.mvlicencereplace.internal;

import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.rules.VehicleRule;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;

/**
 * 补领行驶证 (164号令 art.52): the owner of a vehicle whose status does not block it (stolen,
 * deregistered, sealed, detained, due for scrapping, hit-and-run, locked: {@code rule.blockedStatus}).
 * Overdue inspection (Q) or pending violations (G) do not stop a replacement. The form answers
 * (reason, delivery) need nothing beyond field validation.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + LicenceReplaceRule.ID)
public final class LicenceReplaceRule extends VehicleRule {
    static final String ID = "mv-licence-replace.eligibility";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, VehicleRecord v, RuleParams p) {
        return blockedStatus(v, p.letters("rule.blockedStatus"));
    }
}
