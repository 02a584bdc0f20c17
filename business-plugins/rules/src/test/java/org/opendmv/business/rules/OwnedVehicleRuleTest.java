package org.opendmv.business.rules;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Categories;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.testkit.OwnedVehicleChecks;
import org.opendmv.business.testkit.RuleTesting;

/** The shared rule of the four descriptor-only vehicle businesses (plate and licence, replace and exchange). */
public class OwnedVehicleRuleTest {
    private final OwnedVehicleRule rule = new OwnedVehicleRule();
    private final BusinessDescriptor d = BusinessDescriptor.builder("mv-plate-replace").name(LocalizedText.of("补领机动车号牌", "Replace a plate"))
            .category(Categories.MOTOR_VEHICLE).rules(List.of(OwnedVehicleRule.ID))
            .properties(Map.of("subject", "vehicle", "rule.blockedStatus", "CEKLMNOP")).build();

    @Test
    public void ownersVehicleIsAccepted() {
        OwnedVehicleChecks.ownersVehicleIsAccepted(rule, d);
    }

    @Test
    public void noVehicle() {
        OwnedVehicleChecks.noVehicle(rule, d);
    }

    @Test
    public void everyBlockedStatusLetterRefuses() {
        OwnedVehicleChecks.everyBlockedStatusLetterRefuses(rule, d);
    }

    @Test
    public void simulatorDataset() {
        OwnedVehicleChecks.simulatorDataset(rule, d);
    }

    @Test
    public void blockedLettersComeFromTheDescriptor() {
        OwnedVehicleChecks.blockedLettersComeFromTheDescriptor(rule, d);
    }

    @Test
    public void statusLettersAreCheckedBeforeAVisit() {
        assertEquals(List.of(), rule.checkParameters(Map.of("rule.blockedStatus", "CEKLMNOP")));
        assertEquals(List.of(), rule.checkParameters(Map.of("rule.blockedStatus", "C, E K")));
        List<String> p = rule.checkParameters(Map.of("rule.blockedStatus", "c-e"));
        assertEquals(1, p.size());
        assertTrue(p.get(0), p.get(0).startsWith("rule.blockedStatus must be upper-case status letters"));
    }

    /** bnd writes the declared parameters where the engine and the validator read them without running the rule. */
    @Test
    public void parametersAreDeclaredInTheBundle() throws Exception {
        File xml = new File("target/classes/OSGI-INF/metatype/org.opendmv.rule.vehicle.owned-status.xml");
        assertTrue(xml + " written by bnd", xml.isFile());
        String text = Files.readString(xml.toPath());
        assertTrue(text, text.contains("id=\"rule.blockedStatus\""));
        assertTrue("no default: a descriptor must set it", !text.contains("default="));
    }

    /** The testkit's check is the kiosk's deploy-time check: it fails on what the kiosk would refuse. */
    @Test
    public void theTestkitCatchesWhatTheKioskRefuses() {
        RuleTesting.assertParametersDeclared(d, rule);
        for (Map<String, String> bad : List.of(Map.of("subject", "vehicle"), Map.of("rule.blockedStatus", "c-e"),
                Map.of("rule.blockedStatus", "CEK", "rule.blockedStatu", "CEK"))) {
            try {
                RuleTesting.assertParametersDeclared(d.withProperties(bad), rule);
                fail("accepted " + bad);
            } catch (AssertionError e) {
                assertTrue(e.getMessage(), e.getMessage().contains("rule.blockedStatu"));
            }
        }
    }
}
