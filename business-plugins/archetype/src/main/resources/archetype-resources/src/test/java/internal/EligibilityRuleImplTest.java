package ${package}.internal;

import static org.junit.Assert.assertEquals;
import static org.opendmv.business.testkit.RuleTesting.assertEligible;
import static org.opendmv.business.testkit.RuleTesting.assertRefused;
import static org.opendmv.business.testkit.RuleTesting.evaluate;
import static org.opendmv.business.testkit.RuleTesting.vehicle;
import static org.opendmv.business.testkit.RuleTesting.vehicleFacts;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.testkit.RuleTesting;

/** The descriptor as the kiosk reads it, and the rule against synthetic records (no kiosk needed). */
public class EligibilityRuleImplTest {
    private final BusinessDescriptor d = RuleTesting.descriptor("${businessCode}");
    private final EligibilityRuleImpl rule = new EligibilityRuleImpl();

    @Test
    public void descriptorIsReadByTheKioskAndNamesTheRule() {
        assertEquals("${businessCode}", d.code());
        assertEquals(List.of(EligibilityRuleImpl.ID), d.rules());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "SIGN", "PAY", "RECEIPT"), d.steps().stream().map(StepSpec::type).toList());
        assertEquals("18", d.property("rule.minAge", null));
    }

    @Test
    public void theDescriptorSetsTheRulesParametersAsTheKioskChecksAtDeploy() {
        RuleTesting.assertParametersDeclared(d, rule);
    }

    @Test
    public void theOwnersVehicleIsAccepted() {
        assertEligible(evaluate(rule, d, vehicleFacts(vehicle().build())));
    }

    @Test
    public void noVehicleIsRefused() {
        assertRefused("NO_VEHICLE", evaluate(rule, d, vehicleFacts(null)));
    }

    @Test
    public void aStolenVehicleIsRefused() {
        assertRefused("VEHICLE_STATUS_C", evaluate(rule, d, vehicleFacts(vehicle().status("C").build())));
    }

    @Test
    public void theMinimumAgeIsAParameter() {
        // the synthetic applicant was born on 1985-04-12: 41 on RuleTesting.TODAY
        BusinessDescriptor strict = RuleTesting.withProperties(d, Map.of("rule.minAge", "60"));
        assertRefused("UNDER_MIN_AGE", evaluate(rule, strict, vehicleFacts(vehicle().build())));
        BusinessDescriptor lenient = RuleTesting.withProperties(d, Map.of("rule.minAge", "41"));
        assertEligible(evaluate(rule, lenient, vehicleFacts(vehicle().build())));
    }

    @Test
    public void formFieldsRejectBadInput() {
        RuleTesting.assertFieldsRejectBadInput(d);
    }
}
