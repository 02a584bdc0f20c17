package org.opendmv.business.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.descriptor.Descriptors;
import org.opendmv.business.descriptor.MetatypeXml;
import org.opendmv.business.descriptor.ParameterChecks;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;

/**
 * What a business bundle's unit tests need: its own descriptor read by the kiosk's strict parser,
 * synthetic records, rule contexts, and assertions on what the citizen would read.
 */
public final class RuleTesting {
    /** A fixed "today" so tests do not depend on the calendar. */
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    /** Synthetic applicant (same as the simulator's adult-male card). */
    public static final String ID = "110101198504120019";

    private RuleTesting() {
    }

    /** The descriptor at {@code OSGI-INF/business/<code>.json} on the test class path. */
    public static BusinessDescriptor descriptor(String code) {
        String path = "OSGI-INF/business/" + code + ".json";
        try (InputStream in = RuleTesting.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError(path + " not found");
            }
            return Descriptors.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The descriptor sets every parameter its rules declare without a default, with values of the
     * declared type and range that pass the rules' own {@code checkParameters}, and no {@code rule.*}
     * key that no rule declares: what the kiosk checks at deploy time. Each rule's declaration is
     * read from {@code OSGI-INF/metatype/org.opendmv.rule.<id>.xml} on the test class path (bnd
     * writes it into {@code target/classes} for the bundle's own rules).
     */
    public static void assertParametersDeclared(BusinessDescriptor d, EligibilityRule... rules) {
        Map<String, ParameterChecks.RuleDecl> decls = new HashMap<>();
        for (String id : d.rules()) {
            String path = "OSGI-INF/metatype/" + MetatypeXml.RULE_OCD_PREFIX + id + ".xml";
            try (InputStream in = RuleTesting.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new AssertionError("rule " + id + " declares no parameters: " + path
                            + " not found (an @ObjectClassDefinition(id = \"" + MetatypeXml.RULE_OCD_PREFIX + id + "\") in the rule)");
                }
                MetatypeXml.Ocd ocd = MetatypeXml.read(in).stream().filter(o -> o.ruleId().filter(id::equals).isPresent()).findFirst()
                        .orElseThrow(() -> new AssertionError(path + " has no OCD " + MetatypeXml.RULE_OCD_PREFIX + id));
                EligibilityRule rule = java.util.Arrays.stream(rules).filter(r -> r.id().equals(id)).findFirst().orElse(null);
                decls.put(id, new ParameterChecks.RuleDecl(id, ocd, rule == null ? m -> List.of() : rule::checkParameters));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertEquals("deploy-time parameter problems of " + d.code(), List.of(), ParameterChecks.deployProblems(d, decls));
    }

    /** The same descriptor with some properties replaced (null removes one). */
    public static BusinessDescriptor withProperties(BusinessDescriptor d, Map<String, String> changes) {
        Map<String, String> p = new HashMap<>(d.properties());
        changes.forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        return d.withProperties(p);
    }

    /** A licence: valid C1, status A, expiring in 60 days, health check a month ago. Change with the builder. */
    public static DriverBuilder driver() {
        return new DriverBuilder();
    }

    /** A vehicle: 京A12345, small non-operating car in year 4, due in 40 days, everything in order. */
    public static VehicleBuilder vehicle() {
        return new VehicleBuilder();
    }

    /** Facts as the CHECK step gives them: ID card facts (born {@code birth}), the driver record if not null. */
    public static Map<String, Object> facts(LocalDate birth, DriverRecord driver) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Facts.ID_NUMBER, ID);
        f.put(Facts.BIRTH_DATE, birth);
        f.put(Facts.SEX, "1");
        if (driver != null) {
            f.put(Facts.DRIVER, driver);
        }
        return f;
    }

    public static RuleResult evaluate(EligibilityRule rule, BusinessDescriptor d, Map<String, Object> facts) {
        return rule.evaluate(new RuleContext(d, facts, TODAY));
    }

    public static void assertEligible(RuleResult r) {
        assertTrue("expected eligible, got " + r + " " + r.reason().map(LocalizedText::zh).orElse(""), r.isEligible());
    }

    /** Refused with this code, with a reason and advice in both languages. */
    public static void assertRefused(String code, RuleResult r) {
        assertFalse("expected refusal " + code, r.isEligible());
        assertEquals(code, r.code().orElse(null));
        assertFalse("refusal must not be a field error", r.field().isPresent());
        assertText(r.reason().orElseThrow());
        assertText(r.advice().orElseThrow());
    }

    /** A field-level error on {@code field} with this code. */
    public static void assertFieldError(String field, String code, RuleResult r) {
        assertFalse(r.isEligible());
        assertEquals(code, r.code().orElse(null));
        assertEquals(field, r.field().orElse(null));
        assertText(r.reason().orElseThrow());
    }

    private static void assertText(LocalizedText t) {
        assertTrue("zh-CN text", t.has(LocalizedText.ZH));
        assertTrue("en text", t.has(LocalizedText.EN));
        assertFalse("no ID number in texts", t.zh().contains(ID) || t.en().contains(ID));
    }

    /**
     * Bad input for every field of the descriptor: empty (if required), over-long, control and
     * markup characters, SQL — each must produce a field message in zh-CN and en.
     */
    public static void assertFieldsRejectBadInput(BusinessDescriptor d) {
        List<String> accepted = new ArrayList<>();
        for (FieldSpec f : d.fields()) {
            List<String> bad = new ArrayList<>(List.of("x".repeat(FieldValidation.DEFAULT_MAX_LENGTH + 1),
                    "<script>alert(1)</script>", "1'; DROP TABLE applications; --", "abc\u0000def", "line\nbreak"));
            if (f.maxLength() > 0) {
                bad.add("9".repeat(f.maxLength() + 1));
            }
            if (f.required()) {
                bad.add("");
                bad.add("   ");
            }
            for (String v : bad) {
                var err = FieldValidation.check(f, v);
                if (err.isEmpty()) {
                    accepted.add(f.name() + "=" + v.replace("\n", "\\n").replace("\u0000", "\\0"));
                } else {
                    assertText(err.get());
                }
            }
        }
        assertTrue("accepted bad input: " + accepted, accepted.isEmpty());
    }

    /** Builder for {@link DriverRecord}. */
    public static final class DriverBuilder {
        private List<String> classes = List.of("C1");
        private LocalDate validUntil = TODAY.plusDays(60);
        private String status = "A";
        private int points;
        private LocalDate cycleEnd = TODAY.plusDays(100);
        private LocalDate reviewDue;
        private LocalDate medicalDue;
        private LocalDate lastMedical = TODAY.minusDays(30);
        private boolean fatalAccident;

        public DriverBuilder classes(String... c) { this.classes = List.of(c); return this; }
        public DriverBuilder validUntil(LocalDate d) { this.validUntil = d; return this; }
        public DriverBuilder status(String s) { this.status = s; return this; }
        public DriverBuilder points(int p) { this.points = p; return this; }
        public DriverBuilder cycleEnd(LocalDate d) { this.cycleEnd = d; return this; }
        public DriverBuilder reviewDue(LocalDate d) { this.reviewDue = d; return this; }
        public DriverBuilder medicalDue(LocalDate d) { this.medicalDue = d; return this; }
        public DriverBuilder lastMedical(LocalDate d) { this.lastMedical = d; return this; }
        public DriverBuilder fatalAccident(boolean f) { this.fatalAccident = f; return this; }

        public DriverRecord build() {
            return new DriverRecord(ID, "110100000001", classes, TODAY.minusYears(18), TODAY.minusYears(6), validUntil, status,
                    points, cycleEnd, reviewDue, medicalDue, lastMedical, fatalAccident, "13800000001", "100010",
                    "北京市东城区测试大街1号");
        }
    }

    /** Builder for {@link VehicleRecord}. */
    public static final class VehicleBuilder {
        private String plate = "京A12345";
        private String plateType = "02";
        private String vehicleType = "K33";
        private String useCode = "A";
        private int seats = 5;
        private LocalDate registered = TODAY.minusYears(4).plusDays(40);
        private LocalDate inspectionDue = TODAY.plusDays(40);
        private String status = "A";
        private int violations;
        private int accidents;
        private boolean casualty;
        private boolean modification;
        private LocalDate insurance = TODAY.plusDays(200);
        private LocalDate tax = TODAY.plusDays(200);

        public VehicleBuilder plate(String p) { this.plate = p; return this; }
        public VehicleBuilder plateType(String p) { this.plateType = p; return this; }
        public VehicleBuilder vehicleType(String t) { this.vehicleType = t; return this; }
        public VehicleBuilder useCode(String u) { this.useCode = u; return this; }
        public VehicleBuilder seats(int s) { this.seats = s; return this; }
        public VehicleBuilder registered(LocalDate d) { this.registered = d; return this; }
        public VehicleBuilder inspectionDue(LocalDate d) { this.inspectionDue = d; return this; }
        public VehicleBuilder status(String s) { this.status = s; return this; }
        public VehicleBuilder violations(int n) { this.violations = n; return this; }
        public VehicleBuilder accidents(int n) { this.accidents = n; return this; }
        public VehicleBuilder casualty(boolean b) { this.casualty = b; return this; }
        public VehicleBuilder modification(boolean b) { this.modification = b; return this; }
        public VehicleBuilder insurance(LocalDate d) { this.insurance = d; return this; }
        public VehicleBuilder tax(LocalDate d) { this.tax = d; return this; }

        public VehicleRecord build() {
            return new VehicleRecord(plate, plateType, vehicleType, useCode, seats, registered, inspectionDue, status, violations,
                    accidents, casualty, modification, insurance, tax, "1234");
        }
    }

    /** Facts for a vehicle rule: the applicant plus the vehicle asked about. */
    public static Map<String, Object> vehicleFacts(VehicleRecord v) {
        Map<String, Object> f = facts(LocalDate.of(1985, 4, 12), null);
        if (v != null) {
            f.put(Facts.VEHICLES, List.of(v));
            f.put(Facts.VEHICLE, v);
        }
        return f;
    }
}
