package org.opendmv.business.mvlicenceexchange.internal;

import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.rules.VehicleRule;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;

/**
 * 换领行驶证 (164号令 art.52, damaged licence): the owner of a vehicle whose status does not block
 * it ({@code rule.blockedStatus}). The damaged licence is a scanned material; the delivery answer
 * needs nothing beyond field validation.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + LicenceExchangeRule.ID)
public final class LicenceExchangeRule extends VehicleRule {
    static final String ID = "mv-licence-exchange.eligibility";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, VehicleRecord v, RuleParams p) {
        return blockedStatus(v, p.letters("rule.blockedStatus"));
    }
}
