package org.opendmv.business.mvplateexchange.internal;

import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.rules.VehicleRule;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;

/**
 * 换领号牌 (164号令 art.51, damaged plate): the owner of a vehicle whose status does not block it
 * ({@code rule.blockedStatus}). Every combination of answers is acceptable (a temporary plate can be
 * posted too); the fee follows the answers through the descriptor's {@code fee.by.*} properties.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + PlateExchangeRule.ID)
public final class PlateExchangeRule extends VehicleRule {
    static final String ID = "mv-plate-exchange.eligibility";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, VehicleRecord v, RuleParams p) {
        return blockedStatus(v, p.letters("rule.blockedStatus"));
    }
}
