package org.opendmv.business.dlrenewal.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.opendmv.business.testkit.RuleTesting.TODAY;
import static org.opendmv.business.testkit.RuleTesting.assertEligible;
import static org.opendmv.business.testkit.RuleTesting.assertRefused;
import static org.opendmv.business.testkit.RuleTesting.driver;
import static org.opendmv.business.testkit.RuleTesting.evaluate;
import static org.opendmv.business.testkit.RuleTesting.facts;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.testkit.RuleTesting;
import org.opendmv.records.api.DriverRecord;

public class RenewalRuleTest {
    private static final LocalDate BORN_1985 = LocalDate.of(1985, 4, 12);
    private final BusinessDescriptor d = RuleTesting.descriptor("dl-renewal");
    private final RenewalRule rule = new RenewalRule();

    private void expect(String code, DriverRecord r, LocalDate birth) {
        var result = evaluate(rule, d, facts(birth, r));
        if (code == null) {
            assertEligible(result);
        } else {
            assertRefused(code, result);
        }
    }

    @Test
    public void descriptorFollowsTheSeedAndFeeSchedule() {
        assertEquals("驾驶证期满换证", d.name().zh());
        assertEquals(List.of("IDENTIFY", "CHECK", "FORM", "PHOTO", "SIGN", "PAY", "RECEIPT"),
                d.steps().stream().map(StepSpec::type).toList());
        assertEquals(1000, d.feeFen());
        assertEquals(List.of(RenewalRule.ID), d.rules());
        assertTrue(d.photoNeeded());
    }

    @Test
    public void insideTheWindowIsAccepted() {
        expect(null, driver().validUntil(TODAY.plusDays(60)).build(), BORN_1985);
        expect(null, driver().validUntil(TODAY.plusDays(90)).build(), BORN_1985);
        expect(null, driver().validUntil(TODAY).build(), BORN_1985);
    }

    @Test
    public void lateButWithinElevenMonthsIsAccepted() {
        expect(null, driver().validUntil(TODAY.minusDays(200)).status("M").build(), BORN_1985);
        expect(null, driver().validUntil(TODAY.minusMonths(11)).status("M").build(), BORN_1985);
    }

    @Test
    public void noLicence() {
        expect("NO_LICENCE", null, BORN_1985);
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        for (char c : "BDEFGKU".toCharArray()) {
            expect("LICENCE_STATUS_" + c, driver().status(String.valueOf(c)).build(), BORN_1985);
        }
        // letters that do not block: H (violation pending) is handled at the counter, not here
        expect(null, driver().status("AH").build(), BORN_1985);
    }

    @Test
    public void tooEarly() {
        expect("TOO_EARLY", driver().validUntil(TODAY.plusDays(91)).build(), BORN_1985);
        var r = evaluate(rule, d, facts(BORN_1985, driver().validUntil(LocalDate.of(2027, 6, 1)).build()));
        assertTrue(r.reason().orElseThrow().zh(), r.reason().orElseThrow().zh().contains("2027年3月3日"));
    }

    @Test
    public void expiredTooLong() {
        expect("EXPIRED_TOO_LONG", driver().validUntil(TODAY.minusMonths(11).minusDays(1)).status("M").build(), BORN_1985);
    }

    @Test
    public void longTermLicenceNeedsNoRenewal() {
        expect("LONG_TERM", driver().validUntil(null).build(), BORN_1985);
    }

    @Test
    public void healthCheckMissingOrOld() {
        expect("NO_RECENT_MEDICAL", driver().lastMedical(null).build(), BORN_1985);
        expect("NO_RECENT_MEDICAL", driver().lastMedical(TODAY.minusMonths(6).minusDays(1)).build(), BORN_1985);
        expect(null, driver().lastMedical(TODAY.minusMonths(6)).build(), BORN_1985);
    }

    @Test
    public void age63WithLargeClass() {
        LocalDate born63 = TODAY.minusYears(63);
        expect("AGE_LARGE_CLASS", driver().classes("A1").build(), born63);
        expect("AGE_LARGE_CLASS", driver().classes("B2", "E").build(), born63);
        expect(null, driver().classes("A1").build(), born63.plusDays(1));
        expect(null, driver().classes("C1").build(), born63);
    }

    @Test
    public void age70WithBlockedClass() {
        LocalDate born70 = TODAY.minusYears(70);
        expect("AGE_ELDER_CLASS", driver().classes("C1", "E").build(), born70);
        expect(null, driver().classes("C1").build(), born70);
        expect(null, driver().classes("C1", "E").build(), born70.plusDays(1));
    }

    @Test
    public void limitsComeFromTheDescriptor() {
        BusinessDescriptor wider = RuleTesting.withProperties(d, Map.of("rule.windowDaysBefore", "120"));
        assertEligible(evaluate(rule, wider, facts(BORN_1985, driver().validUntil(TODAY.plusDays(100)).build())));
        BusinessDescriptor broken = RuleTesting.withProperties(d, java.util.Collections.singletonMap("rule.windowDaysBefore", null));
        try {
            evaluate(rule, broken, facts(BORN_1985, driver().build()));
            fail("a missing parameter must not let the citizen through");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("rule.windowDaysBefore"));
        }
        BusinessDescriptor garbled = RuleTesting.withProperties(d, Map.of("rule.windowDaysBefore", "ninety"));
        try {
            evaluate(rule, garbled, facts(BORN_1985, driver().build()));
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("integer"));
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
