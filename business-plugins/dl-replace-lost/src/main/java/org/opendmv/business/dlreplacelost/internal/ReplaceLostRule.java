package org.opendmv.business.dlreplacelost.internal;

import java.util.Map;
import java.util.List;
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
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * 遗失补领 (162号令 art.69): not while the licence is 暂扣/扣押/扣留 (law) or revoked/cancelled,
 * and not once it has been expired so long that renewal or restoration is the way. The blocked
 * letters and the expiry limit are descriptor properties ({@code rule.*}). At FORM, the reason
 * "other" needs an explanation.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + ReplaceLostRule.ID)
public final class ReplaceLostRule extends DriverRule {
    static final String ID = "dl-replace-lost.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-replace-lost.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-replace-lost.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的状态 / Blocking status letters", description = "状态代码（大写字母）含其一即不予办理。 Status letters (upper case), any of which refuses the business.")
        String rule_blockedStatus();

        @AttributeDefinition(name = "过期最多月数 / Months expired at most", description = "证件过期超过此月数不予办理。 Expired for more months than this refuses.", type = AttributeType.INTEGER, min = "0", max = "120")
        int rule_maxExpiredMonths();
    }

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

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus");
    }
}
