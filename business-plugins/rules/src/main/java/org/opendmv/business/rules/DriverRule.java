package org.opendmv.business.rules;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.records.api.DriverRecord;

/** Base of driving-licence rules: refuses when the applicant holds no licence, then delegates. */
public abstract class DriverRule implements EligibilityRule {
    @Override
    public final RuleResult evaluate(RuleContext ctx) {
        DriverRecord d = ctx.fact(Facts.DRIVER, DriverRecord.class).orElse(null);
        if (d == null) {
            return Refusals.noLicence();
        }
        return evaluate(ctx, d, RuleParams.of(ctx.business()));
    }

    /** Decide for a licence holder. {@code params} are the descriptor's {@code rule.*} properties. */
    protected abstract RuleResult evaluate(RuleContext ctx, DriverRecord driver, RuleParams params);

    /** Shared first check: refuse if the licence carries one of the blocked status letters. */
    protected static RuleResult blockedStatus(DriverRecord d, String blocked) {
        String hit = d.statusAmong(blocked);
        return hit.isEmpty() ? RuleResult.eligible() : Refusals.driverStatus(hit);
    }
}
