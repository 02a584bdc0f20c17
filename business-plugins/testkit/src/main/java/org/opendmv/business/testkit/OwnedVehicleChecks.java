package org.opendmv.business.testkit;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.opendmv.business.testkit.RuleTesting.TODAY;
import static org.opendmv.business.testkit.RuleTesting.assertEligible;
import static org.opendmv.business.testkit.RuleTesting.assertRefused;
import static org.opendmv.business.testkit.RuleTesting.evaluate;
import static org.opendmv.business.testkit.RuleTesting.vehicle;
import static org.opendmv.business.testkit.RuleTesting.vehicleFacts;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.records.api.VehicleRecord;
import org.opendmv.business.testkit.RuleTesting.VehicleBuilder;

/**
 * The rule branches shared by the businesses that only need the owner's vehicle to be free of
 * blocking status letters (licence and plate, replace and exchange): each business's test calls
 * these with its own rule and descriptor.
 */
public final class OwnedVehicleChecks {
    private OwnedVehicleChecks() {
    }

    /** Evaluates {@code v}; null code = eligible, otherwise that refusal, whose reason names the plate. */
    public static void expect(EligibilityRule rule, BusinessDescriptor d, String code, VehicleRecord v) {
        expectWith(rule, code, d, v);
    }

    private static void expectWith(EligibilityRule rule, String code, BusinessDescriptor d, VehicleRecord v) {
        RuleResult r = evaluate(rule, d, vehicleFacts(v));
        if (code == null) {
            assertEligible(r);
        } else {
            assertRefused(code, r);
            assertTrue("reason names the plate", r.reason().orElseThrow().zh().contains(v.plate()));
            assertTrue("reason names the plate", r.reason().orElseThrow().en().contains(v.plate()));
        }
    }

    /** A vehicle of the simulator dataset: registered {@code -<years>y+<days>d}, due {@code +<days>d}. */
    public static VehicleBuilder sim(String plate, int years, int days) {
        return vehicle().plate(plate).registered(TODAY.minusYears(years).plusDays(days)).inspectionDue(TODAY.plusDays(days))
                .insurance(TODAY.plusDays(100)).tax(TODAY.plusDays(100));
    }

    public static void ownersVehicleIsAccepted(EligibilityRule rule, BusinessDescriptor d) {
        expect(rule, d, null, vehicle().build());
        // unlike the sticker, type, use and inspection do not matter for a replacement
        expect(rule, d, null, vehicle().vehicleType("K21").useCode("B").seats(19).registered(TODAY.minusYears(16))
                .inspectionDue(TODAY.minusDays(100)).violations(3).accidents(1).casualty(true).modification(true)
                .insurance(null).tax(null).build());
    }

    public static void noVehicle(EligibilityRule rule, BusinessDescriptor d) {
        assertRefused("NO_VEHICLE", evaluate(rule, d, vehicleFacts(null)));
    }

    public static void everyBlockedStatusLetterRefuses(EligibilityRule rule, BusinessDescriptor d) {
        for (char c : "CEKLMNOP".toCharArray()) {
            expect(rule, d, "VEHICLE_STATUS_" + c, vehicle().status(String.valueOf(c)).build());
        }
        expect(rule, d, "VEHICLE_STATUS_KL", vehicle().status("AKL").build());
        // overdue inspection, pending violations, laid up: the plate or licence can still be replaced
        for (String s : List.of("A", "D", "G", "Q", "AGQ", "")) {
            expect(rule, d, null, vehicle().status(s).build());
        }
    }

    public static void simulatorDataset(EligibilityRule rule, BusinessDescriptor d) {
        expect(rule, d, null, sim("京A12345", 4, 40).insurance(TODAY.plusDays(200)).tax(TODAY.plusDays(200)).build());
        expect(rule, d, null, sim("京A6789X", 2, 30).vehicleType("K39").seats(7).build());
        expect(rule, d, "VEHICLE_STATUS_K", sim("京C20001", 4, 30).status("K").build());
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
            expect(rule, d, null, v);
        }
    }

    public static void blockedLettersComeFromTheDescriptor(EligibilityRule rule, BusinessDescriptor d) {
        expectWith(rule, "VEHICLE_STATUS_Q", RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "CEKLMNOPQ")), vehicle().status("Q").build());
        expectWith(rule, null, RuleTesting.withProperties(d, Map.of("rule.blockedStatus", "CELMNOP")), vehicle().status("K").build());
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
}
