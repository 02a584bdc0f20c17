package ${package}.internal;

import java.time.LocalDate;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.Dates;
import org.opendmv.business.rules.Refusals;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.rules.VehicleRule;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The eligibility rule of ${businessCode}: the applicant owns the vehicle, its status does not
 * block the business, and the applicant is at least {@code rule.minAge} years old.
 *
 * <p>The CHECK step runs it once per vehicle the applicant owns; the vehicles that pass are
 * offered on the form. Its parameters are declared in {@link Parameters}: the descriptor's
 * {@code properties} set them, and Config Admin (PID {@code org.opendmv.business.${businessCode}})
 * changes them live for the next visit.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + EligibilityRuleImpl.ID)
public final class EligibilityRuleImpl extends VehicleRule {
    /** The id the descriptor lists under {@code rules}. */
    static final String ID = "${businessCode}.eligibility";

    /**
     * The parameters this rule reads. bnd writes them to {@code OSGI-INF/metatype/} (no
     * {@code @Designate}: the kiosk gives each business its own configuration PID).
     * {@code rule_minAge} is the property key {@code rule.minAge}.
     */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "${businessCode} eligibility",
            description = "Parameters of the eligibility rule of ${businessCode}")
    @interface Parameters {
        @AttributeDefinition(name = "Minimum age (最低年龄)", min = "16", max = "100",
                description = "The applicant must be at least this old (whole years, 16..100)")
        int rule_minAge() default 18;

        @AttributeDefinition(name = "Blocking vehicle status letters (不可办理的机动车状态)",
                description = "Vehicle status codes that refuse the business, e.g. CEKLMNOP (stolen, deregistered, sealed ...)")
        String rule_blockedStatus() default "CEKLMNOP";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, VehicleRecord vehicle, RuleParams params) {
        RuleResult blocked = blockedStatus(vehicle, params.letters("rule.blockedStatus", "CEKLMNOP"));
        if (!blocked.isEligible()) {
            return blocked;
        }
        int minAge = params.integer("rule.minAge", 18);
        LocalDate birth = ctx.fact(Facts.BIRTH_DATE, LocalDate.class).orElse(null);
        if (birth != null && Dates.age(birth, ctx.today()) < minAge) {
            return Refusals.refuse("UNDER_MIN_AGE",
                    "申请人须年满" + minAge + "周岁才能在自助机办理此业务。",
                    "The applicant must be at least " + minAge + " years old to do this at the kiosk.",
                    "请到人工窗口咨询办理。", "Please ask at a service counter.");
        }
        return RuleResult.eligible();
    }
}
