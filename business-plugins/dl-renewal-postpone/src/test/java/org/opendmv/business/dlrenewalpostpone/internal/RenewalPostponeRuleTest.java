package org.opendmv.business.dlrenewalpostpone.internal;

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

public class RenewalPostponeRuleTest {
    private static final LocalDate BORN_1985 = LocalDate.of(1985, 4, 12);
    private static final List<String> PARAMS = List.of("rule.blockedStatus", "rule.alreadyPostponedStatus",
            "rule.maxExpiredMonths", "rule.maxPostponeYears");
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-renewal-postpone");
    private final RenewalPostponeRule rule = new RenewalPostponeRule();

    private RuleResult check(BusinessDescriptor b, DriverRecord r) {
        return evaluate(rule, b, facts(BORN_1985, r));
    }

    /** As at FORM: the CHECK facts plus {@code form.<name>} answers given as name, value pairs. */
    private RuleResult form(BusinessDescriptor b, DriverRecord r, String... answers) {
        Map<String, Object> f = facts(BORN_1985, r);
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
        assertEquals("延期换证", d.name().zh());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "PHOTO", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(0, d.feeFen());
        assertEquals(List.of(RenewalPostponeRule.ID), d.rules());
        assertEquals("driver-licence", d.photoSpec().orElseThrow());
        assertEquals("driver-licence", d.category());
        assertEquals("driver-licence", d.form().orElseThrow().kind());
        assertEquals("SA", d.properties().get("business.typeCode"));
        assertEquals(java.util.List.of("SA"), d.form().orElseThrow().tick());
        MaterialSpec m = d.materials().get(0);
        assertEquals("postpone-proof", m.code());
        assertTrue(m.required());
        assertEquals(5, m.maxPages());
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
        FieldSpec reason = d.field("reason").orElseThrow();
        assertEquals(List.of("military", "abroad", "other"), reason.options().stream().map(o -> o.value()).toList());
        FieldSpec back = d.field("returnDate").orElseThrow();
        assertEquals(FieldType.DATE, back.type());
        assertTrue(back.required());
        assertEquals("预计返回日期", back.label().zh());
        assertEquals("fits the form's 延期原因 line (60)", 60, d.field("reasonDetail").orElseThrow().maxLength());
    }

    @Test
    public void simulatorProfiles() {
        DriverRecord adultMale = driver().classes("C1").validUntil(TODAY.plusDays(60)).status("A").build();
        assertEligible(check(d, adultMale));
        assertEligible(returning(adultMale, TODAY.plusDays(60)));
        assertRefused("ALREADY_POSTPONED", check(d, driver().classes("A2").validUntil(TODAY.plusYears(1)).status("NT")
                .reviewDue(TODAY.plusDays(10)).cycleEnd(TODAY.minusDays(5)).build()));
        assertRefused("EXPIRED_TOO_LONG", check(d, driver().validUntil(TODAY.minusDays(400)).status("M").build()));
        assertRefused("LICENCE_STATUS_D", check(d, driver().validUntil(TODAY.plusYears(2)).status("D").build()));
    }

    @Test
    public void validOrRecentlyExpiredIsAccepted() {
        assertEligible(check(d, driver().validUntil(TODAY.plusYears(5)).build()));
        assertEligible(check(d, driver().validUntil(TODAY).build()));
        assertEligible(check(d, driver().validUntil(TODAY.minusDays(200)).status("M").build()));
    }

    @Test
    public void expiredExactlyTwelveMonthsAgoIsTheLastDay() {
        assertEligible(check(d, driver().validUntil(TODAY.minusMonths(12)).status("M").build()));
        RuleResult r = check(d, driver().validUntil(TODAY.minusMonths(12).minusDays(1)).status("M").build());
        assertRefused("EXPIRED_TOO_LONG", r);
        assertTrue(r.advice().orElseThrow().zh().contains("恢复"));
    }

    @Test
    public void noLicence() {
        assertRefused("NO_LICENCE", check(d, null));
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "BDEFGKU".toCharArray()) {
            assertRefused("LICENCE_STATUS_" + c, check(d, driver().status(String.valueOf(c)).build()));
        }
        // other letters (violations pending, review postponed...) are not this business's concern
        assertEligible(check(d, driver().status("AHPT").build()));
    }

    @Test
    public void onceOnly() {
        RuleResult r = check(d, driver().status("N").build());
        assertRefused("ALREADY_POSTPONED", r);
        assertTrue(r.reason().orElseThrow().zh().contains("一次"));
    }

    @Test
    public void longTermLicenceHasNothingToPostpone() {
        assertRefused("LONG_TERM", check(d, driver().validUntil(null).build()));
    }

    @Test
    public void refusalWinsOverAnswers() {
        assertRefused("LICENCE_STATUS_D", form(d, driver().status("D").build(), "reason", "other", "returnDate", "2000-01-01"));
    }

    @Test
    public void returnDateMustBeAfterToday() {
        DriverRecord r = driver().build();
        assertFieldError("returnDate", "RETURN_DATE_PAST", returning(r, TODAY));
        assertFieldError("returnDate", "RETURN_DATE_PAST", returning(r, TODAY.minusDays(1)));
        assertEligible(returning(r, TODAY.plusDays(1)));
    }

    @Test
    public void returnDateAtMostThreeYearsAfterExpiry() {
        LocalDate expiry = TODAY.plusDays(60);
        DriverRecord r = driver().validUntil(expiry).build();
        LocalDate latest = expiry.plusYears(3);
        assertEligible(returning(r, latest));
        RuleResult late = returning(r, latest.plusDays(1));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE", late);
        assertTrue(late.reason().orElseThrow().zh(), late.reason().orElseThrow().zh().contains(Dates.zh(latest)));
        assertTrue(late.reason().orElseThrow().en(), late.reason().orElseThrow().en().contains(Dates.en(latest)));
        // counted from the expiry even when the licence has already expired
        DriverRecord expired = driver().validUntil(TODAY.minusMonths(6)).status("M").build();
        assertEligible(returning(expired, TODAY.minusMonths(6).plusYears(3)));
        assertFieldError("returnDate", "RETURN_DATE_TOO_LATE", returning(expired, TODAY.minusMonths(6).plusYears(3).plusDays(1)));
    }

    @Test
    public void otherReasonNeedsADescription() {
        DriverRecord r = driver().build();
        String back = TODAY.plusDays(60).toString();
        assertFieldError("reasonDetail", "REASON_DETAIL_REQUIRED", form(d, r, "reason", "other", "returnDate", back));
        assertFieldError("reasonDetail", "REASON_DETAIL_REQUIRED", form(d, r, "reason", "other", "reasonDetail", "  ", "returnDate", back));
        assertEligible(form(d, r, "reason", "other", "reasonDetail", "在外地长期住院治疗", "returnDate", back));
        assertEligible(form(d, r, "reason", "military", "returnDate", back));
    }

    @Test
    public void badDatesAreCaughtByFieldValidation() {
        FieldSpec back = d.field("returnDate").orElseThrow();
        for (String bad : List.of("2026-13-01", "yesterday", "2026-02-30", "24/11/2026")) {
            assertBilingual(FieldValidation.check(back, bad).orElseThrow(() -> new AssertionError(bad)));
            // should one slip past the FORM step, the rule answers with the same message
            RuleResult r = form(d, driver().build(), "reason", "abroad", "returnDate", bad);
            assertFieldError("returnDate", "RETURN_DATE_INVALID", r);
            assertEquals(FieldValidation.check(back, bad).get(), r.reason().orElseThrow());
        }
        assertTrue(FieldValidation.check(back, TODAY.plusDays(60).toString()).isEmpty());
    }

    @Test
    public void limitsComeFromTheDescriptor() {
        LocalDate expiry = TODAY.plusDays(60);
        DriverRecord r = driver().validUntil(expiry).build();
        BusinessDescriptor fiveYears = RuleTesting.withProperties(d, Map.of("rule.maxPostponeYears", "5"));
        assertEligible(form(fiveYears, r, "reason", "abroad", "returnDate", expiry.plusYears(5).toString()));
        BusinessDescriptor sixMonths = RuleTesting.withProperties(d, Map.of("rule.maxExpiredMonths", "6"));
        assertRefused("EXPIRED_TOO_LONG", check(sixMonths, driver().validUntil(TODAY.minusMonths(7)).status("M").build()));
        BusinessDescriptor noBlock = RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "BEFGKU"));
        assertEligible(check(noBlock, driver().status("D").build()));
        BusinessDescriptor twice = RuleTesting.withProperties(d, Map.of("rule.alreadyPostponedStatus", "X"));
        assertEligible(check(twice, driver().status("N").build()));
    }

    @Test
    public void missingParameterIsADescriptorMistake() {
        for (String key : PARAMS) {
            BusinessDescriptor broken = RuleTesting.withProperties(d, Collections.singletonMap(key, null));
            try {
                check(broken, driver().build());
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        BusinessDescriptor garbled = RuleTesting.withProperties(d, Map.of("rule.maxPostponeYears", "three"));
        try {
            check(garbled, driver().build());
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
