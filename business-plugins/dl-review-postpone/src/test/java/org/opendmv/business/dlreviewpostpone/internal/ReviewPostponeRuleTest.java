package org.opendmv.business.dlreviewpostpone.internal;

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

public class ReviewPostponeRuleTest {
    /** Simulator "adult-female" (110102199008230025). */
    private static final LocalDate BORN_1990 = LocalDate.of(1990, 8, 23);
    private static final LocalDate DUE = TODAY.plusDays(20);
    private static final LocalDate CYCLE_END = TODAY.minusDays(10);
    private static final List<String> PARAMS = List.of("rule.blockedStatus", "rule.alreadyPostponedStatus",
            "rule.reviewClasses", "rule.maxLateMonths", "rule.maxPostponeYears");
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-review-postpone");
    private final ReviewPostponeRule rule = new ReviewPostponeRule();

    /** A B2 holder whose review is due in 20 days, like the simulator's "adult-female". */
    private static RuleTesting.DriverBuilder due() {
        return driver().classes("B2").validUntil(TODAY.plusYears(5)).points(3).cycleEnd(CYCLE_END).reviewDue(DUE)
                .lastMedical(TODAY.minusDays(400));
    }

    private RuleResult check(BusinessDescriptor b, DriverRecord r) {
        return evaluate(rule, b, facts(BORN_1990, r));
    }

    private RuleResult check(DriverRecord r) {
        return check(d, r);
    }

    private RuleResult form(BusinessDescriptor b, DriverRecord r, String... answers) {
        Map<String, Object> f = facts(BORN_1990, r);
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
        assertEquals("延期审验", d.name().zh());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(0, d.feeFen());
        assertEquals(List.of(ReviewPostponeRule.ID), d.rules());
        assertFalse(d.photoNeeded());
        assertEquals("driver-licence", d.category());
        assertEquals("driver-licence", d.form().orElseThrow().kind());
        assertEquals("SE", d.properties().get("business.typeCode"));
        assertEquals(java.util.List.of("SE"), d.form().orElseThrow().tick());
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
        DriverRecord adultFemale = due().status("A").build();
        assertEligible(check(adultFemale));
        assertEligible(returning(adultFemale, TODAY.plusDays(60)));
        DriverRecord adultMale = driver().classes("C1").validUntil(TODAY.plusDays(60)).cycleEnd(TODAY.plusDays(100)).build();
        assertRefused("NOT_REQUIRED", check(adultMale));
        DriverRecord postponed = driver().classes("A2").validUntil(TODAY.plusYears(1)).status("NT").points(2)
                .cycleEnd(TODAY.minusDays(5)).reviewDue(TODAY.plusDays(10)).build();
        assertRefused("ALREADY_POSTPONED", check(postponed));
    }

    @Test
    public void everyReviewClassWithAReviewDue() {
        for (String c : List.of("A1", "A2", "A3", "B1", "B2")) {
            assertEligible(check(due().classes(c).build()));
        }
        assertEligible(check(due().classes("B2", "E").build()));
    }

    @Test
    public void otherClassesOnlyAfterAFatalAccident() {
        RuleResult r = check(due().classes("C1").build());
        assertRefused("NOT_REQUIRED", r);
        assertTrue(r.advice().orElseThrow().zh().contains("B2"));
        assertEligible(check(due().classes("C1").fatalAccident(true).build()));
    }

    @Test
    public void noReviewDueNothingToPostpone() {
        assertRefused("NOT_REQUIRED", check(due().reviewDue(null).build()));
        assertRefused("NOT_REQUIRED", check(due().classes("C1").fatalAccident(true).reviewDue(null).build()));
    }

    @Test
    public void noLicence() {
        assertRefused("NO_LICENCE", check(null));
    }

    @Test
    public void alreadyPostponed() {
        assertRefused("ALREADY_POSTPONED", check(due().status("T").build()));
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "BDEFGKU".toCharArray()) {
            assertRefused("LICENCE_STATUS_" + c, check(due().status(String.valueOf(c)).build()));
        }
        assertEligible(check(due().status("HNPS").build()));
    }

    @Test
    public void twelveMonthsAfterTheDueDateIsTheLastDay() {
        assertEligible(check(due().reviewDue(TODAY.minusMonths(12)).build()));
        assertRefused("TOO_LATE", check(due().reviewDue(TODAY.minusMonths(12).minusDays(1)).build()));
    }

    @Test
    public void refusalWinsOverAnswers() {
        assertRefused("NOT_REQUIRED", form(d, due().reviewDue(null).build(), "reason", "other", "returnDate", "2000-01-01"));
    }

    @Test
    public void returnDateMustBeAfterToday() {
        DriverRecord r = due().build();
        assertFieldError("returnDate", "RETURN_DATE_PAST", returning(r, TODAY));
        assertFieldError("returnDate", "RETURN_DATE_PAST", returning(r, TODAY.minusDays(1)));
        assertEligible(returning(r, TODAY.plusDays(1)));
    }

    @Test
    public void returnDateAtMostThreeYearsAfterTheScoringPeriod() {
        DriverRecord r = due().build();
        LocalDate latest = CYCLE_END.plusYears(3);
        assertEligible(returning(r, latest));
        RuleResult late = returning(r, latest.plusDays(1));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE", late);
        assertTrue(late.reason().orElseThrow().zh().contains(Dates.zh(latest)));
        assertTrue(late.reason().orElseThrow().en().contains(Dates.en(latest)));
    }

    @Test
    public void returnDateFromTheDueDateWhenTheScoringPeriodIsUnknown() {
        DriverRecord r = due().cycleEnd(null).build();
        assertEligible(returning(r, DUE.plusYears(3)));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE", returning(r, DUE.plusYears(3).plusDays(1)));
    }

    @Test
    public void otherReasonNeedsADescription() {
        DriverRecord r = due().build();
        String back = TODAY.plusDays(60).toString();
        assertFieldError("reasonDetail", "REASON_DETAIL_REQUIRED", form(d, r, "reason", "other", "returnDate", back));
        assertEligible(form(d, r, "reason", "other", "reasonDetail", "在外地长期施工", "returnDate", back));
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
        BusinessDescriptor withC1 = RuleTesting.withProperties(d, Map.of("rule.reviewClasses", "A1 A2 A3 B1 B2 C1"));
        assertEligible(check(withC1, due().classes("C1").build()));
        BusinessDescriptor sixMonths = RuleTesting.withProperties(d, Map.of("rule.maxLateMonths", "6"));
        assertRefused("TOO_LATE", check(sixMonths, due().reviewDue(TODAY.minusMonths(7)).build()));
        BusinessDescriptor oneYear = RuleTesting.withProperties(d, Map.of("rule.maxPostponeYears", "1"));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE",
                form(oneYear, due().build(), "reason", "abroad", "returnDate", CYCLE_END.plusYears(1).plusDays(1).toString()));
        BusinessDescriptor otherLetter = RuleTesting.withProperties(d, Map.of("rule.alreadyPostponedStatus", "X"));
        assertEligible(check(otherLetter, due().status("T").build()));
    }

    @Test
    public void missingParameterIsADescriptorMistake() {
        for (String key : PARAMS) {
            BusinessDescriptor broken = RuleTesting.withProperties(d, Collections.singletonMap(key, null));
            try {
                check(broken, due().build());
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        BusinessDescriptor garbled = RuleTesting.withProperties(d, Map.of("rule.maxLateMonths", "a year"));
        try {
            check(garbled, due().build());
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
