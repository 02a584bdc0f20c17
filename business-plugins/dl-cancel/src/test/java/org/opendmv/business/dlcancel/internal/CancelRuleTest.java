package org.opendmv.business.dlcancel.internal;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.testkit.RuleTesting;
import org.opendmv.records.api.DriverRecord;

public class CancelRuleTest {
    private static final LocalDate BORN_1985 = LocalDate.of(1985, 4, 12);
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-cancel");
    private final CancelRule rule = new CancelRule();

    // the simulator's profiles (bundles/records sim/records.json), rebuilt here
    private static DriverRecord adultMale() {
        return driver().classes("C1").validUntil(TODAY.plusDays(60)).status("A").build();
    }

    private static DriverRecord suspended() {
        return driver().classes("C1").validUntil(TODAY.plusYears(2)).status("D").build();
    }

    private RuleResult check(BusinessDescriptor desc, DriverRecord r) {
        return evaluate(rule, desc, facts(BORN_1985, r));
    }

    /** As at FORM: the answers arrive as form.<field>; a null answer is left out, as the engine does. */
    private RuleResult form(BusinessDescriptor desc, DriverRecord r, String confirmCancel, String confirmAgain) {
        Map<String, Object> f = new LinkedHashMap<>(facts(BORN_1985, r));
        f.put(Facts.FORM_PREFIX + "reason", "self");
        f.put(Facts.FORM_PREFIX + "mobile", "13800000001");
        if (confirmCancel != null) {
            f.put(Facts.FORM_PREFIX + "confirmCancel", confirmCancel);
        }
        if (confirmAgain != null) {
            f.put(Facts.FORM_PREFIX + "confirmAgain", confirmAgain);
        }
        return evaluate(rule, desc, f);
    }

    @Test
    public void descriptorFollowsTheSeedAndFeeSchedule() {
        assertEquals("自愿注销驾驶证", d.name().zh());
        assertEquals("driver-licence", d.category());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(0, d.feeFen());
        assertEquals(List.of(CancelRule.ID), d.rules());
        assertFalse(d.photoNeeded());
        assertEquals("GA", d.properties().get("business.typeCode"));
        assertEquals(java.util.List.of("dl.business.cancel"), d.form().orElseThrow().tick());
        assertEquals("licence", d.materials().get(0).code());
        assertFalse("a lost licence cannot be scanned", d.materials().get(0).required());
        assertEquals(List.of("self"), d.field("reason").orElseThrow().options().stream().map(ChoiceOption::value).toList());
        for (String c : CancelRule.CONFIRMATIONS) {
            assertEquals(List.of("yes"), d.field(c).orElseThrow().options().stream().map(ChoiceOption::value).toList());
        }
        assertTrue(d.text("notice").orElseThrow().zh().contains("不可撤销"));
    }

    @Test
    public void simulatorProfiles() {
        assertEligible(check(d, adultMale()));
        assertEligible(form(d, adultMale(), "yes", "yes"));
        assertRefused("LICENCE_STATUS_D", check(d, suspended()));
    }

    @Test
    public void noLicence() {
        assertRefused("NO_LICENCE", check(d, null));
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "DKUFEG".toCharArray()) {
            assertRefused("LICENCE_STATUS_" + c, check(d, driver().status(String.valueOf(c)).build()));
        }
        // an expired or over-the-limit licence can still be given up
        for (String s : List.of("M", "B", "N", "P", "S", "T")) {
            assertEligible(check(d, driver().status(s).validUntil(TODAY.minusYears(2)).build()));
        }
        // the blocked letter is reported before the unprocessed one
        assertRefused("LICENCE_STATUS_D", check(d, driver().status("DH").build()));
    }

    @Test
    public void unprocessedViolationsOrAccidents() {
        assertRefused("UNPROCESSED", check(d, driver().status("H").build()));
        assertRefused("UNPROCESSED", check(d, driver().status("AI").build()));
        RuleResult r = check(d, driver().status("HI").build());
        assertRefused("UNPROCESSED", r);
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("违法未处理、事故未处理"));
        assertTrue(r.advice().orElseThrow().zh(), r.advice().orElseThrow().zh().contains("先处理"));
    }

    @Test
    public void unprocessedBlockIsLocalPracticeAndSwitchable() {
        BusinessDescriptor off = RuleTesting.withProperties(d, Map.of("rule.unprocessedBlocks", "false"));
        assertEligible(check(off, driver().status("HI").build()));
        // switched off, the letters need not be configured at all
        Map<String, String> changes = new HashMap<>(Map.of("rule.unprocessedBlocks", "false"));
        changes.put("rule.blockOnUnprocessed", null);
        BusinessDescriptor offNoLetters = RuleTesting.withProperties(d, changes);
        assertEligible(check(offNoLetters, driver().status("H").build()));
        BusinessDescriptor violationsOnly = RuleTesting.withProperties(d, Map.of("rule.blockOnUnprocessed", "H"));
        assertEligible(check(violationsOnly, driver().status("I").build()));
        assertRefused("UNPROCESSED", check(violationsOnly, driver().status("H").build()));
    }

    @Test
    public void bothConfirmationsAreNeeded() {
        assertFieldError("confirmCancel", "CONFIRMATION_REQUIRED", form(d, adultMale(), null, "yes"));
        assertFieldError("confirmAgain", "CONFIRMATION_REQUIRED", form(d, adultMale(), "yes", null));
        assertFieldError("confirmAgain", "CONFIRMATION_REQUIRED", form(d, adultMale(), "yes", "no"));
        assertFieldError("confirmCancel", "CONFIRMATION_REQUIRED", form(d, adultMale(), null, null));
        assertEligible(form(d, adultMale(), " yes ", "yes"));
    }

    @Test
    public void refusalsComeBeforeTheAnswerCheck() {
        assertRefused("LICENCE_STATUS_D", form(d, suspended(), null, null));
        assertRefused("UNPROCESSED", form(d, driver().status("H").build(), "yes", "yes"));
    }

    @Test
    public void parametersComeFromTheDescriptor() {
        BusinessDescriptor fewer = RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "DKU"));
        assertEligible(check(fewer, driver().status("F").build()));
        BusinessDescriptor more = RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "DKUFEGB"));
        assertRefused("LICENCE_STATUS_B", check(more, driver().status("B").build()));
    }

    @Test
    public void missingOrBrokenParametersNeverLetThrough() {
        for (String key : List.of("rule.blockedStatus", "rule.unprocessedBlocks", "rule.blockOnUnprocessed")) {
            try {
                check(RuleTesting.withProperties(d, Collections.singletonMap(key, null)), adultMale());
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        for (Map.Entry<String, String> bad : Map.of("rule.unprocessedBlocks", "yes", "rule.blockOnUnprocessed", "h,i",
                "rule.blockedStatus", "暂扣").entrySet()) {
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

    /** What the kiosk checks at deploy time: every declared parameter set, typed and in range; no stray rule.* key. */
    @Test
    public void parametersAreDeclared() {
        RuleTesting.assertParametersDeclared(d, rule);
    }
}
