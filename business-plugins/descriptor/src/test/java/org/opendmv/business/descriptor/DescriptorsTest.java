package org.opendmv.business.descriptor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;

public class DescriptorsTest {
    private static final String GOOD = """
            {
              "$schema": "https://schemas.opendmv.org/business-descriptor-1.2.json",
              "code": "acme-cert-replace",
              "name": {"zh-CN": "补领机动车登记证书", "en": "Replace a lost registration certificate"},
              "category": "motor-vehicle", "icon": "vehicle-replace",
              "steps": ["IDENTIFY", "CHECK", "FORM", "SIGN", "PAY", {"type": "RECEIPT", "idleTimeoutSeconds": 60}],
              "fields": [
                {"name": "plateNumber", "label": "号牌号码", "type": "PLATE", "required": true, "prefill": "check.plates"},
                {"name": "reason", "label": "补领原因", "type": "CHOICE", "required": true,
                 "options": ["lost", {"value": "destroyed", "label": {"zh-CN": "灭失", "en": "Destroyed"}}]},
                {"name": "address", "label": "邮寄地址", "type": "ADDRESS", "required": true, "maxLength": 70}],
              "materials": [{"code": "id-proof", "name": "身份证明", "required": true, "minPages": 1, "maxPages": 2}],
              "feeFen": 1000, "rules": ["acme-cert-replace.eligibility"],
              "texts": {"notice": {"zh-CN": "请扫描身份证。", "en": "Scan your ID card."}},
              %s
              "properties": {"subject": "vehicle", "rule.minAge": 18, "demo": true}
            }
            """;
    private static final String FORM = """
            "form": {"kind": "vehicle-plate", "tick": ["vp.cert.replace"],
              "tickByAnswer": {"reason": {"lost": ["vp.cert.replace.lost"], "destroyed": ["vp.cert.replace.destroyed"]}},
              "tickWhenUnanswered": {"reason": ["vp.cert.replace.lost"]},
              "fill": {"applicant.mobile": "form.phone"}},
            """;

    private static List<String> problems(String json) {
        return Descriptors.problems(json.getBytes(UTF_8));
    }

    private static String good(String form) {
        return String.format(GOOD, form);
    }

    @Test
    public void aCompleteDescriptorWithSchemaKeyAndFormHasNoProblems() {
        assertEquals(List.of(), problems(good(FORM)));
        BusinessDescriptor d = Descriptors.read(new ByteArrayInputStream(good("").getBytes(UTF_8)));
        assertEquals("acme-cert-replace", d.code());
        assertEquals(1000, d.feeFen());
    }

    @Test
    public void theTwelveShippedDescriptorsPassTheSchema() throws IOException {
        Path plugins = Path.of("..").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> s = Files.walk(plugins, 8)) {
            // business-plugins/<module>/src/main/resources/OSGI-INF/business/<code>.json
            files = s.filter(p -> plugins.relativize(p).getNameCount() == 7 && p.toString().endsWith(".json")
                    && plugins.relativize(p).subpath(1, 6).equals(Path.of("src/main/resources/OSGI-INF/business")))
                    .sorted().collect(Collectors.toList());
        }
        assertTrue("found " + files, files.size() >= 12);
        for (Path f : files) {
            assertEquals(f.toString(), List.of(), Descriptors.problems(Files.readAllBytes(f)));
        }
    }

    @Test
    public void theParsersWordingStaysForTheCommonMistakesEachReportedOnce() {
        List<String> p = problems("""
                {"code": "test-typo", "name": {"zh-CN": "拼写错误"}, "category": "driver-licence", "steps": ["FORM"],
                 "fee": 1000,
                 "fields": [{"name": "x", "label": "某字段", "type": "PHONE", "required": "yes"}]}
                """);
        assertTrue(p.toString(), p.contains("unknown key 'fee'"));
        assertTrue(p.toString(), p.contains("fields[0].required must be true or false"));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("fields[0].type 'PHONE' is not one of")));
        assertEquals("nothing said twice, no schema echo of the same mistakes: " + p, 3, p.size());
    }

    @Test
    public void missingRequiredKeysAreNamedLikeTheParserDoes() {
        List<String> p = problems("{\"name\": {\"en\": \"No Chinese\"}, \"steps\": [\"FORM\"], \"form\": {\"tick\": [\"CA\"]}}");
        assertTrue(p.toString(), p.contains("code is missing"));
        assertTrue(p.toString(), p.contains("category is missing"));
        assertTrue(p.toString(), p.contains("form.kind is missing"));
        assertEquals(p.toString(), 1, p.stream().filter(s -> s.contains("form.kind")).count());
    }

    @Test
    public void whatOnlyTheSchemaKnowsIsReportedWithItsPath() {
        String json = good(FORM)
                .replace("\"maxLength\": 70", "\"maxLength\": 70, \"minLength\": -1")
                .replace("\"rules\": [\"acme-cert-replace.eligibility\"]", "\"rules\": [\"\"]")
                .replace("\"applicant.mobile\": \"form.phone\"", "\"applicant.mobile\": \"\"")
                .replace("\"tick\": [\"vp.cert.replace\"],", "\"tick\": [\"vp.cert.replace\"], \"tik\": [],");
        List<String> p = problems(json);
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("schema: fields[2].minLength: ") && s.contains("minimum")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("schema: rules[0]: ")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("schema: form.fill.applicant.mobile: ")));
        assertTrue(p.toString(), p.contains("unknown key 'form.tik'"));
        assertEquals(p.toString(), 1, p.stream().filter(s -> s.contains("tik'")).count());
    }

    @Test
    public void aNameWithoutChineseSaysSoOnceWithoutTheOtherAlternativesNoise() {
        List<String> p = problems(good("").replace("\"name\": {\"zh-CN\": \"补领机动车登记证书\", ", "\"name\": {"));
        assertEquals(List.of("name.zh-CN is missing"), p);
        p = problems(good("").replace("\"name\": {\"zh-CN\": \"补领机动车登记证书\", \"en\": \"Replace a lost registration certificate\"}", "\"name\": 5"));
        assertTrue(p.toString(), p.stream().allMatch(s -> s.startsWith("name must be a string or an object")));
    }

    @Test
    public void theSchemaKeyMustBeAString() {
        List<String> p = problems(good("").replace("\"$schema\": \"https://schemas.opendmv.org/business-descriptor-1.2.json\"", "\"$schema\": 7"));
        assertEquals(p.toString(), 1, p.size());
        assertTrue(p.toString(), p.get(0).startsWith("schema: $schema: "));
    }

    @Test
    public void readRefusesWithEveryProblemOnItsOwnLine() {
        try {
            Descriptors.read(new ByteArrayInputStream("{\"code\": \"x1\", \"fee\": 1}".getBytes(UTF_8)));
            fail();
        } catch (IllegalArgumentException e) {
            List<String> lines = List.of(e.getMessage().split("\n"));
            assertTrue(lines.toString(), lines.contains("unknown key 'fee'"));
            assertTrue(lines.toString(), lines.contains("category is missing"));
        }
    }

    @Test
    public void notJsonIsOneProblem() {
        List<String> p = problems("{\"code\": ");
        assertEquals(p.toString(), 1, p.size());
        assertTrue(p.get(0), p.get(0).startsWith("not valid JSON at line 1"));
    }

    @Test
    public void coversMatchesAPlaceAndWhatIsInside() {
        assertTrue(SchemaCheck.covers("steps must be a list", "steps"));
        assertTrue(SchemaCheck.covers("unknown key 'steps[0].idle'", "steps[0]"));
        assertTrue(SchemaCheck.covers("name.zh-CN is missing", "name"));
        assertTrue(!SchemaCheck.covers("stepsX must be a list", "steps"));
        assertTrue(!SchemaCheck.covers("anything", ""));
    }
}
