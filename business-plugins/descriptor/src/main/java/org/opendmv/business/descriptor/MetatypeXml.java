package org.opendmv.business.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads OSGi metatype XML ({@code OSGI-INF/metatype/*.xml}, as bnd writes it for an
 * {@code @ObjectClassDefinition}) without running any code, so a jar can be checked before it is
 * deployed. Plain JDK DOM with DTDs and external entities off. No OSGi types.
 */
public final class MetatypeXml {
    /** The OCD id prefix of rule parameters: {@code org.opendmv.rule.<ruleId>}. */
    public static final String RULE_OCD_PREFIX = "org.opendmv.rule.";

    private MetatypeXml() {
    }

    /** Every OCD in one metatype document. */
    public static List<Ocd> read(InputStream in) throws IOException {
        DocumentBuilder b;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e; // reported by the caller, not printed on stderr
                }
            });
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element root;
        try {
            root = b.parse(in).getDocumentElement();
        } catch (SAXException e) {
            throw new IOException("not metatype XML: " + e.getMessage(), e);
        }
        List<Ocd> out = new ArrayList<>();
        for (Element ocd : children(root, "OCD")) {
            List<Ad> ads = new ArrayList<>();
            for (Element ad : children(ocd, "AD")) {
                List<String[]> options = new ArrayList<>();
                for (Element o : children(ad, "Option")) {
                    options.add(new String[] {o.getAttribute("value"), o.getAttribute("label")});
                }
                ads.add(new Ad(ad.getAttribute("id"), attr(ad, "type", "String"), attr(ad, "name", ad.getAttribute("id")),
                        attr(ad, "description", ""), attr(ad, "min", null), attr(ad, "max", null),
                        ad.hasAttribute("default") ? ad.getAttribute("default") : null,
                        !"false".equals(attr(ad, "required", "true")), options));
            }
            out.add(new Ocd(ocd.getAttribute("id"), attr(ocd, "name", ocd.getAttribute("id")), attr(ocd, "description", ""), ads));
        }
        return out;
    }

    private static String attr(Element e, String name, String fallback) {
        return e.hasAttribute(name) ? e.getAttribute(name) : fallback;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element e) {
                String name = e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
                if (name.equals(localName)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** An object class definition: for a rule, the parameters it reads. */
    public record Ocd(String id, String name, String description, List<Ad> attributes) {
        public Ocd {
            attributes = List.copyOf(attributes);
        }

        /** The rule id when this is a rule's OCD ({@code org.opendmv.rule.<ruleId>}). */
        public Optional<String> ruleId() {
            return id.startsWith(RULE_OCD_PREFIX) ? Optional.of(id.substring(RULE_OCD_PREFIX.length())) : Optional.empty();
        }

        public Optional<Ad> attribute(String key) {
            return attributes.stream().filter(a -> a.id().equals(key)).findFirst();
        }
    }

    /** One attribute (parameter): key, type, bounds, default (null = a value is required), allowed values. */
    public record Ad(String id, String type, String name, String description, String min, String max, String defaultValue,
            boolean required, List<String[]> options) {
        public Ad {
            options = Collections.unmodifiableList(new ArrayList<>(options));
        }

        private boolean whole() {
            return switch (type) {
                case "Integer", "Long", "Short", "Byte" -> true;
                default -> false;
            };
        }

        private boolean decimal() {
            return type.equals("Double") || type.equals("Float");
        }

        private String bounds() {
            if (min != null && max != null) {
                return " " + min + ".." + max;
            }
            if (min != null) {
                return " of at least " + min;
            }
            return max != null ? " of at most " + max : "";
        }

        /** What a value must be, e.g. {@code whole number 0..365}, {@code text}, {@code one of lost, destroyed}. */
        public String describe() {
            if (!options.isEmpty()) {
                List<String> values = new ArrayList<>();
                options.forEach(o -> values.add(o[0]));
                return "one of " + String.join(", ", values);
            }
            if (whole()) {
                return "whole number" + bounds();
            }
            if (decimal()) {
                return "number" + bounds();
            }
            if (type.equals("Boolean")) {
                return "true or false";
            }
            if (type.equals("Character")) {
                return "one character";
            }
            if (min != null || max != null) {
                return "text of " + (min == null ? "0" : min) + ".." + (max == null ? "any" : max) + " characters";
            }
            return "text";
        }

        /** Why {@code value} is not acceptable ({@code must be a whole number 50..100}); empty when it is. */
        public Optional<String> check(String value) {
            if (value == null || value.isBlank()) {
                return required && defaultValue == null ? Optional.of("must be set (" + describe() + ")") : Optional.empty();
            }
            String v = value.strip();
            String d = describe();
            String must = "must be " + (d.startsWith("whole") || d.startsWith("number") ? "a " + d : d);
            if (!options.isEmpty()) {
                return options.stream().anyMatch(o -> o[0].equals(v)) ? Optional.empty() : Optional.of(must);
            }
            try {
                if (whole()) {
                    long n = Long.parseLong(v);
                    if ((min != null && n < Long.parseLong(min.strip())) || (max != null && n > Long.parseLong(max.strip()))) {
                        return Optional.of(must);
                    }
                } else if (decimal()) {
                    double n = Double.parseDouble(v);
                    if (Double.isNaN(n) || (min != null && n < Double.parseDouble(min.strip())) || (max != null && n > Double.parseDouble(max.strip()))) {
                        return Optional.of(must);
                    }
                } else if (type.equals("Boolean")) {
                    if (!v.equals("true") && !v.equals("false")) {
                        return Optional.of(must);
                    }
                } else if (type.equals("Character")) {
                    if (v.length() != 1) {
                        return Optional.of(must);
                    }
                } else if ((min != null && v.length() < Integer.parseInt(min.strip())) || (max != null && v.length() > Integer.parseInt(max.strip()))) {
                    return Optional.of(must);
                }
            } catch (NumberFormatException e) {
                return Optional.of(must);
            }
            return Optional.empty();
        }
    }
}
