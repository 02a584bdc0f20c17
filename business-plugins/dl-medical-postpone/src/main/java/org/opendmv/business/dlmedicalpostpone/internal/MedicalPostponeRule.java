package org.opendmv.business.dlmedicalpostpone.internal;

import java.util.Map;
import java.time.LocalDate;
import java.util.List;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.IdNumbers;
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
 * 延期提交身体条件证明 (162号令 art.74 and the delay clause): only for drivers who must submit a
 * certificate (the elderly and some classes) and have one due; once per due date; not too long
 * after it was due; at most a few years from the due date. Every limit is a descriptor property
 * ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + MedicalPostponeRule.ID)
public final class MedicalPostponeRule extends DriverRule {
    static final String ID = "dl-medical-postpone.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-medical-postpone.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-medical-postpone.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的状态 / Blocking status letters", description = "状态代码（大写字母）含其一即不予办理。 Status letters (upper case), any of which refuses the business.")
        String rule_blockedStatus();

        @AttributeDefinition(name = "已延期状态 / Already-postponed status letters", description = "表示已办理过延期的状态代码。 Status letters meaning a postponement was already granted.")
        String rule_alreadyPostponedStatus();

        @AttributeDefinition(name = "高龄年龄 / Elder age", description = "达到此年龄适用高龄规定。 From this age the elder rules apply.", type = AttributeType.INTEGER, min = "50", max = "100")
        int rule_elderAge();

        @AttributeDefinition(name = "须提交体检证明的车型 / Classes needing a health certificate", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_certificateClasses();

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
        int elderAge = p.integer("rule.elderAge");
        List<String> certificateClasses = p.codes("rule.certificateClasses");
        int maxLateMonths = p.integer("rule.maxLateMonths");
        int years = p.integer("rule.maxPostponeYears");

        if (d.hasAnyStatus(postponed)) {
            return Refusals.refuse("ALREADY_POSTPONED", "您已办理过延期提交身体条件证明。",
                    "The submission of your health certificate has already been postponed.",
                    "请在延期期满前到医院体检并提交身体条件证明；如有疑问，请到人工窗口咨询。",
                    "Please have a health check and submit the certificate before the postponement ends; if in doubt, ask at a service counter.");
        }
        LocalDate today = ctx.today();
        LocalDate birth = birthDate(ctx);
        boolean elder = birth != null && Dates.age(birth, today) >= elderAge;
        boolean certificateClass = d.classes().stream().anyMatch(certificateClasses::contains);
        if (!(elder || certificateClass) || d.medicalDue() == null) {
            return Refusals.refuse("NOT_REQUIRED", "根据您的驾驶证记录，您目前无需提交身体条件证明，因此不需要办理延期。",
                    "According to your licence record you do not need to submit a health certificate now, so there is nothing to postpone.",
                    "年满" + elderAge + "周岁或持有" + String.join("、", certificateClasses)
                            + "准驾车型的驾驶人才需按期提交。如您认为记录有误，请到人工窗口咨询。",
                    "Only drivers aged " + elderAge + " or over, or holding class " + String.join(", ", certificateClasses)
                            + ", submit one regularly. If you think your record is wrong, please ask at a service counter.");
        }
        RuleResult status = blockedStatus(d, blocked);
        if (!status.isEligible()) {
            return status;
        }
        LocalDate closes = d.medicalDue().plusMonths(maxLateMonths);
        if (today.isAfter(closes)) {
            return Refusals.refuse("TOO_LATE",
                    "您的身体条件证明应于" + Dates.zh(d.medicalDue()) + "前提交，已超过" + maxLateMonths + "个月，不能再申请延期。",
                    "Your health certificate was due by " + Dates.en(d.medicalDue()) + ", more than " + maxLateMonths
                            + " months ago, so it can no longer be postponed.",
                    "请到人工窗口咨询；逾期未提交身体条件证明的驾驶证可能已被注销，窗口可为您办理恢复驾驶资格等手续。",
                    "Please ask at a service counter; a licence whose health certificate is overdue may have been cancelled, and staff can help you restore it.");
        }
        return PostponeAnswers.check(ctx, d.medicalDue().plusYears(years), years, "身体条件证明应提交",
                "your health certificate was due");
    }

    /** From the ID card; the ID number encodes it too, for a session that lacks the card fact. */
    private static LocalDate birthDate(RuleContext ctx) {
        return ctx.fact(Facts.BIRTH_DATE, LocalDate.class)
                .orElseGet(() -> ctx.fact(Facts.ID_NUMBER, String.class).map(IdNumbers::birthDate).orElse(null));
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus", "rule.alreadyPostponedStatus");
    }
}
