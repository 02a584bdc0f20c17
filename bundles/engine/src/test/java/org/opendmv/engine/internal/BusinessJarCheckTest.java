package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Test;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.ValidationReport;
import org.opendmv.engine.api.ValidationReport.Problem;
import org.opendmv.engine.api.ValidationReport.Severity;

/** kiosk:business-validate's logic: a jar is judged as the registry judges it on deploy. */
public class BusinessJarCheckTest {
    private static final String GOOD = "{\"code\": \"acme-cert-replace\", \"name\": {\"zh-CN\": \"补领机动车登记证书\", \"en\": \"Replace a lost registration certificate\"},"
            + " \"category\": \"motor-vehicle\", \"icon\": \"vehicle-replace\", \"steps\": [\"IDENTIFY\", \"CHECK\", \"FORM\", \"RECEIPT\"],"
            + " \"fields\": [{\"name\": \"phone\", \"label\": \"手机号码\", \"type\": \"MOBILE\", \"required\": true}],"
            + " \"rules\": [\"acme-cert-replace.eligibility\"], \"properties\": {\"rule.minAge\": \"18\"}}";
    private static final String RULE_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"com.acme.internal.EligibilityRuleImpl\">\n"
            + "  <property name=\"rule.id\" type=\"String\" value=\"acme-cert-replace.eligibility\"/>\n"
            + "  <service><provide interface=\"org.opendmv.business.api.spi.EligibilityRule\"/></service>\n"
            + "  <implementation class=\"com.acme.internal.EligibilityRuleImpl\"/>\n</scr:component>\n";

    private static final class Kiosk implements BusinessJarCheck.Installed {
        Set<String> rules = Set.of();
        Set<String> steps = Set.of("IDENTIFY", "CHECK", "FORM", "SIGN", "PAY", "RECEIPT", "MATERIALS", "PHOTO");
        Map<String, BusinessSource> codes = new LinkedHashMap<>();

        @Override
        public boolean rule(String id) {
            return rules.contains(id);
        }

        @Override
        public boolean stepType(String id) {
            return steps.contains(id);
        }

        @Override
        public Optional<BusinessSource> source(String code) {
            return Optional.ofNullable(codes.get(code));
        }
    }

    static byte[] jar(String bsn, Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", bsn + ";singleton:=false");
            m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        }
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static ValidationReport check(byte[] jar, Registry registry, Kiosk kiosk) {
        return BusinessJarCheck.check("target/acme.jar", new ByteArrayInputStream(jar), registry, kiosk);
    }

    private static List<String> messages(ValidationReport r) {
        return r.problems().stream().map(Problem::message).toList();
    }

    @Test
    public void aGoodJarWhoseRuleIsOneOfItsComponentsIsOk() throws Exception {
        byte[] jar = jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", GOOD,
                "OSGI-INF/com.acme.internal.EligibilityRuleImpl.xml", RULE_XML));
        ValidationReport r = check(jar, new Registry(), new Kiosk());
        assertEquals(r.problems().toString(), 0, r.problems().size());
        assertTrue(r.ok());
        assertEquals("OK: 1 business(es), 0 problems", r.summary());
        assertEquals(List.of("acme-cert-replace"), r.businesses());
        assertEquals("com.acme.cert", r.symbolicName());
        assertEquals("1.0.0", r.version());
    }

    @Test
    public void aRuleThatIsNeitherInTheJarNorInstalledIsAProblem() throws Exception {
        byte[] jar = jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", GOOD));
        Kiosk kiosk = new Kiosk();
        ValidationReport r = check(jar, new Registry(), kiosk);
        assertFalse(r.ok());
        assertEquals(List.of("rule 'acme-cert-replace.eligibility' is neither installed nor provided by a component in this jar"
                + " (service property rule.id=acme-cert-replace.eligibility)"), messages(r));
        assertEquals("FAILED: 1 problem(s) in 1 business(es)", r.summary());
        kiosk.rules = Set.of("acme-cert-replace.eligibility");
        assertTrue("installed in the kiosk by another bundle", check(jar, new Registry(), kiosk).ok());
    }

    @Test
    public void everyProblemOfABrokenDescriptorIsListedAndAnUnknownStepTypeIsOnlyAWarning() throws Exception {
        String bad = GOOD.replace("\"vehicle-replace\"", "\"phone\"").replace("\"RECEIPT\"]", "\"RECEIPT\", \"VIDEO_CALL\"]")
                .replace("\"required\": true", "\"required\": \"yes\"");
        byte[] jar = jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", bad,
                "OSGI-INF/com.acme.internal.EligibilityRuleImpl.xml", RULE_XML,
                "OSGI-INF/business/second.json", "{\"code\": \"x\","));
        ValidationReport r = check(jar, new Registry(), new Kiosk());
        List<String> m = messages(r);
        assertTrue(m.toString(), m.contains("fields[0].required must be true or false"));
        assertEquals(2, r.businesses().size());
        assertTrue(m.toString(), m.stream().anyMatch(s -> s.startsWith("not valid JSON at line 1")));
        assertEquals("FAILED: 2 problem(s) in 2 business(es)", r.summary());

        r = check(jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", GOOD.replace("\"vehicle-replace\"", "\"phone\""),
                "OSGI-INF/com.acme.internal.EligibilityRuleImpl.xml", RULE_XML)), new Registry(), new Kiosk());
        assertEquals(1, r.errors());
        assertTrue(messages(r).get(0), messages(r).get(0).startsWith("icon 'phone' is not one the kiosk draws"));

        String newStep = GOOD.replace("\"RECEIPT\"]", "\"RECEIPT\", \"VIDEO_CALL\"]");
        r = check(jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", newStep,
                "OSGI-INF/com.acme.internal.EligibilityRuleImpl.xml", RULE_XML)), new Registry(), new Kiosk());
        assertEquals(0, r.errors());
        assertEquals(1, r.warnings());
        assertEquals("OK: 1 business(es), 0 problems, 1 warning(s)", r.summary());
        Problem w = r.problems().get(0);
        assertEquals(Severity.WARNING, w.severity());
        assertEquals("step type VIDEO_CALL is not installed: the business stays UNAVAILABLE until a bundle provides it", w.message());
        assertEquals("OSGI-INF/business/acme-cert-replace.json", w.resource());
        assertEquals("acme-cert-replace", w.code());
    }

    @Test
    public void theRegistrysDeployChecksApply() throws Exception {
        Registry registry = new Registry();
        registry.addCheck((d, bundleId) -> d.properties().containsKey("rule.minAge")
                ? List.of("rule.minAge is not declared by any of its rules") : List.of());
        byte[] jar = jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", GOOD,
                "OSGI-INF/com.acme.internal.EligibilityRuleImpl.xml", RULE_XML));
        ValidationReport r = check(jar, registry, new Kiosk());
        assertEquals(List.of("rule.minAge is not declared by any of its rules"), messages(r));
        assertTrue("nothing was installed", registry.businesses().isEmpty() && registry.invalid().isEmpty());
    }

    @Test
    public void aCodeOfAnotherBundleIsAConflictButTheSameBundleIsAnUpgrade() throws Exception {
        byte[] jar = jar("com.acme.cert", Map.of("OSGI-INF/business/acme-cert-replace.json", GOOD,
                "OSGI-INF/com.acme.internal.EligibilityRuleImpl.xml", RULE_XML));
        Kiosk kiosk = new Kiosk();
        kiosk.codes.put("acme-cert-replace", new BusinessSource(42, "org.other.cert", "2.0.0", "/OSGI-INF/business/x.json"));
        assertEquals(List.of("code 'acme-cert-replace' is already provided by org.other.cert [42]"), messages(check(jar, new Registry(), kiosk)));
        kiosk.codes.put("acme-cert-replace", new BusinessSource(43, "com.acme.cert", "0.9.0", "/OSGI-INF/business/x.json"));
        assertTrue(check(jar, new Registry(), kiosk).ok());
    }

    @Test
    public void notABusinessBundleOrNotAJarAtAll() throws Exception {
        ValidationReport r = check(jar(null, Map.of("readme.txt", "hello")), new Registry(), new Kiosk());
        assertEquals(List.of("no Bundle-SymbolicName in META-INF/MANIFEST.MF: not an OSGi bundle (build it with bnd-maven-plugin)",
                "no OSGI-INF/business/*.json: the jar declares no business"), messages(r));
        assertEquals("FAILED: 2 problem(s) in 0 business(es)", r.summary());
        r = BusinessJarCheck.check("x.txt", new ByteArrayInputStream("just text".getBytes(StandardCharsets.UTF_8)),
                new Registry(), new Kiosk());
        assertEquals(List.of("not a jar (no entries)"), messages(r));
    }
}
