package org.opendmv.business.dlrenewal.internal;

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

/**
 * 期满换证 (162号令 art.63): status not blocked; inside the window before expiry or not too long
 * after it; a recent electronic health check; the age limits of 172号令 for large classes (63)
 * and of art.65 for 70+. Every limit is a descriptor property ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + RenewalRule.ID)
public final class RenewalRule extends DriverRule {
    static final String ID = "dl-renewal.eligibility";

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
}
