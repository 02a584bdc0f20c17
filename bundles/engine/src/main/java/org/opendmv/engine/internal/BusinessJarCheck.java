package org.opendmv.engine.internal;

import org.opendmv.business.descriptor.MetatypeXml;
import org.opendmv.business.descriptor.ParameterChecks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.descriptor.DescriptorParser;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.ValidationReport;
import org.opendmv.engine.api.ValidationReport.Problem;
import org.opendmv.engine.api.ValidationReport.Severity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code kiosk:business-validate} without OSGi: reads a bundle jar from a stream (nothing is
 * installed) and reports what the registry would say when the jar arrives in {@code deploy/}.
 */
final class BusinessJarCheck {
    private static final Pattern DESCRIPTOR = Pattern.compile("OSGI-INF/business/[^/]+\\.json");
    private static final Pattern COMPONENT_XML = Pattern.compile("OSGI-INF/[^/]+\\.xml");
    private static final Pattern METATYPE_XML = Pattern.compile("OSGI-INF/metatype/[^/]+\\.xml");
    private static final int MAX_ENTRY = 4 * 1024 * 1024;

    /** What is installed in the running kiosk. */
    interface Installed {
        boolean rule(String id);

        boolean stepType(String id);

        /** Where a business code comes from today, if installed. */
        Optional<BusinessSource> source(String code);
    }

    private BusinessJarCheck() {
    }

    static ValidationReport check(String location, InputStream in, Registry registry, Installed installed) {
        List<Problem> problems = new ArrayList<>();
        Map<String, byte[]> descriptors = new LinkedHashMap<>();
        Map<String, byte[]> xml = new LinkedHashMap<>();
        Map<String, byte[]> metatype = new LinkedHashMap<>();
        Manifest manifest;
        int entries = 0;
        try (JarInputStream jar = new JarInputStream(in, false)) {
            manifest = jar.getManifest();
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                entries++;
                String name = e.getName();
                if (DESCRIPTOR.matcher(name).matches()) {
                    descriptors.put(name, read(jar, name));
                } else if (COMPONENT_XML.matcher(name).matches()) {
                    xml.put(name, read(jar, name));
                } else if (METATYPE_XML.matcher(name).matches()) {
                    metatype.put(name, read(jar, name));
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(Severity.ERROR, null, null, "not a readable jar: " + e.getMessage()));
            return new ValidationReport(location, null, null, List.of(), problems);
        }
        if (entries == 0 && manifest == null) {
            problems.add(new Problem(Severity.ERROR, null, null, "not a jar (no entries)"));
            return new ValidationReport(location, null, null, List.of(), problems);
        }
        String bsn = null;
        String version = null;
        if (manifest != null) {
            Attributes a = manifest.getMainAttributes();
            bsn = a.getValue("Bundle-SymbolicName");
            if (bsn != null) {
                bsn = bsn.split(";")[0].trim();
            }
            version = a.getValue("Bundle-Version");
        }
        if (bsn == null) {
            problems.add(new Problem(Severity.ERROR, null, null,
                    "no Bundle-SymbolicName in META-INF/MANIFEST.MF: not an OSGi bundle (build it with bnd-maven-plugin)"));
        }
        if (descriptors.isEmpty()) {
            problems.add(new Problem(Severity.ERROR, null, null,
                    "no OSGI-INF/business/*.json: the jar declares no business"));
        }
        Set<String> jarRules = new LinkedHashSet<>();
        Set<String> jarSteps = new LinkedHashSet<>();
        xml.forEach((name, bytes) -> components(name, bytes, jarRules, jarSteps, problems));
        Map<String, ParameterChecks.RuleDecl> jarDecls = ruleDeclarations(metatype, problems);

        List<String> codes = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : descriptors.entrySet()) {
            String res = e.getKey();
            DescriptorParser.Parsed parsed = registry.check(new ByteArrayInputStream(e.getValue()), -1);
            codes.add(parsed.code == null ? res : parsed.code);
            for (String p : parsed.problems) {
                problems.add(new Problem(Severity.ERROR, res, parsed.code, p));
            }
            if (parsed.code != null) {
                Optional<BusinessSource> other = installed.source(parsed.code);
                if (other.isPresent() && !other.get().symbolicName().equals(bsn)) {
                    problems.add(new Problem(Severity.ERROR, res, parsed.code, "code '" + parsed.code
                            + "' is already provided by " + other.get().symbolicName() + " [" + other.get().bundleId() + "]"));
                }
            }
            BusinessDescriptor d = parsed.descriptor;
            if (d == null) {
                continue;
            }
            // the parameters its own rules declare in this jar (the registry only knows installed rules)
            for (String p : ParameterChecks.deployProblems(d, jarDecls)) {
                if (!parsed.problems.contains(p)) {
                    problems.add(new Problem(Severity.ERROR, res, d.code(), p));
                }
            }
            for (String rule : d.rules()) {
                if (!jarRules.contains(rule) && !installed.rule(rule)) {
                    problems.add(new Problem(Severity.ERROR, res, d.code(), "rule '" + rule
                            + "' is neither installed nor provided by a component in this jar (service property "
                            + EligibilityRule.RULE_ID + "=" + rule + ")"));
                }
            }
            for (StepSpec s : d.steps()) {
                if (!jarSteps.contains(s.type()) && !installed.stepType(s.type())) {
                    problems.add(new Problem(Severity.WARNING, res, d.code(), "step type " + s.type()
                            + " is not installed: the business stays UNAVAILABLE until a bundle provides it"));
                }
            }
        }
        return new ValidationReport(location, bsn, version, codes, problems);
    }

    /** Rule id → its declared parameters, from the jar's metatype documents (bnd writes them). */
    private static Map<String, ParameterChecks.RuleDecl> ruleDeclarations(Map<String, byte[]> metatype, List<Problem> problems) {
        Map<String, ParameterChecks.RuleDecl> decls = new LinkedHashMap<>();
        metatype.forEach((name, bytes) -> {
            try {
                for (MetatypeXml.Ocd ocd : MetatypeXml.read(new ByteArrayInputStream(bytes))) {
                    if (ocd.id().startsWith(MetatypeXml.RULE_OCD_PREFIX)) {
                        String rule = ocd.id().substring(MetatypeXml.RULE_OCD_PREFIX.length());
                        decls.put(rule, ParameterChecks.RuleDecl.of(rule, ocd));
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(Severity.ERROR, name, null, "metatype not readable: " + e.getMessage()));
            }
        });
        return decls;
    }

    private static byte[] read(InputStream in, String name) throws IOException {
        byte[] b = in.readNBytes(MAX_ENTRY + 1);
        if (b.length > MAX_ENTRY) {
            throw new IOException(name + " is larger than " + MAX_ENTRY / 1024 / 1024 + " MiB");
        }
        return b;
    }

    /** The rule ids and step types a DS component description (bnd writes them) registers. */
    private static void components(String name, byte[] bytes, Set<String> rules, Set<String> steps, List<Problem> problems) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            problems.add(new Problem(Severity.WARNING, name, null, "not readable as XML: " + e.getMessage()));
            return;
        }
        Set<String> provides = new LinkedHashSet<>();
        NodeList provide = doc.getElementsByTagNameNS("*", "provide");
        if (provide.getLength() == 0) {
            provide = doc.getElementsByTagName("provide");
        }
        for (int i = 0; i < provide.getLength(); i++) {
            provides.add(((Element) provide.item(i)).getAttribute("interface"));
        }
        NodeList props = doc.getElementsByTagNameNS("*", "property");
        if (props.getLength() == 0) {
            props = doc.getElementsByTagName("property");
        }
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            String key = p.getAttribute("name");
            String value = p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim();
            if (EligibilityRule.RULE_ID.equals(key) && provides.contains(EligibilityRule.class.getName())) {
                rules.add(value);
            } else if (StepType.STEP_TYPE.equals(key) && provides.contains(StepType.class.getName())) {
                steps.add(value);
            }
        }
    }
}
