package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.opendmv.devices.api.IdCardData;

public class CitizensTest {
    /** Fixed reference date, so the age categories are checked deterministically. */
    private static final LocalDate REF = LocalDate.of(2026, 11, 24);

    /** GB 11643-1999 / ISO 7064 MOD 11-2, written independently of the production code. */
    static boolean gb11643Valid(String id) {
        if (id == null || !id.matches("[0-9]{17}[0-9X]")) {
            return false;
        }
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int s = 0;
        for (int i = 0; i < 17; i++) {
            s += (id.charAt(i) - '0') * w[i];
        }
        return "10X98765432".charAt(s % 11) == id.charAt(17);
    }

    private static Map<String, Citizen> citizens() throws CitizensFormatException {
        return CitizensLoader.loadBundled();
    }

    private static int age(Citizen c) {
        return Period.between(c.birthDate(), REF).getYears();
    }

    @Test
    public void checkerAgreesWithTheStandardsWorkedExamples() {
        assertTrue(gb11643Valid("11010519491231002X"));
        assertTrue(gb11643Valid("440524188001010014"));
        assertFalse(gb11643Valid("110105194912310021"));
    }

    @Test
    public void bundleHasTheDocumentedProfiles() throws Exception {
        // the first eight test the card checks; the others carry licence and vehicle records for the business rules
        assertEquals(List.of("adult-male", "adult-female", "elderly", "senior", "expired", "long-term", "bad-checksum",
                "minor", "dl-suspended", "dl-lapsed", "dl-late", "dl-no-medical", "dl-postponed", "elderly-moto", "mv-fleet",
                "mv-seized"), List.copyOf(citizens().keySet()));
    }

    @Test
    public void everyIdNumberButTheDeliberatelyBadOnePassesGb11643() throws Exception {
        for (Citizen c : citizens().values()) {
            assertEquals(c.id(), !c.id().equals("bad-checksum"), gb11643Valid(c.idNumber()));
        }
    }

    @Test
    public void idNumbersAgreeWithBirthDateSexAndABeijingRegion() throws Exception {
        for (Citizen c : citizens().values()) {
            String n = c.idNumber();
            assertTrue(c.id(), n.startsWith("1101"));
            assertEquals(c.id(), c.birthDate().toString().replace("-", ""), n.substring(6, 14));
            boolean odd = (n.charAt(16) - '0') % 2 == 1;
            assertEquals(c.id(), odd ? IdCardData.Sex.MALE : IdCardData.Sex.FEMALE, c.sex());
            assertTrue(c.id() + " must be visibly synthetic", c.name().startsWith("测试"));
        }
    }

    @Test
    public void profilesCoverTheAgeAndValidityCases() throws Exception {
        Map<String, Citizen> m = citizens();
        assertEquals(IdCardData.Sex.MALE, m.get("adult-male").sex());
        assertEquals(IdCardData.Sex.FEMALE, m.get("adult-female").sex());
        for (String adult : List.of("adult-male", "adult-female")) {
            assertTrue(adult, age(m.get(adult)) >= 18 && age(m.get(adult)) < 60);
            assertTrue(adult, m.get(adult).validUntil().isAfter(REF));
        }
        assertTrue(age(m.get("elderly")) >= 70);
        assertTrue(age(m.get("senior")) >= 63 && age(m.get("senior")) <= 69);
        assertTrue(age(m.get("minor")) < 18);
        assertTrue(m.get("minor").validUntil().isAfter(REF));
        assertTrue(m.get("expired").validUntil().isBefore(REF));
        assertNull(m.get("long-term").validUntil());
    }

    @Test
    public void cardDataCarriesAGeneratedPhotoAndNoWlt() throws Exception {
        IdCardData d = citizens().get("long-term").toCardData(true);
        assertTrue(d.isLongTerm());
        assertFalse(d.photoWlt().isPresent());
        java.awt.image.BufferedImage img = SimFixture.decode(d.photo().orElseThrow());
        assertEquals(102, img.getWidth());
        assertEquals(126, img.getHeight());
        assertFalse(citizens().get("adult-male").toCardData(false).photo().isPresent());
    }

    @Test
    public void toStringShowsNoPersonalData() throws Exception {
        Citizen c = citizens().get("adult-male");
        assertFalse(c.toString().contains(c.name()));
        assertFalse(c.toString().contains(c.idNumber()));
    }
}
