package org.opendmv.business.rules;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.records.api.VehicleRecord;

/**
 * Base of vehicle rules. The CHECK step asks once per vehicle the applicant owns (fact
 * {@link Facts#VEHICLE}); the vehicles that pass are offered on the form.
 */
public abstract class VehicleRule implements EligibilityRule {
    @Override
    public final RuleResult evaluate(RuleContext ctx) {
        VehicleRecord v = ctx.fact(Facts.VEHICLE, VehicleRecord.class).orElse(null);
        if (v == null) {
            return Refusals.noVehicle();
        }
        return evaluate(ctx, v, RuleParams.of(ctx.business()));
    }

    protected abstract RuleResult evaluate(RuleContext ctx, VehicleRecord vehicle, RuleParams params);

    protected static RuleResult blockedStatus(VehicleRecord v, String blocked) {
        String hit = v.statusAmong(blocked);
        return hit.isEmpty() ? RuleResult.eligible() : Refusals.vehicleStatus(v.plate(), hit);
    }
}
