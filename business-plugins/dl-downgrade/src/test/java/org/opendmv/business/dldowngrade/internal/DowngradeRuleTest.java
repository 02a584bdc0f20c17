package org.opendmv.business.dldowngrade.internal;

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
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.testkit.RuleTesting;
import org.opendmv.records.api.DriverRecord;

public class DowngradeRuleTest {
    private static final LocalDate BORN_1985 = LocalDate.of(1985, 4, 12);
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-downgrade");
    private final DowngradeRule rule = new DowngradeRule();

    // the simulator's profiles (bundles/records sim/records.json), rebuilt here
    private static DriverRecord adultMale() {
        return driver().classes("C1").validUntil(TODAY.plusDays(60)).status("A").points(0).build();
    }

    private static DriverRecord adultFemale() {
        return driver().classes("B2").validUntil(TODAY.plusYears(5)).status("A").points(3).build();
    }

    private static DriverRecord longTerm() {
        return driver().classes("C2").validUntil(null).status("A").build();
    }

    private static DriverRecord suspended() {
        return driver().classes("C1").validUntil(TODAY.plusYears(2)).status("D").build();
    }

    private RuleResult check(BusinessDescriptor desc, DriverRecord r) {
        return evaluate(rule, desc, facts(BORN_1985, r));
    }

    /** As at FORM: the answers arrive as form.<field>. */
    private RuleResult form(BusinessDescriptor desc, DriverRecord r, String target) {
        Map<String, Object> f = facts(BORN_1985, r);
        f.put(Facts.FORM_PREFIX + "mobile", "13800000001");
        f.put(Facts.FORM_PREFIX + "confirmIrreversible", "yes");
        f.put(Facts.FORM_PREFIX + "targetClass", target);
        return evaluate(rule, desc, f);
    }

    @Test
    public void descriptorFollowsTheSeedAndFeeSchedule() {
        assertEquals("自愿降低准驾车型", d.name().zh());
        assertEquals("driver-licence", d.category());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "PHOTO", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(1000, d.feeFen());
        assertEquals(List.of(DowngradeRule.ID), d.rules());
        assertTrue(d.photoNeeded());
        assertEquals("CD", d.properties().get("business.typeCode"));
        assertEquals(java.util.List.of("CD"), d.form().orElseThrow().tick());
        assertEquals("licence", d.materials().get(0).code());
        assertTrue(d.materials().get(0).required());
        assertTrue(d.text("notice").orElseThrow().zh().contains("增驾考试"));
        FieldSpec target = d.field("targetClass").orElseThrow();
        assertTrue(target.required());
        assertEquals(List.of("A3", "B1", "B2", "C1", "C2", "C3", "C4", "C6", "E", "F"),
                target.options().stream().map(ChoiceOption::value).toList());
        FieldSpec confirm = d.field("confirmIrreversible").orElseThrow();
        assertTrue(confirm.required());
        assertEquals(List.of("yes"), confirm.options().stream().map(ChoiceOption::value).toList());
    }

    @Test
    public void simulatorProfiles() {
        assertEligible(check(d, adultMale()));
        assertEligible(form(d, adultMale(), "C2"));
        assertFieldError("targetClass", "TARGET_NOT_PERMITTED", form(d, adultMale(), "B2"));
        assertEligible(check(d, adultFemale()));
        assertEligible(form(d, adultFemale(), "C1"));
        assertRefused("NO_LOWER_CLASS", check(d, longTerm()));
        assertRefused("LICENCE_STATUS_D", check(d, suspended()));
    }

    @Test
    public void noLicence() {
        assertRefused("NO_LICENCE", check(d, null));
    }

    @Test
    public void onlyAllowedStatusLettersPass() {
        for (char c : "BCDEFGHIJKLMNPRSTU".toCharArray()) {
            assertRefused("LICENCE_STATUS_" + c, check(d, driver().status(String.valueOf(c)).build()));
        }
        // only the letters that are not allowed are named
        assertRefused("LICENCE_STATUS_HI", check(d, driver().status("AHI").build()));
        // a city that lets unprocessed violations through says so in the descriptor
        BusinessDescriptor lenient = RuleTesting.withProperties(d, Map.of("rule.allowedStatus", "AHI"));
        assertEligible(check(lenient, driver().status("AH").build()));
        assertRefused("LICENCE_STATUS_D", check(lenient, driver().status("AD").build()));
    }

    @Test
    public void pointsLimit() {
        assertEligible(check(d, driver().points(11).build()));
        assertRefused("POINTS_LIMIT", check(d, driver().points(12).build()));
        assertRefused("POINTS_LIMIT", check(d, driver().points(15).build()));
    }

    @Test
    public void classesWithNothingBelow() {
        for (String c : List.of("C2", "C4", "C5", "C6", "F", "M", "N", "P")) {
            assertRefused("NO_LOWER_CLASS", check(d, driver().classes(c).build()));
        }
        RuleResult r = check(d, longTerm());
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("已无可降低的车型"));
        // C3 only permits C4
        assertEligible(check(d, driver().classes("C3").build()));
    }

    @Test
    public void expiredLicence() {
        assertRefused("LICENCE_EXPIRED", check(d, driver().validUntil(TODAY.minusDays(1)).build()));
        assertEligible(check(d, driver().validUntil(TODAY).build()));
        // long-term licences never expire
        assertEligible(check(d, driver().classes("B2").validUntil(null).build()));
    }

    @Test
    public void targetsFollowThePermitsTable() {
        RuleParams p = RuleParams.of(d);
        assertEquals(List.of("C2", "C3", "C4"), List.copyOf(DowngradeRule.targets(d, adultMale(), p)));
        assertEquals(List.of("C1", "C2", "C3", "C4"), List.copyOf(DowngradeRule.targets(d, adultFemale(), p)));
        // transitive, and neither C5 (excluded) nor M (not offered on the form)
        assertEquals(List.of("A3", "B1", "B2", "C1", "C2", "C3", "C4"),
                List.copyOf(DowngradeRule.targets(d, driver().classes("A1").build(), p)));
        assertEquals(List.of("B1", "B2", "C1", "C2", "C3", "C4", "C6"),
                List.copyOf(DowngradeRule.targets(d, driver().classes("A2").build(), p)));
        assertEquals(List.of("E", "F"), List.copyOf(DowngradeRule.targets(d, driver().classes("D").build(), p)));
        // composite licence: each family keeps its own lower classes
        assertEquals(List.of("C1", "C2", "C3", "C4", "F"),
                List.copyOf(DowngradeRule.targets(d, driver().classes("B2", "E").build(), p)));
    }

    @Test
    public void targetAnswerIsChecked() {
        assertEligible(form(d, adultMale(), "C3"));
        assertEligible(form(d, driver().classes("A2").build(), "C6"));
        assertEligible(form(d, driver().classes("D").build(), "F"));
        // same class, a higher class, another family
        for (String t : List.of("C1", "B2", "A3", "E")) {
            assertFieldError("targetClass", "TARGET_NOT_PERMITTED", form(d, adultMale(), t));
        }
        assertFieldError("targetClass", "TARGET_NOT_PERMITTED", form(d, driver().classes("A1").build(), "C6"));
        RuleResult r = form(d, adultMale(), "B2");
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("可选：C2、C3、C4"));
        assertTrue(r.reason().orElseThrow().en(), r.reason().orElseThrow().en().contains("C2, C3, C4"));
        assertFalse(r.advice().isPresent());
    }

    @Test
    public void refusalsComeBeforeTheAnswerCheck() {
        assertRefused("LICENCE_STATUS_D", form(d, suspended(), "C2"));
        assertRefused("NO_LOWER_CLASS", form(d, longTerm(), "C3"));
    }

    @Test
    public void limitsComeFromTheDescriptor() {
        BusinessDescriptor stricter = RuleTesting.withProperties(d, Map.of("rule.maxPoints", "6"));
        assertRefused("POINTS_LIMIT", check(stricter, driver().points(6).build()));
        assertEligible(check(stricter, driver().points(5).build()));
        // a regulation change that lets C2 drive C4
        BusinessDescriptor table = RuleTesting.withProperties(d, Map.of("rule.permits",
                d.properties().get("rule.permits").replace("C2:;", "C2:C4;")));
        assertEligible(form(table, longTerm(), "C4"));
        BusinessDescriptor moreExcluded = RuleTesting.withProperties(d, Map.of("rule.excludedTargets", "C3"));
        assertFieldError("targetClass", "TARGET_NOT_PERMITTED", form(moreExcluded, adultMale(), "C3"));
    }

    @Test
    public void missingOrBrokenParametersNeverLetThrough() {
        for (String key : List.of("rule.permits", "rule.excludedTargets", "rule.allowedStatus", "rule.maxPoints")) {
            BusinessDescriptor broken = RuleTesting.withProperties(d, Collections.singletonMap(key, null));
            try {
                check(broken, adultMale());
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        for (Map.Entry<String, String> bad : Map.of("rule.maxPoints", "twelve", "rule.allowedStatus", "a",
                "rule.permits", "C1=C2").entrySet()) {
            try {
                check(RuleTesting.withProperties(d, Map.of(bad.getKey(), bad.getValue())), adultMale());
                fail(bad.getKey() + "=" + bad.getValue());
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(bad.getKey()));
            }
        }
    }

    @Test
    public void formFieldsRejectBadInput() {
        RuleTesting.assertFieldsRejectBadInput(d);
    }

    @Test
    public void targetsTheLawBarsAtThisAgeAreNotOffered() {
        var a1 = driver().classes("A1").build();
        LocalDate born63 = TODAY.minusYears(63);
        var r = evaluate(rule, d, withForm(facts(born63, a1), "B1"));
        assertFieldError("targetClass", "TARGET_NOT_PERMITTED", r);
        assertEligible(evaluate(rule, d, withForm(facts(born63, a1), "C1")));
        assertEligible(evaluate(rule, d, withForm(facts(born63.plusDays(1), a1), "B1")));
        LocalDate born70 = TODAY.minusYears(70);
        var r70 = evaluate(rule, d, withForm(facts(born70, driver().classes("C1").build()), "C3"));
        assertFieldError("targetClass", "TARGET_NOT_PERMITTED", r70);
        assertTrue(r70.reason().orElseThrow().zh().contains("可选：C2"));
    }

    private static Map<String, Object> withForm(Map<String, Object> f, String target) {
        f.put("form.targetClass", target);
        return f;
    }

    /** What the kiosk checks at deploy time: every declared parameter set, typed and in range; no stray rule.* key. */
    @Test
    public void parametersAreDeclared() {
        RuleTesting.assertParametersDeclared(d, rule);
    }
}
