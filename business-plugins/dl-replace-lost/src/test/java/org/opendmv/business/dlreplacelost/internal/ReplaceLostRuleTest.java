package org.opendmv.business.dlreplacelost.internal;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.testkit.RuleTesting;
import org.opendmv.records.api.DriverRecord;

public class ReplaceLostRuleTest {
    private static final LocalDate BORN_1985 = LocalDate.of(1985, 4, 12);
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-replace-lost");
    private final ReplaceLostRule rule = new ReplaceLostRule();

    // the simulator's profiles (bundles/records sim/records.json), rebuilt here
    private static DriverRecord adultMale() {
        return driver().classes("C1").validUntil(TODAY.plusDays(60)).status("A").build();
    }

    private static DriverRecord suspended() {
        return driver().classes("C1").validUntil(TODAY.plusYears(2)).status("D").build();
    }

    private static DriverRecord lapsed() {
        return driver().classes("C1").validUntil(TODAY.minusDays(400)).status("M").build();
    }

    private RuleResult check(BusinessDescriptor desc, DriverRecord r) {
        return evaluate(rule, desc, facts(BORN_1985, r));
    }

    /** As at FORM: the answers arrive as form.<field>; empty answers are not passed at all. */
    private RuleResult form(BusinessDescriptor desc, DriverRecord r, String reason, String detail) {
        Map<String, Object> f = new LinkedHashMap<>(facts(BORN_1985, r));
        f.put(Facts.FORM_PREFIX + "mobile", "13800000001");
        f.put(Facts.FORM_PREFIX + "reason", reason);
        if (detail != null) {
            f.put(Facts.FORM_PREFIX + "reasonDetail", detail);
        }
        return evaluate(rule, desc, f);
    }

    @Test
    public void descriptorFollowsTheSeedAndFeeSchedule() {
        assertEquals("驾驶证遗失补领", d.name().zh());
        assertEquals("driver-licence", d.category());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "MATERIALS", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(1000, d.feeFen());
        assertEquals(List.of(ReplaceLostRule.ID), d.rules());
        assertFalse(d.photoNeeded());
        assertEquals("CF", d.properties().get("business.typeCode"));
        assertEquals("CZ", d.properties().get("business.typeCode.other"));
        assertEquals(java.util.List.of("dl.business.replace"), d.form().orElseThrow().tick());
        assertEquals("id-proof", d.materials().get(0).code());
        assertTrue(d.materials().get(0).required());
        assertEquals(List.of("lost", "other"),
                d.field("reason").orElseThrow().options().stream().map(ChoiceOption::value).toList());
        FieldSpec detail = d.field("reasonDetail").orElseThrow();
        assertFalse("required only for 'other', which the rule checks", detail.required());
        assertEquals(100, detail.maxLength());
    }

    @Test
    public void simulatorProfiles() {
        assertEligible(check(d, adultMale()));
        assertEligible(form(d, adultMale(), "lost", null));
        assertRefused("LICENCE_STATUS_D", check(d, suspended()));
        assertRefused("EXPIRED_TOO_LONG", check(d, lapsed()));
    }

    @Test
    public void noLicence() {
        assertRefused("NO_LICENCE", check(d, null));
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "DKUEFG".toCharArray()) {
            assertRefused("LICENCE_STATUS_" + c, check(d, driver().status(String.valueOf(c)).build()));
        }
        // overdue renewal, unprocessed violations and the like do not stop a replacement
        for (String s : List.of("M", "AH", "HI", "B", "N", "P", "S", "T")) {
            assertEligible(check(d, driver().status(s).build()));
        }
    }

    @Test
    public void expiryBoundary() {
        assertEligible(check(d, driver().validUntil(TODAY.minusDays(200)).status("M").build()));
        assertEligible(check(d, driver().validUntil(TODAY.minusMonths(12)).status("M").build()));
        assertRefused("EXPIRED_TOO_LONG", check(d, driver().validUntil(TODAY.minusMonths(12).minusDays(1)).status("M").build()));
        // long-term licences never expire
        assertEligible(check(d, driver().validUntil(null).build()));
        RuleResult r = check(d, lapsed());
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("2025年10月20日"));
    }

    @Test
    public void otherReasonNeedsADetail() {
        assertEligible(form(d, adultMale(), "other", "证件被盗"));
        assertFieldError("reasonDetail", "REASON_DETAIL_REQUIRED", form(d, adultMale(), "other", null));
        assertFieldError("reasonDetail", "REASON_DETAIL_REQUIRED", form(d, adultMale(), "other", "   "));
        // a detail with "lost" is harmless
        assertEligible(form(d, adultMale(), "lost", "在地铁上丢失"));
    }

    @Test
    public void refusalsComeBeforeTheAnswerCheck() {
        assertRefused("LICENCE_STATUS_D", form(d, suspended(), "other", null));
        assertRefused("EXPIRED_TOO_LONG", form(d, lapsed(), "other", null));
    }

    @Test
    public void limitsComeFromTheDescriptor() {
        BusinessDescriptor shorter = RuleTesting.withProperties(d, Map.of("rule.maxExpiredMonths", "6"));
        assertRefused("EXPIRED_TOO_LONG", check(shorter, driver().validUntil(TODAY.minusDays(200)).status("M").build()));
        BusinessDescriptor longer = RuleTesting.withProperties(d, Map.of("rule.maxExpiredMonths", "24"));
        assertEligible(check(longer, lapsed()));
        BusinessDescriptor blocksM = RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "DKUEFGM"));
        assertRefused("LICENCE_STATUS_M", check(blocksM, driver().validUntil(TODAY.minusDays(10)).status("M").build()));
    }

    @Test
    public void missingOrBrokenParametersNeverLetThrough() {
        for (String key : List.of("rule.blockedStatus", "rule.maxExpiredMonths")) {
            try {
                check(RuleTesting.withProperties(d, Collections.singletonMap(key, null)), adultMale());
                fail("a missing " + key + " must not let the citizen through");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(key));
            }
        }
        for (Map.Entry<String, String> bad : Map.of("rule.maxExpiredMonths", "a year", "rule.blockedStatus", "d k").entrySet()) {
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
