package org.opendmv.business.dlreviewpostpone.internal;

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

/**
 * 延期审验 (162号令 art.72 and the delay clause): only when a review is due (large classes, or a
 * fatal accident); once per review; not too long after it was due; at most a few years from the
 * end of the scoring period. Every limit is a descriptor property ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + ReviewPostponeRule.ID)
public final class ReviewPostponeRule extends DriverRule {
    static final String ID = "dl-review-postpone.eligibility";

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
}
