package org.opendmv.business.dldowngrade.internal;

import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.Dates;
import org.opendmv.business.rules.DriverRule;
import org.opendmv.business.rules.LicenceClasses;
import org.opendmv.business.rules.Refusals;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.records.api.DriverRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * 自愿降低准驾车型 (162号令, after art.65): a valid licence in good standing, fewer points than
 * the limit, and a target class the held classes already permit (FLOWS §1.0 table). The
 * table, the excluded targets (C5: family-car policy only), the allowed status letters and the
 * points limit are descriptor properties ({@code rule.*}). At FORM the chosen
 * {@code targetClass} is checked against the same set.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + DowngradeRule.ID)
public final class DowngradeRule extends DriverRule {
    static final String ID = "dl-downgrade.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-downgrade.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-downgrade.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "准驾车型表 / Class table", description = "每个车型可降为的车型，如 A1:A3 B1;C1:C2。 For each class, the classes it can become, e.g. A1:A3 B1;C1:C2.")
        String rule_permits();

        @AttributeDefinition(name = "不可申请的车型 / Excluded target classes", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_excludedTargets();

        @AttributeDefinition(name = "允许办理的状态 / Allowed status letters", description = "只有这些状态代码可以办理。 Only these status letters may use the business.")
        String rule_allowedStatus();

        @AttributeDefinition(name = "最高记分 / Highest points", description = "记分不超过此值方可办理。 Points at most this value.", type = AttributeType.INTEGER, min = "0", max = "12")
        int rule_maxPoints();

        @AttributeDefinition(name = "大中型车型 / Large-vehicle classes", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_largeClasses();

        @AttributeDefinition(name = "大中型车型年龄上限 / Age limit for large classes", description = "达到此年龄的申请人不能保留大中型车型。 From this age large classes cannot be kept.", type = AttributeType.INTEGER, min = "18", max = "100")
        int rule_largeClassMaxAge();

        @AttributeDefinition(name = "高龄年龄 / Elder age", description = "达到此年龄适用高龄规定。 From this age the elder rules apply.", type = AttributeType.INTEGER, min = "50", max = "100")
        int rule_elderAge();

        @AttributeDefinition(name = "高龄不能持有的车型 / Classes barred at elder age", description = "以空格或逗号分隔。 Separated by spaces or commas.")
        String rule_elderBlockedClasses();
    }

    static final String TARGET_FIELD = "targetClass";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, DriverRecord d, RuleParams p) {
        String allowed = p.letters("rule.allowedStatus");
        String notAllowed = notAmong(d.status(), allowed);
        if (!notAllowed.isEmpty()) {
            return Refusals.driverStatus(notAllowed);
        }
        int maxPoints = p.integer("rule.maxPoints");
        if (d.points() >= maxPoints) {
            return Refusals.refuse("POINTS_LIMIT",
                    "您本记分周期的记分已达" + d.points() + "分，不能办理降低准驾车型。",
                    "You have " + d.points() + " points in the current scoring period, so you cannot downgrade your licence.",
                    "请先按规定参加学习和考试，恢复正常状态后再来办理。",
                    "Please complete the required study and test first, then come back.");
        }
        Set<String> targets = targets(ctx.business(), d, p);
        ctx.fact(Facts.BIRTH_DATE, java.time.LocalDate.class).ifPresent(birth -> targets.removeAll(barredByAge(Dates.age(birth, ctx.today()), p)));
        if (targets.isEmpty()) {
            return Refusals.refuse("NO_LOWER_CLASS",
                    "您的准驾车型（" + d.classesText() + "）已无可降低的车型。",
                    "Your licence class (" + d.classesText() + ") has no lower class to change to.",
                    "如需注销驾驶证，请选择“自愿注销驾驶证”；其他情况请到人工窗口咨询。",
                    "To give up your licence, choose voluntary cancellation; otherwise please ask at a service counter.");
        }
        if (d.validUntil() != null && d.validUntil().isBefore(ctx.today())) {
            return Refusals.refuse("LICENCE_EXPIRED",
                    "您的驾驶证已于" + Dates.zh(d.validUntil()) + "过期，不能办理降低准驾车型。",
                    "Your licence expired on " + Dates.en(d.validUntil()) + ", so it cannot be downgraded.",
                    "请先办理期满换证，再申请降低准驾车型。",
                    "Please renew your licence first, then apply for the downgrade.");
        }
        String target = ctx.fact(Facts.FORM_PREFIX + TARGET_FIELD, String.class).orElse(null);
        // absent at CHECK: the form has not been filled in yet
        if (target != null && !targets.contains(target.strip())) {
            return RuleResult.invalidField(TARGET_FIELD, "TARGET_NOT_PERMITTED", LocalizedText.of(
                    "您的驾驶证（" + d.classesText() + "）不能降为" + target.strip() + "。可选：" + String.join("、", targets),
                    "Your licence (" + d.classesText() + ") cannot be changed to " + target.strip() + ". You may choose: "
                            + String.join(", ", targets)));
        }
        return RuleResult.eligible();
    }

    /**
     * Classes the licence may be downgraded to, in code order: what the held classes permit, minus
     * the held ones and the excluded ones, and (so the citizen is never offered nothing) only
     * those the form's target field offers.
     */
    static Set<String> targets(BusinessDescriptor b, DriverRecord d, RuleParams p) {
        LicenceClasses table;
        try {
            table = LicenceClasses.parse(p.text("rule.permits"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("business " + b.code() + ": descriptor property 'rule.permits' is not a class table: "
                    + e.getMessage());
        }
        Set<String> out = new TreeSet<>(table.permitted(d.classes()));
        out.removeAll(d.classes());
        out.removeAll(p.codes("rule.excludedTargets"));
        List<String> offered = b.field(TARGET_FIELD).map(FieldSpec::options).orElse(List.of()).stream()
                .map(ChoiceOption::value).toList();
        if (!offered.isEmpty()) {
            out.retainAll(offered);
        }
        return out;
    }

    /**
     * Classes a driver of this age may not hold (172号令 art.65: large classes from 63, some from 70):
     * a voluntary downgrade must not lead there.
     */
    static Set<String> barredByAge(int age, RuleParams p) {
        Set<String> barred = new TreeSet<>();
        if (age >= p.integer("rule.largeClassMaxAge")) {
            barred.addAll(p.codes("rule.largeClasses"));
        }
        if (age >= p.integer("rule.elderAge")) {
            barred.addAll(p.codes("rule.elderBlockedClasses"));
        }
        return barred;
    }

    /** The letters of {@code status} that are not in {@code allowed}, e.g. "D" for "D" with "A". */
    private static String notAmong(String status, String allowed) {
        StringBuilder b = new StringBuilder();
        for (char c : status.toCharArray()) {
            if (allowed.indexOf(c) < 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.allowedStatus");
    }
}
