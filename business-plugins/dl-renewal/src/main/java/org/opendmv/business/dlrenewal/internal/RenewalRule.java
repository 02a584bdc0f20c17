package org.opendmv.business.dlrenewal.internal;

import java.util.Map;
import java.util.List;
import java.time.LocalDate;

import org.opendmv.business.api.Facts;
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
 * 期满换证 (162号令 art.63): status not blocked; inside the window before expiry or not too long
 * after it; a recent electronic health check; the age limits of 172号令 for large classes (63)
 * and of art.65 for 70+. Every limit is a descriptor property ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + RenewalRule.ID)
public final class RenewalRule extends DriverRule {
    static final String ID = "dl-renewal.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-renewal.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-renewal.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的状态 / Blocking status letters", description = "状态代码（大写字母）含其一即不予办理。 Status letters (upper case), any of which refuses the business.")
        String rule_blockedStatus();

        @AttributeDefinition(name = "提前办理天数 / Days before expiry", description = "有效期满前多少天起可以办理。 How many days before expiry the business opens.", type = AttributeType.INTEGER, min = "0", max = "365")
        int rule_windowDaysBefore();

        @AttributeDefinition(name = "逾期最多月数 / Months after expiry at most", description = "有效期满后多少个月内可以办理。 How many months after expiry the business stays open.", type = AttributeType.INTEGER, min = "0", max = "120")
        int rule_lateMonthsMax();

        @AttributeDefinition(name = "体检有效月数 / Health check validity in months", description = "体检须在此月数以内。 The health check must be at most this many months old.", type = AttributeType.INTEGER, min = "1", max = "60")
        int rule_medicalMaxMonths();

        @AttributeDefinition(name = "大中型车型 / Large-vehicle classes", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_largeClasses();

        @AttributeDefinition(name = "大中型车型年龄上限 / Age limit for large classes", description = "达到此年龄的申请人不能保留大中型车型。 From this age large classes cannot be kept.", type = AttributeType.INTEGER, min = "18", max = "100")
        int rule_largeClassMaxAge();

        @AttributeDefinition(name = "高龄年龄 / Elder age", description = "达到此年龄适用高龄规定。 From this age the elder rules apply.", type = AttributeType.INTEGER, min = "50", max = "100")
        int rule_elderAge();

        @AttributeDefinition(name = "高龄不能持有的车型 / Classes barred at elder age", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_elderBlockedClasses();
    }

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
        LocalDate today = ctx.today();
        if (d.validUntil() == null) {
            return Refusals.refuse("LONG_TERM", "您的驾驶证为长期有效，无需办理期满换证。",
                    "Your licence does not expire, so it needs no renewal.",
                    "如需补领或换领，请选择相应业务。", "To replace a lost or damaged licence, choose that service instead.");
        }
        LocalDate opens = d.validUntil().minusDays(p.integer("rule.windowDaysBefore"));
        if (today.isBefore(opens)) {
            return Refusals.refuse("TOO_EARLY",
                    "您的驾驶证有效期至" + Dates.zh(d.validUntil()) + "，可在" + Dates.zh(opens) + "起申请期满换证。",
                    "Your licence is valid until " + Dates.en(d.validUntil()) + "; renewal opens on " + Dates.en(opens) + ".",
                    "请在可办理日期后再来。", "Please come back from that date.");
        }
        LocalDate closes = d.validUntil().plusMonths(p.integer("rule.lateMonthsMax"));
        if (today.isAfter(closes)) {
            return Refusals.refuse("EXPIRED_TOO_LONG",
                    "您的驾驶证已于" + Dates.zh(d.validUntil()) + "过期，超过了自助换证的期限。",
                    "Your licence expired on " + Dates.en(d.validUntil()) + ", too long ago to renew at the kiosk.",
                    "请到人工窗口办理；超过一年未换证的驾驶证将被注销，可在两年内申请恢复。",
                    "Please go to a service counter; a licence not renewed within a year is cancelled and can be restored within two years.");
        }
        LocalDate medicalSince = today.minusMonths(p.integer("rule.medicalMaxMonths"));
        if (d.lastMedical() == null || d.lastMedical().isBefore(medicalSince)) {
            return Refusals.refuse("NO_RECENT_MEDICAL",
                    "未查询到您近" + p.integer("rule.medicalMaxMonths") + "个月内的体检信息。",
                    "No health check from the last " + p.integer("rule.medicalMaxMonths") + " months was found.",
                    "请先到具有资质的医院或体检机构体检，医院上传体检信息后再来办理。",
                    "Please have a health check at a qualified hospital; once it has uploaded the result, come back.");
        }
        LocalDate birth = ctx.fact(Facts.BIRTH_DATE, LocalDate.class).orElse(null);
        if (birth != null) {
            int age = Dates.age(birth, today);
            if (age >= p.integer("rule.largeClassMaxAge") && d.classes().stream().anyMatch(p.codes("rule.largeClasses")::contains)) {
                return Refusals.refuse("AGE_LARGE_CLASS",
                        "您已年满" + p.integer("rule.largeClassMaxAge") + "周岁，持有的大中型准驾车型（" + d.classesText() + "）不能直接期满换证。",
                        "At " + p.integer("rule.largeClassMaxAge") + " or older, a licence with large-vehicle classes (" + d.classesText() + ") cannot simply be renewed.",
                        "请到人工窗口办理“达到规定年龄换证”（换为C1或C2），或经体检和“三力”测试后申请延长。",
                        "Please go to a service counter to exchange it for C1 or C2, or to apply for an extension after a health and ability test.");
            }
            if (age >= p.integer("rule.elderAge") && d.classes().stream().anyMatch(p.codes("rule.elderBlockedClasses")::contains)) {
                return Refusals.refuse("AGE_ELDER_CLASS",
                        "您已年满" + p.integer("rule.elderAge") + "周岁，不能继续持有准驾车型（" + d.classesText() + "）中的部分车型。",
                        "At " + p.integer("rule.elderAge") + " or older, some of your classes (" + d.classesText() + ") can no longer be held.",
                        "请到人工窗口办理换证，窗口将为您换发适合的准驾车型。",
                        "Please go to a service counter; staff will issue a licence with the classes you may keep.");
            }
        }
        return RuleResult.eligible();
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus");
    }
}
