package org.opendmv.business.dlmedicalpostpone.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.opendmv.business.testkit.RuleTesting.TODAY;
import static org.opendmv.business.testkit.RuleTesting.assertEligible;
import static org.opendmv.business.testkit.RuleTesting.assertFieldError;
import static org.opendmv.business.testkit.RuleTesting.assertRefused;
import static org.opendmv.business.testkit.RuleTesting.driver;
import static org.opendmv.business.testkit.RuleTesting.evaluate;
import static org.opendmv.business.testkit.RuleTesting.facts;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.Dates;
import org.opendmv.business.testkit.RuleTesting;
import org.opendmv.records.api.DriverRecord;

public class MedicalPostponeRuleTest {
    /** Simulator "elderly" (110105195302100038). */
    private static final LocalDate BORN_1953 = LocalDate.of(1953, 2, 10);
    private static final LocalDate BORN_1985 = LocalDate.of(1985, 4, 12);
    private static final LocalDate DUE = TODAY.plusDays(15);
    private static final List<String> PARAMS = List.of("rule.blockedStatus", "rule.alreadyPostponedStatus", "rule.elderAge",
            "rule.certificateClasses", "rule.maxLateMonths", "rule.maxPostponeYears");
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-medical-postpone");
    private final MedicalPostponeRule rule = new MedicalPostponeRule();

    /** A 70+ driver with a certificate due in 15 days, like the simulator's "elderly". */
    private static RuleTesting.DriverBuilder due() {
        return driver().classes("C1").validUntil(TODAY.plusDays(40)).medicalDue(DUE).lastMedical(TODAY.minusDays(20));
    }

    private RuleResult check(BusinessDescriptor b, DriverRecord r, LocalDate birth) {
        return evaluate(rule, b, facts(birth, r));
    }

    private RuleResult check(DriverRecord r) {
        return check(d, r, BORN_1953);
    }

    private RuleResult form(BusinessDescriptor b, DriverRecord r, String... answers) {
        Map<String, Object> f = facts(BORN_1953, r);
        for (int i = 0; i < answers.length; i += 2) {
            f.put("form." + answers[i], answers[i + 1]);
        }
        return evaluate(rule, b, f);
    }

    private RuleResult returning(DriverRecord r, LocalDate back) {
        return form(d, r, "reason", "abroad", "returnDate", back.toString());
    }

    @Test
    public void descriptorFollowsTheSeed() {
        assertEquals("延期提交身体条件证明", d.name().zh());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(0, d.feeFen());
        assertEquals(List.of(MedicalPostponeRule.ID), d.rules());
        assertFalse(d.photoNeeded());
        assertEquals("driver-licence", d.category());
        assertEquals("driver-licence", d.form().orElseThrow().kind());
        assertEquals("SC", d.properties().get("business.typeCode"));
        assertEquals(java.util.List.of("SC"), d.form().orElseThrow().tick());
        MaterialSpec m = d.materials().get(0);
        assertEquals("postpone-proof", m.code());
        assertTrue(m.required());
        assertBilingual(d.text("notice").orElseThrow());
        assertTrue(d.text("notice").orElseThrow().zh().contains("不得驾驶"));
    }

    @Test
    public void everyFieldAndOptionIsBilingual() {
        assertEquals(List.of("mobile", "postcode", "address", "reason", "reasonDetail", "returnDate"),
                d.fields().stream().map(FieldSpec::name).toList());
        for (FieldSpec f : d.fields()) {
            assertBilingual(f.label());
            f.options().forEach(o -> assertBilingual(o.label()));
        }
        assertEquals(FieldType.DATE, d.field("returnDate").orElseThrow().type());
        assertTrue(d.field("returnDate").orElseThrow().required());
    }

    @Test
    public void simulatorProfiles() {
        DriverRecord elderly = due().status("A").build();
        assertEligible(check(elderly));
        assertEligible(returning(elderly, TODAY.plusDays(60)));
        DriverRecord adultMale = driver().classes("C1").validUntil(TODAY.plusDays(60)).build();
        assertRefused("NOT_REQUIRED", check(d, adultMale, BORN_1985));
        DriverRecord elderlyMoto = driver().classes("C1", "E").validUntil(TODAY.plusDays(40)).status("P")
                .medicalDue(TODAY.plusDays(20)).build();
        assertRefused("ALREADY_POSTPONED", check(d, elderlyMoto, LocalDate.of(1950, 12, 1)));
    }

    @Test
    public void seventyOnTheDayCounts() {
        LocalDate born70 = TODAY.minusYears(70);
        assertEligible(check(d, due().build(), born70));
        RuleResult r = check(d, due().build(), born70.plusDays(1));
        assertRefused("NOT_REQUIRED", r);
        assertTrue(r.reason().orElseThrow().zh().contains("无需提交身体条件证明"));
    }

    @Test
    public void certificateClassAtAnyAge() {
        assertEligible(check(d, due().classes("C5").build(), BORN_1985));
        assertEligible(check(d, due().classes("C1", "C5").build(), BORN_1985));
        assertRefused("NOT_REQUIRED", check(d, due().classes("B2").build(), BORN_1985));
    }

    @Test
    public void nothingDueNothingToPostpone() {
        assertRefused("NOT_REQUIRED", check(due().medicalDue(null).build()));
        assertRefused("NOT_REQUIRED", check(d, due().classes("C5").medicalDue(null).build(), BORN_1985));
    }

    @Test
    public void ageFromTheIdNumberWhenTheCardFactIsMissing() {
        Map<String, Object> f = facts(BORN_1953, due().build());
        f.remove(Facts.BIRTH_DATE);
        f.put(Facts.ID_NUMBER, "110105195302100038");
        assertEligible(evaluate(rule, d, f));
        f.put(Facts.ID_NUMBER, RuleTesting.ID);
        assertRefused("NOT_REQUIRED", evaluate(rule, d, f));
    }

    @Test
    public void noLicence() {
        assertRefused("NO_LICENCE", check(null));
    }

    @Test
    public void alreadyPostponed() {
        assertRefused("ALREADY_POSTPONED", check(due().status("P").build()));
        assertRefused("ALREADY_POSTPONED", check(due().status("AP").medicalDue(null).build()));
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "BDEFGKU".toCharArray()) {
            assertRefused("LICENCE_STATUS_" + c, check(due().status(String.valueOf(c)).build()));
        }
        assertEligible(check(due().status("HNT").build()));
    }

    @Test
    public void twelveMonthsAfterTheDueDateIsTheLastDay() {
        assertEligible(check(due().medicalDue(TODAY.minusMonths(12)).build()));
        assertRefused("TOO_LATE", check(due().medicalDue(TODAY.minusMonths(12).minusDays(1)).build()));
    }

    @Test
    public void refusalWinsOverAnswers() {
        assertRefused("NOT_REQUIRED", form(d, due().medicalDue(null).build(), "reason", "other", "returnDate", "2000-01-01"));
    }

    @Test
    public void returnDateMustBeAfterToday() {
        DriverRecord r = due().build();
        assertFieldError("returnDate", "RETURN_DATE_PAST", returning(r, TODAY));
        assertFieldError("returnDate", "RETURN_DATE_PAST", returning(r, TODAY.minusDays(1)));
        assertEligible(returning(r, TODAY.plusDays(1)));
    }

    @Test
    public void returnDateAtMostThreeYearsAfterTheDueDate() {
        DriverRecord r = due().build();
        LocalDate latest = DUE.plusYears(3);
        assertEligible(returning(r, latest));
        RuleResult late = returning(r, latest.plusDays(1));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE", late);
        assertTrue(late.reason().orElseThrow().zh().contains(Dates.zh(latest)));
        assertTrue(late.reason().orElseThrow().en().contains(Dates.en(latest)));
    }

    @Test
    public void otherReasonNeedsADescription() {
        DriverRecord r = due().build();
        String back = TODAY.plusDays(60).toString();
        assertFieldError("reasonDetail", "REASON_DETAIL_REQUIRED", form(d, r, "reason", "other", "returnDate", back));
        assertEligible(form(d, r, "reason", "other", "reasonDetail", "在外地照顾家人", "returnDate", back));
        assertEligible(form(d, r, "reason", "military", "returnDate", back));
    }

    @Test
    public void badDatesAreCaughtByFieldValidation() {
        FieldSpec back = d.field("returnDate").orElseThrow();
        for (String bad : List.of("2026-13-01", "yesterday")) {
            assertBilingual(FieldValidation.check(back, bad).orElseThrow(() -> new AssertionError(bad)));
            assertFieldError("returnDate", "RETURN_DATE_INVALID", form(d, due().build(), "reason", "abroad", "returnDate", bad));
        }
    }

    @Test
    public void limitsComeFromTheDescriptor() {
        BusinessDescriptor older = RuleTesting.withProperties(d, Map.of("rule.elderAge", "75"));
        assertRefused("NOT_REQUIRED", check(older, due().build(), BORN_1953));
        BusinessDescriptor c2 = RuleTesting.withProperties(d, Map.of("rule.certificateClasses", "C5 C2"));
        assertEligible(check(c2, due().classes("C2").build(), BORN_1985));
        BusinessDescriptor sixMonths = RuleTesting.withProperties(d, Map.of("rule.maxLateMonths", "6"));
        assertRefused("TOO_LATE", check(sixMonths, due().medicalDue(TODAY.minusMonths(7)).build(), BORN_1953));
        BusinessDescriptor oneYear = RuleTesting.withProperties(d, Map.of("rule.maxPostponeYears", "1"));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE",
                form(oneYear, due().build(), "reason", "abroad", "returnDate", DUE.plusYears(1).plusDays(1).toString()));
        BusinessDescriptor otherLetter = RuleTesting.withProperties(d, Map.of("rule.alreadyPostponedStatus", "X"));
        assertEligible(check(otherLetter, due().status("P").build(), BORN_1953));
    }

    @Test
    public void missingParameterIsADescriptorMistake() {
        for (String key : PARAMS) {
            BusinessDescriptor broken = RuleTesting.withProperties(d, Collections.singletonMap(key, null));
            try {
                check(broken, due().build(), BORN_1953);
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        BusinessDescriptor garbled = RuleTesting.withProperties(d, Map.of("rule.elderAge", "seventy"));
        try {
            check(garbled, due().build(), BORN_1953);
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("integer"));
        }
    }

    @Test
    public void formFieldsRejectBadInput() {
        RuleTesting.assertFieldsRejectBadInput(d);
    }

    private static void assertBilingual(LocalizedText t) {
        assertTrue(t.has(LocalizedText.ZH));
        assertTrue(t.has(LocalizedText.EN));
        assertFalse(t.zh().isBlank() || t.en().isBlank());
    }

    /** What the kiosk checks at deploy time: every declared parameter set, typed and in range; no stray rule.* key. */
    @Test
    public void parametersAreDeclared() {
        RuleTesting.assertParametersDeclared(d, rule);
    }
}
