package org.opendmv.business.dlrenewalpostpone.internal;

import java.util.Map;
import java.util.List;
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
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * 延期换证 (162号令, delay clause): once only; while the licence is valid or not too long after
 * expiry; at most a few years from the expiry date. Every limit is a descriptor property
 * ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + RenewalPostponeRule.ID)
public final class RenewalPostponeRule extends DriverRule {
    static final String ID = "dl-renewal-postpone.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-renewal-postpone.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-renewal-postpone.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的状态 / Blocking status letters", description = "状态代码（大写字母）含其一即不予办理。 Status letters (upper case), any of which refuses the business.")
        String rule_blockedStatus();

        @AttributeDefinition(name = "已延期状态 / Already-postponed status letters", description = "表示已办理过延期的状态代码。 Status letters meaning a postponement was already granted.")
        String rule_alreadyPostponedStatus();

        @AttributeDefinition(name = "过期最多月数 / Months expired at most", description = "证件过期超过此月数不予办理。 Expired for more months than this refuses.", type = AttributeType.INTEGER, min = "0", max = "120")
        int rule_maxExpiredMonths();

        @AttributeDefinition(name = "最长延期年数 / Longest postponement in years", description = "可延期的最长年数。 The longest postponement, in years.", type = AttributeType.INTEGER, min = "1", max = "10")
        int rule_maxPostponeYears();
    }

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

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus", "rule.alreadyPostponedStatus");
    }
}
