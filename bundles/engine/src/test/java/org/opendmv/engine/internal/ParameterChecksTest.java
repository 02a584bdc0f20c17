package org.opendmv.engine.internal;

import org.opendmv.business.descriptor.MetatypeXml;
import org.opendmv.business.descriptor.ParameterChecks;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.engine.api.EffectiveParameter;
import org.opendmv.business.descriptor.MetatypeXml.Ocd;
import org.opendmv.business.descriptor.ParameterChecks.Configured;
import org.opendmv.business.descriptor.ParameterChecks.RuleDecl;

public class ParameterChecksTest {
    /** As bnd writes it for an {@code @ObjectClassDefinition} of a renewal rule. */
    static final String RENEWAL_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.2.0" localization="OSGI-INF/l10n/x">
              <OCD id="org.opendmv.rule.dl-renewal.eligibility" name="换证规则" description="renewal">
                <AD id="rule.windowDaysBefore" type="Integer" name="提前天数" description="days before expiry" min="0" max="365"/>
                <AD id="rule.elderAge" type="Integer" name="高龄" min="50" max="100" default="70"/>
                <AD id="rule.blockedStatus" type="String" name="状态"/>
                <AD id="rule.medicalCheck" type="Boolean" name="体检" default="true"/>
                <AD id="rule.delivery" type="String" name="领取" default="mail">
                  <Option label="邮寄" value="mail"/>
                  <Option label="现场" value="onsite"/>
                </AD>
              </OCD>
              <OCD id="org.example.other" name="other"/>
            </metatype:MetaData>
            """;
    static final String RULE = "dl-renewal.eligibility";

    static Ocd renewalOcd() throws IOException {
        return MetatypeXml.read(new ByteArrayInputStream(RENEWAL_XML.strip().getBytes(StandardCharsets.UTF_8))).get(0);
    }

    static Map<String, RuleDecl> rules() throws IOException {
        return Map.of(RULE, new RuleDecl(RULE, renewalOcd(),
                m -> m.getOrDefault("rule.blockedStatus", "").matches("[A-Z]*") ? List.of()
                        : List.of("rule.blockedStatus must be upper-case status letters")));
    }

    static BusinessDescriptor business(Map<String, String> properties) {
        return BusinessDescriptor.builder("dl-renewal").name(LocalizedText.of("期满换证", "Renewal")).category("driver-licence")
                .rules(List.of(RULE)).properties(properties).build();
    }

    @Test
    public void readsWhatBndWrites() throws IOException {
        List<Ocd> all = MetatypeXml.read(new ByteArrayInputStream(RENEWAL_XML.strip().getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, all.size());
        Ocd ocd = all.get(0);
        assertEquals(Optional.of(RULE), ocd.ruleId());
        assertEquals(Optional.empty(), all.get(1).ruleId());
        assertEquals(5, ocd.attributes().size());
        MetatypeXml.Ad window = ocd.attribute("rule.windowDaysBefore").orElseThrow();
        assertEquals("whole number 0..365", window.describe());
        assertEquals(null, window.defaultValue());
        assertEquals("70", ocd.attribute("rule.elderAge").orElseThrow().defaultValue());
        assertEquals(Optional.of("must be a whole number 50..100"), ocd.attribute("rule.elderAge").orElseThrow().check("abc"));
        assertEquals(Optional.of("must be a whole number 50..100"), ocd.attribute("rule.elderAge").orElseThrow().check("101"));
        assertEquals(Optional.empty(), ocd.attribute("rule.elderAge").orElseThrow().check(" 65 "));
        assertEquals(Optional.of("must be true or false"), ocd.attribute("rule.medicalCheck").orElseThrow().check("yes"));
        assertEquals(Optional.of("must be one of mail, onsite"), ocd.attribute("rule.delivery").orElseThrow().check("post"));
    }

    @Test
    public void externalEntitiesAreNotRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<MetaData><OCD id=\"a\" name=\"&x;\"/></MetaData>";
        try {
            MetatypeXml.read(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8)));
            fail("a DOCTYPE must be refused");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("not metatype XML"));
        }
    }

    @Test
    public void deployRefusesAMissingRequiredParameter() throws IOException {
        List<String> p = ParameterChecks.deployProblems(business(Map.of("rule.blockedStatus", "BDEFGKU")), rules());
        assertEquals(List.of("rule dl-renewal.eligibility needs rule.windowDaysBefore (whole number 0..365); properties does not set it"), p);
    }

    @Test
    public void deployRefusesBadValuesAndTypos() throws IOException {
        List<String> p = ParameterChecks.deployProblems(business(Map.of("rule.blockedStatus", "BDEFGKU", "rule.windowDaysBefore", "400",
                "rule.elderAge", "old", "rule.windowDays", "90")), rules());
        assertEquals(List.of(
                "properties: rule.windowDaysBefore \"400\" must be a whole number 0..365 (rule dl-renewal.eligibility)",
                "properties: rule.elderAge \"old\" must be a whole number 50..100 (rule dl-renewal.eligibility)",
                "properties sets rule.windowDays, which none of its rules (dl-renewal.eligibility) declares"), sorted(p, 2));
    }

    private static List<String> sorted(List<String> p, int n) {
        // the attribute order of the OCD, then the typo line
        assertEquals(p.toString(), n + 1, p.size());
        return p;
    }

    @Test
    public void deployRunsTheRulesFormatCheck() throws IOException {
        List<String> p = ParameterChecks.deployProblems(business(Map.of("rule.blockedStatus", "bd", "rule.windowDaysBefore", "90")), rules());
        assertEquals(List.of("properties: rule.blockedStatus must be upper-case status letters (rule dl-renewal.eligibility)"), p);
    }

    @Test
    public void aRuleNotYetArrivedIsCheckedLater() throws IOException {
        BusinessDescriptor d = business(Map.of("rule.anything", "x"));
        assertEquals(List.of(), ParameterChecks.deployProblems(d, Map.of()));
        assertEquals(List.of(), ParameterChecks.deployProblems(d, Map.of(RULE, RuleDecl.of(RULE, null))));
        assertEquals(3, ParameterChecks.deployProblems(d, rules()).size());
    }

    @Test
    public void configOverDescriptorOverRuleDefault() throws IOException {
        BusinessDescriptor d = business(Map.of("rule.blockedStatus", "BDEFGKU", "rule.windowDaysBefore", "90", "subject", "driver"));
        Map<String, Configured> config = Map.of("rule.windowDaysBefore", new Configured("120", "etc/org.opendmv.business.dl-renewal.cfg"));
        Map<String, String> values = ParameterChecks.values(d, rules(), config);
        assertEquals("120", values.get("rule.windowDaysBefore"));
        assertEquals("70", values.get("rule.elderAge"));
        assertEquals("BDEFGKU", values.get("rule.blockedStatus"));
        assertEquals("driver", values.get("subject"));

        List<EffectiveParameter> e = EffectiveParameters.of(d, "OSGI-INF/business/dl-renewal.json", rules(), config,
                Map.of("rule.elderAge", new String[] {"abc", "must be a whole number 50..100"}));
        assertEquals(List.of("rule.blockedStatus", "rule.delivery", "rule.elderAge", "rule.medicalCheck", "rule.windowDaysBefore"),
                e.stream().map(EffectiveParameter::key).toList());
        EffectiveParameter window = e.get(4);
        assertEquals(EffectiveParameter.Source.CONFIG, window.source());
        assertEquals("etc/org.opendmv.business.dl-renewal.cfg", window.where());
        EffectiveParameter elder = e.get(2);
        assertEquals("70", elder.value());
        assertEquals(EffectiveParameter.Source.RULE_DEFAULT, elder.source());
        assertEquals(Optional.of("abc"), elder.refusedValue());
        assertEquals(Optional.of("must be a whole number 50..100"), elder.refusal());
        assertEquals(EffectiveParameter.Source.DESCRIPTOR, e.get(0).source());
        assertEquals("OSGI-INF/business/dl-renewal.json", e.get(0).where());
    }

    @Test
    public void aConfiguredValueIsCheckedLikeADescriptorOne() throws IOException {
        BusinessDescriptor d = business(Map.of("rule.blockedStatus", "BDEFGKU", "rule.windowDaysBefore", "90"));
        assertEquals(Optional.empty(), ParameterChecks.checkConfigured(d, rules(), "rule.windowDaysBefore", "120", Map.of()));
        assertEquals(Optional.of("must be a whole number 0..365"), ParameterChecks.checkConfigured(d, rules(), "rule.windowDaysBefore", "abc", Map.of()));
        assertEquals(Optional.of("must be upper-case status letters"), ParameterChecks.checkConfigured(d, rules(), "rule.blockedStatus", "b-d", Map.of()));
        assertEquals(Optional.of("none of the rules of dl-renewal (dl-renewal.eligibility) declares it"),
                ParameterChecks.checkConfigured(d, rules(), "rule.windowDays", "3", Map.of()));
        assertEquals(Optional.of("not a rule parameter (keys start with rule.)"), ParameterChecks.checkConfigured(d, rules(), "feeFen", "0", Map.of()));
    }

    @Test
    public void fileinstallInstanceNames() {
        assertEquals("renewal", BusinessSettingsImpl.instanceName("org.opendmv.business.dl", "org.opendmv.business.dl~renewal", null));
        assertEquals("plate-replace", BusinessSettingsImpl.instanceName("org.opendmv.business.mv", "org.opendmv.business.mv.4f1c-a",
                "file:/opt/kiosk/etc/org.opendmv.business.mv-plate-replace.cfg"));
        assertEquals(null, BusinessSettingsImpl.instanceName("org.opendmv.business.mv", "org.opendmv.business.mv.4f1c-a", null));
    }
}
