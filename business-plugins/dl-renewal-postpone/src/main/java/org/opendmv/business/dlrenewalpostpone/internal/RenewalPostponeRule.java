package org.opendmv.business.dlrenewalpostpone.internal;

import java.time.LocalDate;

import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.Dates;
import org.opendmv.business.rules.DriverRule;
import org.opendmv.business.rules.Refusals;
import org.opendmv.business.rules.PostponeAnswers;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.records.api.DriverRecord;
import org.osgi.service.component.annotations.Component;

/**
 * 延期换证 (162号令, delay clause): once only; while the licence is valid or not too long after
 * expiry; at most a few years from the expiry date. Every limit is a descriptor property
 * ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + RenewalPostponeRule.ID)
public final class RenewalPostponeRule extends DriverRule {
    static final String ID = "dl-renewal-postpone.eligibility";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, DriverRecord d, RuleParams p) {
        // read every parameter first: a descriptor mistake must never depend on who is asking
        String postponed = p.letters("rule.alreadyPostponedStatus");
        String blocked = p.letters("rule.blockedStatus");
        int maxExpiredMonths = p.integer("rule.maxExpiredMonths");
        int years = p.integer("rule.maxPostponeYears");

        if (d.hasAnyStatus(postponed)) {
            return Refusals.refuse("ALREADY_POSTPONED", "您的驾驶证已办理过延期换证，延期换证只能办理一次。",
                    "The renewal of your licence has already been postponed; this can be done only once.",
                    "请在延期期满前到车管所办理期满换证；如有疑问，请到人工窗口咨询。",
                    "Please renew your licence before the postponement ends; if in doubt, ask at a service counter.");
        }
        RuleResult status = blockedStatus(d, blocked);
        if (!status.isEligible()) {
            return status;
        }
        if (d.validUntil() == null) {
            return Refusals.refuse("LONG_TERM", "您的驾驶证为长期有效，无需换证，也就无需延期换证。",
                    "Your licence does not expire, so there is no renewal to postpone.",
                    "如需延期审验或延期提交身体条件证明，请选择相应业务。",
                    "To postpone a review or a health certificate, choose that service instead.");
        }
        LocalDate today = ctx.today();
        if (today.isAfter(d.validUntil().plusMonths(maxExpiredMonths))) {
            return Refusals.refuse("EXPIRED_TOO_LONG",
                    "您的驾驶证已于" + Dates.zh(d.validUntil()) + "过期，超过" + maxExpiredMonths + "个月，不能再申请延期换证。",
                    "Your licence expired on " + Dates.en(d.validUntil()) + ", more than " + maxExpiredMonths
                            + " months ago, so its renewal can no longer be postponed.",
                    "请到人工窗口咨询；超过有效期一年以上未换证的驾驶证将被注销，注销后两年内可申请恢复驾驶资格。",
                    "Please ask at a service counter; a licence not renewed within a year of expiry is cancelled and can be restored within two years.");
        }
        return PostponeAnswers.check(ctx, d.validUntil().plusYears(years), years, "驾驶证有效期满", "your licence expires");
    }
}
