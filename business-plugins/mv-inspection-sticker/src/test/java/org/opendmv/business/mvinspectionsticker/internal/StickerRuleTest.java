package org.opendmv.business.mvinspectionsticker.internal;

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

import java.time.LocalDate;
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

public class StickerRuleTest {
    private final BusinessDescriptor d = RuleTesting.descriptor("mv-inspection-sticker");
    private final StickerRule rule = new StickerRule();

    private RuleResult run(BusinessDescriptor desc, VehicleRecord v) {
        return evaluate(rule, desc, vehicleFacts(v));
    }

    private void expect(String code, VehicleRecord v) {
        expect(code, d, v);
    }

    private void expect(String code, BusinessDescriptor desc, VehicleRecord v) {
        RuleResult r = run(desc, v);
        if (code == null) {
            assertEligible(r);
        } else {
            assertRefused(code, r);
            assertTrue("reason names the plate: " + r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains(v.plate()));
            assertTrue(r.reason().orElseThrow().en(), r.reason().orElseThrow().en().contains(v.plate()));
        }
    }

    /** A fleet car of the simulator: registered {@code -<years>y+<days>d}, due {@code +<days>d}. */
    private static VehicleBuilder fleet(String plate, int years, int days) {
        return vehicle().plate(plate).registered(TODAY.minusYears(years).plusDays(days)).inspectionDue(TODAY.plusDays(days))
                .insurance(TODAY.plusDays(100)).tax(TODAY.plusDays(100));
    }

    @Test
    public void descriptorFollowsTheSeed() {
        assertEquals("免检车辆申领检验合格标志", d.name().zh());
        assertEquals(Categories.MOTOR_VEHICLE, d.category());
        // the seed shows a photo upload, but a sticker carries no photo
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertFalse(d.photoNeeded());
        assertEquals(0, d.feeFen());
        assertEquals(List.of(StickerRule.ID), d.rules());
        assertEquals("vehicle", d.property("subject", null));
        assertEquals("vehicle-plate", d.form().orElseThrow().kind());
        assertEquals("plateNumber", d.property("form.plateField", null));
        assertEquals(java.util.List.of("vp.sticker.apply"), d.form().orElseThrow().tick());
        assertTrue(d.text("notice").orElseThrow().has(LocalizedText.EN));

        assertEquals(List.of("plateNumber", "where", "mobile", "postcode", "address"), d.fields().stream().map(FieldSpec::name).toList());
        FieldSpec plate = d.field("plateNumber").orElseThrow();
        assertEquals(FieldType.PLATE, plate.type());
        assertTrue(plate.required());
        assertEquals("check.plates", plate.prefill().orElseThrow());
        assertEquals("号牌号码", plate.label().zh());
        FieldSpec where = d.field("where").orElseThrow();
        assertEquals(FieldType.CHOICE, where.type());
        assertTrue(where.required());
        assertEquals(List.of("local", "elsewhere"), where.options().stream().map(ChoiceOption::value).toList());
        for (FieldSpec f : d.fields()) {
            assertTrue(f.name(), f.label().has(LocalizedText.ZH) && f.label().has(LocalizedText.EN));
            f.options().forEach(o -> assertTrue(o.value(), o.label().has(LocalizedText.ZH) && o.label().has(LocalizedText.EN)));
        }
        assertEquals(70, d.field("address").orElseThrow().maxLength());

        assertEquals(List.of("vehicle-licence", "insurance"), d.materials().stream().map(MaterialSpec::code).toList());
        MaterialSpec licence = d.materials().get(0);
        assertTrue(licence.required());
        assertEquals(1, licence.minPages());
        assertEquals(2, licence.maxPages());
        MaterialSpec insurance = d.materials().get(1);
        assertFalse(insurance.required());
        assertEquals(3, insurance.maxPages());

        Map<String, String> rules = new LinkedHashMap<>();
        d.properties().forEach((k, v) -> {
            if (k.startsWith("rule.")) {
                rules.put(k, v);
            }
        });
        assertEquals(Map.of("rule.allowedStatus", "A", "rule.useCodes", "A", "rule.vehicleTypePrefixes", "K3 K4",
                "rule.excludedVehicleTypes", "K39 K49", "rule.maxSeats", "9", "rule.stickerYears", "2 4 8",
                "rule.maxYears", "10", "rule.windowMonths", "3"), rules);
    }

    @Test
    public void exemptCarsInsideTheWindowAreAccepted() {
        expect(null, vehicle().build());
        expect(null, vehicle().registered(TODAY.minusYears(2).plusDays(30)).inspectionDue(TODAY.plusDays(30)).build());
        expect(null, vehicle().registered(TODAY.minusYears(8).plusDays(30)).inspectionDue(TODAY.plusDays(30)).build());
        expect(null, vehicle().vehicleType("K41").build());
        expect(null, vehicle().vehicleType("K31").seats(9).build());
    }

    @Test
    public void noVehicle() {
        assertRefused("NO_VEHICLE", run(d, null));
    }

    @Test
    public void simulatorOwnerAdultMaleGetsOnlyTheCar() {
        expect(null, vehicle().plate("京A12345").build());
        expect("VAN_EXCLUDED", vehicle().plate("京A6789X").vehicleType("K39").seats(7)
                .registered(TODAY.minusYears(2).plusDays(30)).inspectionDue(TODAY.plusDays(30))
                .insurance(TODAY.plusDays(100)).tax(TODAY.plusDays(100)).build());
    }

    @Test
    public void simulatorSeizedCarIsRefused() {
        expect("VEHICLE_STATUS_K", fleet("京C20001", 4, 30).status("K").build());
    }

    /** Every vehicle of the simulator's mv-fleet owner fails for the reason in its "covers" note. */
    @Test
    public void simulatorFleetFailsEachForItsOwnReason() {
        expect("NOT_NON_OPERATING", fleet("京B10001", 2, 30).useCode("B").build());
        expect("VAN_EXCLUDED", fleet("京B10002", 2, 30).vehicleType("K49").seats(7).build());
        expect("NOT_SMALL_PASSENGER", fleet("京B10003", 2, 30).plateType("01").vehicleType("K21").seats(19).build());
        expect("TOO_MANY_SEATS", fleet("京B10004", 2, 30).vehicleType("K32").seats(10).build());
        expect("NEEDS_ON_SITE_INSPECTION", fleet("京B10005", 6, 30).build());
        expect("TOO_OLD", fleet("京B10006", 11, 30).build());
        expect("TOO_EARLY", fleet("京B10007", 4, 150).insurance(TODAY.plusDays(200)).tax(TODAY.plusDays(200)).build());
        expect("UNPROCESSED_VIOLATIONS", fleet("京B10008", 4, 30).violations(2).build());
        expect("UNPROCESSED_ACCIDENTS", fleet("京B10009", 4, 30).accidents(1).build());
        expect("CASUALTY_ACCIDENT", fleet("京B1001A", 4, 30).casualty(true).build());
        expect("ILLEGAL_MODIFICATION", fleet("京B1001B", 4, 30).modification(true).build());
        expect("INSURANCE_INVALID", fleet("京B1001C", 4, 30).insurance(TODAY.minusDays(10)).build());
        expect("TAX_UNPAID", fleet("京B1001D", 4, 30).tax(null).build());
        expect("VEHICLE_STATUS_Q", fleet("京B1001E", 4, -20).status("Q").build());
    }

    @Test
    public void statusMustBeNormal() {
        for (char c : "BCDEGHJKLMNOPQ".toCharArray()) {
            expect("VEHICLE_STATUS_" + c, vehicle().status(String.valueOf(c)).build());
        }
        // only the letters that are not allowed are named
        expect("VEHICLE_STATUS_G", vehicle().status("AG").build());
        expect("VEHICLE_STATUS_UNKNOWN", vehicle().status("").build());
    }

    @Test
    public void operatingVehicle() {
        expect("NOT_NON_OPERATING", vehicle().useCode("B").build());
        expect("NOT_NON_OPERATING", vehicle().useCode(null).build());
    }

    @Test
    public void vansAndOtherTypes() {
        expect("VAN_EXCLUDED", vehicle().vehicleType("K39").build());
        expect("VAN_EXCLUDED", vehicle().vehicleType("K49").build());
        expect("NOT_SMALL_PASSENGER", vehicle().vehicleType("K11").build());
        expect("NOT_SMALL_PASSENGER", vehicle().vehicleType("H31").build());
        expect("NOT_SMALL_PASSENGER", vehicle().vehicleType(null).build());
    }

    @Test
    public void seats() {
        expect(null, vehicle().seats(9).build());
        expect("TOO_MANY_SEATS", vehicle().seats(10).build());
    }

    @Test
    public void cycleYears() {
        for (int y : new int[] {6, 10}) {
            expect("NEEDS_ON_SITE_INSPECTION", vehicle().registered(TODAY.minusYears(y).plusDays(40)).build());
        }
        expect("TOO_OLD", vehicle().registered(TODAY.minusYears(11).plusDays(40)).build());
        RuleResult r = run(d, vehicle().registered(TODAY.minusYears(6).plusDays(40)).build());
        assertTrue(r.advice().orElseThrow().zh(), r.advice().orElseThrow().zh().contains("检验机构"));
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("第6年"));
    }

    @Test
    public void cycleYearIsRoundedToTheNearestYear() {
        LocalDate due = TODAY.plusDays(40);
        // 10 years 5 months: year 10, an on-site inspection but not "too old"
        expect("NEEDS_ON_SITE_INSPECTION", vehicle().registered(due.minusYears(10).minusMonths(5)).inspectionDue(due).build());
        expect("TOO_OLD", vehicle().registered(due.minusYears(10).minusMonths(6)).inspectionDue(due).build());
        expect(null, vehicle().registered(due.minusYears(4).plusMonths(5)).inspectionDue(due).build());
    }

    @Test
    public void windowOpensMonthsBeforeTheDueDate() {
        LocalDate due = TODAY.plusMonths(3);
        expect(null, vehicle().registered(due.minusYears(4)).inspectionDue(due).build());
        LocalDate later = due.plusDays(1);
        expect("TOO_EARLY", vehicle().registered(later.minusYears(4)).inspectionDue(later).build());
        RuleResult r = run(d, vehicle().registered(LocalDate.of(2023, 6, 1)).inspectionDue(LocalDate.of(2027, 6, 1)).build());
        assertRefused("TOO_EARLY", r);
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("2027年3月1日"));
        assertTrue(r.reason().orElseThrow().en(), r.reason().orElseThrow().en().contains("2027-03-01"));
    }

    @Test
    public void overdueAfterTheDueDay() {
        expect(null, vehicle().registered(TODAY.minusYears(4)).inspectionDue(TODAY).build());
        LocalDate yesterday = TODAY.minusDays(1);
        expect("OVERDUE", vehicle().registered(yesterday.minusYears(4)).inspectionDue(yesterday).build());
    }

    @Test
    public void missingDatesGoToTheCounter() {
        expect("INSPECTION_RECORD_MISSING", vehicle().registered(null).build());
        expect("INSPECTION_RECORD_MISSING", vehicle().inspectionDue(null).build());
    }

    @Test
    public void violationsAccidentsAndPenalties() {
        expect("UNPROCESSED_VIOLATIONS", vehicle().violations(1).build());
        expect("UNPROCESSED_ACCIDENTS", vehicle().accidents(3).build());
        expect("CASUALTY_ACCIDENT", vehicle().casualty(true).build());
        expect("ILLEGAL_MODIFICATION", vehicle().modification(true).build());
    }

    @Test
    public void insuranceAndTaxMustCoverToday() {
        expect(null, vehicle().insurance(TODAY).tax(TODAY).build());
        expect("INSURANCE_INVALID", vehicle().insurance(TODAY.minusDays(1)).build());
        expect("INSURANCE_INVALID", vehicle().insurance(null).build());
        expect("TAX_UNPAID", vehicle().tax(TODAY.minusDays(1)).build());
        expect("TAX_UNPAID", vehicle().tax(null).build());
    }

    @Test
    public void theFirstProblemInOrderIsReported() {
        VehicleBuilder all = vehicle().status("G").useCode("B").vehicleType("K39").seats(12)
                .registered(TODAY.minusYears(12)).inspectionDue(TODAY.minusDays(5)).violations(1).accidents(1)
                .casualty(true).modification(true).insurance(null).tax(null);
        expect("VEHICLE_STATUS_G", all.build());
        expect("NOT_NON_OPERATING", all.status("A").build());
        expect("VAN_EXCLUDED", all.useCode("A").build());
        expect("NOT_SMALL_PASSENGER", all.vehicleType("K21").build());
        expect("TOO_MANY_SEATS", all.vehicleType("K33").build());
        expect("TOO_OLD", all.seats(5).build());
        expect("NEEDS_ON_SITE_INSPECTION", all.registered(TODAY.minusYears(6)).build());
        expect("OVERDUE", all.registered(TODAY.minusYears(4)).build());
        expect("TOO_EARLY", all.registered(TODAY.minusYears(4).plusMonths(4)).inspectionDue(TODAY.plusMonths(4)).build());
        expect("UNPROCESSED_VIOLATIONS", all.registered(TODAY.minusYears(4).plusDays(40)).inspectionDue(TODAY.plusDays(40)).build());
        expect("UNPROCESSED_ACCIDENTS", all.violations(0).build());
        expect("CASUALTY_ACCIDENT", all.accidents(0).build());
        expect("ILLEGAL_MODIFICATION", all.casualty(false).build());
        expect("INSURANCE_INVALID", all.modification(false).build());
        expect("TAX_UNPAID", all.insurance(TODAY.plusDays(1)).build());
        expect(null, all.tax(TODAY.plusDays(1)).build());
    }

    @Test
    public void formAnswersChangeNothing() {
        for (String where : List.of("local", "elsewhere")) {
            Map<String, Object> f = vehicleFacts(vehicle().build());
            f.put("form.plateNumber", "京A12345");
            f.put("form.where", where);
            f.put("form.mobile", "13800000001");
            assertEligible(evaluate(rule, d, f));
        }
    }

    @Test
    public void limitsComeFromTheDescriptor() {
        VehicleRecord year6 = vehicle().registered(TODAY.minusYears(6).plusDays(40)).build();
        expect(null, RuleTesting.withProperties(d, Map.of("rule.stickerYears", "2 4 6 8")), year6);
        VehicleRecord early = vehicle().registered(TODAY.minusYears(4).plusDays(150)).inspectionDue(TODAY.plusDays(150)).build();
        expect(null, RuleTesting.withProperties(d, Map.of("rule.windowMonths", "6")), early);
        expect(null, RuleTesting.withProperties(d, Map.of("rule.maxSeats", "10")), vehicle().seats(10).build());
        expect(null, RuleTesting.withProperties(d, Map.of("rule.excludedVehicleTypes", "K49")), vehicle().vehicleType("K39").build());
        expect("NOT_SMALL_PASSENGER", RuleTesting.withProperties(d, Map.of("rule.vehicleTypePrefixes", "K3")), vehicle().vehicleType("K41").build());
        expect(null, RuleTesting.withProperties(d, Map.of("rule.useCodes", "A B")), vehicle().useCode("B").build());
        expect(null, RuleTesting.withProperties(d, Map.of("rule.allowedStatus", "AG")), vehicle().status("AG").build());
        expect("TOO_OLD", RuleTesting.withProperties(d, Map.of("rule.maxYears", "3")), vehicle().build());
    }

    @Test
    public void everyMissingParameterStopsTheRule() {
        for (String key : d.properties().keySet()) {
            if (!key.startsWith("rule.")) {
                continue;
            }
            BusinessDescriptor broken = RuleTesting.withProperties(d, Collections.singletonMap(key, null));
            try {
                run(broken, vehicle().build());
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        try {
            run(RuleTesting.withProperties(d, Map.of("rule.maxSeats", "nine")), vehicle().build());
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("integer"));
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

    /** What the kiosk checks at deploy time: every declared parameter set, typed and in range; no stray rule.* key. */
    @Test
    public void parametersAreDeclared() {
        RuleTesting.assertParametersDeclared(d, rule);
    }
}
