package org.opendmv.business.mvlicenceexchange.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.opendmv.business.testkit.RuleTesting.assertEligible;
import static org.opendmv.business.testkit.RuleTesting.evaluate;
import static org.opendmv.business.testkit.RuleTesting.vehicle;
import static org.opendmv.business.testkit.RuleTesting.vehicleFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.rules.OwnedVehicleRule;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Categories;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.testkit.OwnedVehicleChecks;
import org.opendmv.business.testkit.RuleTesting;

public class LicenceExchangeRuleTest {
    private final BusinessDescriptor d = RuleTesting.descriptor("mv-licence-exchange");
    private final OwnedVehicleRule rule = new OwnedVehicleRule();

    private void assertChoice(String name, String... values) {
        FieldSpec f = d.field(name).orElseThrow();
        assertEquals(name, FieldType.CHOICE, f.type());
        assertTrue(name, f.required());
        assertEquals(name, List.of(values), f.options().stream().map(ChoiceOption::value).toList());
    }

    /** Every combination of the choice answers. */
    private static List<Map<String, String>> answerCombinations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> field : List.of(
                Map.entry("delivery", List.of("onsite", "mail")))) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : field.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(field.getKey(), value);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    @Test
    public void descriptorFollowsTheSeed() {
        assertEquals("换领机动车行驶证", d.name().zh());
        assertTrue(d.name().has(LocalizedText.EN));
        assertEquals(Categories.MOTOR_VEHICLE, d.category());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"), d.steps().stream().map(StepSpec::type).toList());
        assertFalse(d.photoNeeded());
        assertEquals(1000, d.feeFen());
        assertEquals(List.of(OwnedVehicleRule.ID), d.rules());
        assertEquals("vehicle", d.property("subject", null));
        assertEquals("vehicle-plate", d.form().orElseThrow().kind());
        assertEquals("plateNumber", d.property("form.plateField", null));
        assertEquals(java.util.List.of("vp.licence.exchange"), d.form().orElseThrow().tick());
        assertEquals("CEKLMNOP", d.property("rule.blockedStatus", null));
        LocalizedText notice = d.text("notice").orElseThrow();
        assertTrue(notice.has(LocalizedText.ZH) && notice.has(LocalizedText.EN));

        assertEquals(List.of("plateNumber", "delivery", "mobile", "postcode", "address"), d.fields().stream().map(FieldSpec::name).toList());
        FieldSpec plate = d.field("plateNumber").orElseThrow();
        assertEquals(FieldType.PLATE, plate.type());
        assertTrue(plate.required());
        assertEquals("check.plates", plate.prefill().orElseThrow());
        assertEquals("号牌号码", plate.label().zh());
        assertChoice("delivery", "onsite", "mail");
        assertEquals(FieldType.MOBILE, d.field("mobile").orElseThrow().type());
        assertEquals("records.driver.mobile", d.field("mobile").orElseThrow().prefill().orElseThrow());
        assertEquals("records.driver.postcode", d.field("postcode").orElseThrow().prefill().orElseThrow());
        assertEquals("records.driver.address|idcard.address", d.field("address").orElseThrow().prefill().orElseThrow());
        assertEquals(70, d.field("address").orElseThrow().maxLength());
        for (FieldSpec f : d.fields()) {
            assertTrue(f.name(), f.required());
            assertTrue(f.name(), f.label().has(LocalizedText.ZH) && f.label().has(LocalizedText.EN));
            f.options().forEach(o -> assertTrue(o.value(), o.label().has(LocalizedText.ZH) && o.label().has(LocalizedText.EN)));
        }
        assertEquals(List.of("damaged-licence"), d.materials().stream().map(MaterialSpec::code).toList());
        assertTrue(d.materials().get(0).required());
        assertEquals(1, d.materials().get(0).minPages());
        assertEquals(2, d.materials().get(0).maxPages());
    }

    @Test
    public void ownersVehicleIsAccepted() {
        OwnedVehicleChecks.ownersVehicleIsAccepted(rule, d);
    }

    @Test
    public void noVehicle() {
        OwnedVehicleChecks.noVehicle(rule, d);
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        OwnedVehicleChecks.everyBlockedStatusLetterRefuses(rule, d);
    }

    @Test
    public void simulatorDataset() {
        OwnedVehicleChecks.simulatorDataset(rule, d);
    }

    @Test
    public void everyAnswerCombinationIsAccepted() {
        for (Map<String, String> answers : answerCombinations()) {
            Map<String, Object> f = vehicleFacts(vehicle().build());
            f.put("form.plateNumber", "京A12345");
            answers.forEach((k, v) -> f.put("form." + k, v));
            assertEligible(evaluate(rule, d, f));
        }
    }

    @Test
    public void blockedLettersComeFromTheDescriptor() {
        OwnedVehicleChecks.blockedLettersComeFromTheDescriptor(rule, d);
    }

    @Test
    public void formFieldsRejectBadInput() {
        RuleTesting.assertFieldsRejectBadInput(d);
        FieldSpec plate = d.field("plateNumber").orElseThrow();
        assertTrue(FieldValidation.check(plate, "京I12345").isPresent());
        assertTrue(FieldValidation.check(plate, "ABC").isPresent());
        assertTrue(FieldValidation.check(plate, "京A12345").isEmpty());
    }

    /** What the kiosk checks at deploy time: every declared parameter set, typed and in range; no stray rule.* key. */
    @Test
    public void parametersAreDeclared() {
        RuleTesting.assertParametersDeclared(d, rule);
    }
}
