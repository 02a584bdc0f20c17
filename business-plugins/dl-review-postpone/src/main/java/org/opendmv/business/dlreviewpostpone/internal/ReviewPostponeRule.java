package org.opendmv.business.dlreviewpostpone.internal;

import java.util.Map;
import java.time.LocalDate;
import java.util.List;

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
 * 延期审验 (162号令 art.72 and the delay clause): only when a review is due (large classes, or a
 * fatal accident); once per review; not too long after it was due; at most a few years from the
 * end of the scoring period. Every limit is a descriptor property ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + ReviewPostponeRule.ID)
public final class ReviewPostponeRule extends DriverRule {
    static final String ID = "dl-review-postpone.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-review-postpone.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-review-postpone.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的状态 / Blocking status letters", description = "状态代码（大写字母）含其一即不予办理。 Status letters (upper case), any of which refuses the business.")
        String rule_blockedStatus();

        @AttributeDefinition(name = "已延期状态 / Already-postponed status letters", description = "表示已办理过延期的状态代码。 Status letters meaning a postponement was already granted.")
        String rule_alreadyPostponedStatus();

        @AttributeDefinition(name = "须审验的车型 / Classes needing a review", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_reviewClasses();

        @AttributeDefinition(name = "最多逾期月数 / Months late at most", description = "逾期超过此月数不予办理。 More months late than this refuses.", type = AttributeType.INTEGER, min = "0", max = "120")
        int rule_maxLateMonths();

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
        List<String> reviewClasses = p.codes("rule.reviewClasses");
        int maxLateMonths = p.integer("rule.maxLateMonths");
        int years = p.integer("rule.maxPostponeYears");

        if (d.hasAnyStatus(postponed)) {
            return Refusals.refuse("ALREADY_POSTPONED", "您已办理过延期审验。",
                    "Your review has already been postponed.",
                    "请在延期期满前参加审验；如有疑问，请到人工窗口咨询。",
                    "Please attend the review before the postponement ends; if in doubt, ask at a service counter.");
        }
        boolean reviewClass = d.classes().stream().anyMatch(reviewClasses::contains);
        if (d.reviewDue() == null || !(reviewClass || d.fatalAccident())) {
            return Refusals.refuse("NOT_REQUIRED", "根据您的驾驶证记录，您目前没有需要参加的审验，因此不需要办理延期审验。",
                    "According to your licence record no review is due, so there is nothing to postpone.",
                    "持有" + String.join("、", reviewClasses) + "准驾车型且记分周期内有记分，或发生死亡事故负同等以上责任的驾驶人才需审验。"
                            + "如您认为记录有误，请到人工窗口咨询。",
                    "Only holders of classes " + String.join(", ", reviewClasses)
                            + " with points in the scoring period, or drivers with equal or greater liability for a fatal accident, are reviewed."
                            + " If you think your record is wrong, please ask at a service counter.");
        }
        RuleResult status = blockedStatus(d, blocked);
        if (!status.isEligible()) {
            return status;
        }
        if (ctx.today().isAfter(d.reviewDue().plusMonths(maxLateMonths))) {
            return Refusals.refuse("TOO_LATE",
                    "您应于" + Dates.zh(d.reviewDue()) + "前参加审验，已超过" + maxLateMonths + "个月，不能再申请延期审验。",
                    "Your review was due by " + Dates.en(d.reviewDue()) + ", more than " + maxLateMonths
                            + " months ago, so it can no longer be postponed.",
                    "请到人工窗口参加审验或咨询办理。",
                    "Please attend the review at a service counter, or ask there what to do.");
        }
        // the law counts from the end of the scoring period; the due date stands in when that is unknown
        if (d.cycleEnd() != null) {
            return PostponeAnswers.check(ctx, d.cycleEnd().plusYears(years), years, "记分周期结束", "your scoring period ends");
        }
        return PostponeAnswers.check(ctx, d.reviewDue().plusYears(years), years, "审验到期", "your review was due");
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus", "rule.alreadyPostponedStatus");
    }
}
