package org.opendmv.business.dlreplacelost.internal;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.Dates;
import org.opendmv.business.rules.DriverRule;
import org.opendmv.business.rules.Refusals;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.records.api.DriverRecord;
import org.osgi.service.component.annotations.Component;

/**
 * 遗失补领 (162号令 art.69): not while the licence is 暂扣/扣押/扣留 (law) or revoked/cancelled,
 * and not once it has been expired so long that renewal or restoration is the way. The blocked
 * letters and the expiry limit are descriptor properties ({@code rule.*}). At FORM, the reason
 * "other" needs an explanation.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + ReplaceLostRule.ID)
public final class ReplaceLostRule extends DriverRule {
    static final String ID = "dl-replace-lost.eligibility";
    static final String REASON_OTHER = "other";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, DriverRecord d, RuleParams p) {
        RuleResult blocked = blockedStatus(d, p.letters("rule.blockedStatus"));
        if (!blocked.isEligible()) {
            return blocked;
        }
        int months = p.integer("rule.maxExpiredMonths");
        if (d.validUntil() != null && ctx.today().isAfter(d.validUntil().plusMonths(months))) {
            return Refusals.refuse("EXPIRED_TOO_LONG",
                    "您的驾驶证已于" + Dates.zh(d.validUntil()) + "过期，超过" + months + "个月，不能补领。",
                    "Your licence expired on " + Dates.en(d.validUntil()) + ", more than " + months + " months ago, so it cannot be replaced.",
                    "请到人工窗口办理；超过一年未换证的驾驶证将被注销，可在两年内申请恢复驾驶资格。",
                    "Please go to a service counter; a licence not renewed within a year is cancelled and can be restored within two years.");
        }
        // answers are only there at FORM
        String reason = answer(ctx, "reason");
        if (REASON_OTHER.equals(reason) && answer(ctx, "reasonDetail") == null) {
            return RuleResult.invalidField("reasonDetail", "REASON_DETAIL_REQUIRED", LocalizedText.of(
                    "补证原因选择“其他”时，请说明具体原因。", "Please say what happened when the reason is Other."));
        }
        return RuleResult.eligible();
    }

    private static String answer(RuleContext ctx, String field) {
        String v = ctx.fact(Facts.FORM_PREFIX + field, String.class).map(String::strip).orElse("");
        return v.isEmpty() ? null : v;
    }
}
