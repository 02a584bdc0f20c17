package org.opendmv.business.mvplatereplace.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.opendmv.business.testkit.RuleTesting.TODAY;
import static org.opendmv.business.testkit.RuleTesting.assertEligible;
import static org.opendmv.business.testkit.RuleTesting.assertRefused;
import static org.opendmv.business.testkit.RuleTesting.evaluate;
import static org.opendmv.business.testkit.RuleTesting.vehicle;
import static org.opendmv.business.testkit.RuleTesting.vehicleFacts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Categories;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.testkit.RuleTesting;
import org.opendmv.business.testkit.RuleTesting.VehicleBuilder;
import org.opendmv.records.api.VehicleRecord;

public class PlateReplaceRuleTest {
    private final BusinessDescriptor d = RuleTesting.descriptor("mv-plate-replace");
    private final PlateReplaceRule rule = new PlateReplaceRule();

    private void expect(String code, BusinessDescriptor desc, VehicleRecord v) {
        RuleResult r = evaluate(rule, desc, vehicleFacts(v));
        if (code == null) {
            assertEligible(r);
        } else {
            assertRefused(code, r);
            assertTrue("reason names the plate", r.reason().orElseThrow().zh().contains(v.plate()));
            assertTrue("reason names the plate", r.reason().orElseThrow().en().contains(v.plate()));
        }
    }

    private void expect(String code, VehicleRecord v) {
        expect(code, d, v);
    }

    /** A vehicle of the simulator dataset: registered {@code -<years>y+<days>d}, due {@code +<days>d}. */
    private static VehicleBuilder sim(String plate, int years, int days) {
        return vehicle().plate(plate).registered(TODAY.minusYears(years).plusDays(days)).inspectionDue(TODAY.plusDays(days))
                .insurance(TODAY.plusDays(100)).tax(TODAY.plusDays(100));
    }

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
                Map.entry("reason", List.of("lost", "destroyed")),
                Map.entry("plateSide", List.of("front", "back", "both")),
                Map.entry("tempPlate", List.of("yes", "no")),
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
        assertEquals("补领机动车号牌", d.name().zh());
        assertTrue(d.name().has(LocalizedText.EN));
        assertEquals(Categories.MOTOR_VEHICLE, d.category());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"), d.steps().stream().map(StepSpec::type).toList());
        assertFalse(d.photoNeeded());
        assertEquals(10500, d.feeFen());
        assertEquals(List.of(PlateReplaceRule.ID), d.rules());
        assertEquals("vehicle", d.property("subject", null));
        assertEquals("vehicle", d.property("form.type", null));
        assertEquals("plateNumber", d.property("form.plateField", null));
        assertEquals("号牌 补领", d.property("business.formBox", null));
        assertEquals("CEKLMNOP", d.property("rule.blockedStatus", null));
        assertEquals("5000", d.property("fee.by.plateSide.front", null));
        assertEquals("5000", d.property("fee.by.plateSide.back", null));
        assertEquals("10000", d.property("fee.by.plateSide.both", null));
        assertEquals("500", d.property("fee.by.tempPlate.yes", null));
        LocalizedText notice = d.text("notice").orElseThrow();
        assertTrue(notice.has(LocalizedText.ZH) && notice.has(LocalizedText.EN));

        assertEquals(List.of("plateNumber", "reason", "plateSide", "tempPlate", "delivery", "mobile", "postcode", "address"), d.fields().stream().map(FieldSpec::name).toList());
        FieldSpec plate = d.field("plateNumber").orElseThrow();
        assertEquals(FieldType.PLATE, plate.type());
        assertTrue(plate.required());
        assertEquals("check.plates", plate.prefill().orElseThrow());
        assertEquals("号牌号码", plate.label().zh());
        assertChoice("reason", "lost", "destroyed");
        assertChoice("plateSide", "front", "back", "both");
        assertChoice("tempPlate", "yes", "no");
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
        assertEquals(List.of("id-proof"), d.materials().stream().map(MaterialSpec::code).toList());
        assertTrue(d.materials().get(0).required());
        assertEquals(1, d.materials().get(0).minPages());
        assertEquals(2, d.materials().get(0).maxPages());
    }

    @Test
    public void ownersVehicleIsAccepted() {
        expect(null, vehicle().build());
        // unlike the sticker, type, use and inspection do not matter for a replacement
        expect(null, vehicle().vehicleType("K21").useCode("B").seats(19).registered(TODAY.minusYears(16))
                .inspectionDue(TODAY.minusDays(100)).violations(3).accidents(1).casualty(true).modification(true)
                .insurance(null).tax(null).build());
    }

    @Test
    public void noVehicle() {
        assertRefused("NO_VEHICLE", evaluate(rule, d, vehicleFacts(null)));
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "CEKLMNOP".toCharArray()) {
            expect("VEHICLE_STATUS_" + c, vehicle().status(String.valueOf(c)).build());
        }
        expect("VEHICLE_STATUS_KL", vehicle().status("AKL").build());
        // overdue inspection, pending violations, laid up: the plate or licence can still be replaced
        for (String s : List.of("A", "D", "G", "Q", "AGQ", "")) {
            expect(null, vehicle().status(s).build());
        }
    }

    @Test
    public void simulatorDataset() {
        expect(null, sim("京A12345", 4, 40).insurance(TODAY.plusDays(200)).tax(TODAY.plusDays(200)).build());
        expect(null, sim("京A6789X", 2, 30).vehicleType("K39").seats(7).build());
        expect("VEHICLE_STATUS_K", sim("京C20001", 4, 30).status("K").build());
        // the mv-fleet owner's cars all fail the sticker, but none of that blocks a replacement
        List<VehicleRecord> fleet = List.of(
                sim("京B10001", 2, 30).useCode("B").build(),
                sim("京B10002", 2, 30).vehicleType("K49").seats(7).build(),
                sim("京B10003", 2, 30).plateType("01").vehicleType("K21").seats(19).build(),
                sim("京B10004", 2, 30).vehicleType("K32").seats(10).build(),
                sim("京B10005", 6, 30).build(),
                sim("京B10006", 11, 30).build(),
                sim("京B10007", 4, 150).build(),
                sim("京B10008", 4, 30).violations(2).build(),
                sim("京B10009", 4, 30).accidents(1).build(),
                sim("京B1001A", 4, 30).casualty(true).build(),
                sim("京B1001B", 4, 30).modification(true).build(),
                sim("京B1001C", 4, 30).insurance(TODAY.minusDays(10)).build(),
                sim("京B1001D", 4, 30).tax(null).build(),
                sim("京B1001E", 4, -20).status("Q").build());
        for (VehicleRecord v : fleet) {
            expect(null, v);
        }
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

    /** The engine's contract for answer-dependent fees: the sum of the matching {@code fee.by.<field>.<value>}. */
    private long feeFor(Map<String, String> answers) {
        long sum = 0;
        for (Map.Entry<String, String> e : d.properties().entrySet()) {
            if (e.getKey().startsWith("fee.by.")) {
                String[] fv = e.getKey().substring("fee.by.".length()).split("\\.", 2);
                if (fv[1].equals(answers.get(fv[0]))) {
                    sum += Long.parseLong(e.getValue());
                }
            }
        }
        return sum;
    }

    @Test
    public void feeFollowsTheAnswers() {
        assertEquals(5000, feeFor(Map.of("plateSide", "front", "tempPlate", "no")));
        assertEquals(5500, feeFor(Map.of("plateSide", "back", "tempPlate", "yes")));
        assertEquals(10000, feeFor(Map.of("plateSide", "both", "tempPlate", "no")));
        assertEquals(10500, feeFor(Map.of("plateSide", "both", "tempPlate", "yes")));
        long max = 0;
        for (Map<String, String> a : answerCombinations()) {
            long fee = feeFor(a);
            assertTrue(a.toString(), fee > 0);
            max = Math.max(max, fee);
        }
        // feeFen is the most a visit can cost; it only has to be > 0 for the PAY step to exist
        assertEquals(d.feeFen(), max);
    }

    @Test
    public void feePropertiesNameRealFieldsAndOptions() {
        for (String key : d.properties().keySet()) {
            if (!key.startsWith("fee.by.")) {
                continue;
            }
            String[] fv = key.substring("fee.by.".length()).split("\\.", 2);
            FieldSpec f = d.field(fv[0]).orElseThrow(() -> new AssertionError(key + ": no such field"));
            assertTrue(key, f.options().stream().anyMatch(o -> o.value().equals(fv[1])));
        }
    }

    @Test
    public void blockedLettersComeFromTheDescriptor() {
        expect("VEHICLE_STATUS_Q", RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "CEKLMNOPQ")), vehicle().status("Q").build());
        expect(null, RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "CELMNOP")), vehicle().status("K").build());
        try {
            evaluate(rule, RuleTesting.withProperties(d, Collections.singletonMap("rule.blockedStatus", null)), vehicleFacts(vehicle().build()));
            fail("a missing parameter must not let the citizen through");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("rule.blockedStatus"));
        }
        try {
            evaluate(rule, RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "c-e")), vehicleFacts(vehicle().build()));
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("rule.blockedStatus"));
        }
    }

    @Test
    public void formFieldsRejectBadInput() {
        RuleTesting.assertFieldsRejectBadInput(d);
        FieldSpec plate = d.field("plateNumber").orElseThrow();
        assertTrue(FieldValidation.check(plate, "京I12345").isPresent());
        assertTrue(FieldValidation.check(plate, "ABC").isPresent());
        assertTrue(FieldValidation.check(plate, "京A12345").isEmpty());
    }
}
