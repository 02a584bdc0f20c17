package org.opendmv.business.descriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.descriptor.MetatypeXml.Ad;
import org.opendmv.business.descriptor.MetatypeXml.Ocd;

/**
 * Rule parameters against what the rules declare: the deploy-time problems of a descriptor, the
 * check of one configured value, and the values in effect (config over descriptor over rule
 * default). Pure: the registry, the Config Admin glue and a jar validator share it.
 */
public final class ParameterChecks {
    /** Property keys that are rule parameters. */
    public static final String RULE_PREFIX = "rule.";

    private ParameterChecks() {
    }

    /**
     * What is known of one rule: its declared parameters (null when it has no OCD: a legacy or
     * third-party rule, accepted unchecked) and its format check ({@code EligibilityRule.checkParameters}).
     */
    public record RuleDecl(String ruleId, Ocd ocd, Function<Map<String, String>, List<String>> formatCheck) {
        public static RuleDecl of(String ruleId, Ocd ocd) {
            return new RuleDecl(ruleId, ocd, m -> List.of());
        }
    }

    /** A configured value that was accepted, and the file or PID it came from. */
    public record Configured(String value, String where) {
    }

    /**
     * The deploy-time problems of {@code d}. {@code rules} maps a rule id to what is known of it;
     * a rule absent from it has not arrived yet and is checked when it does.
     */
    public static List<String> deployProblems(BusinessDescriptor d, Map<String, RuleDecl> rules) {
        List<String> problems = new ArrayList<>();
        Map<String, String> props = d.properties();
        boolean allDeclared = true;
        TreeSet<String> declared = new TreeSet<>();
        for (String id : d.rules()) {
            RuleDecl decl = rules.get(id);
            if (decl == null || decl.ocd() == null) {
                allDeclared = false;
                continue;
            }
            for (Ad ad : decl.ocd().attributes()) {
                declared.add(ad.id());
                String v = props.get(ad.id());
                if (v == null || v.isBlank()) {
                    if (ad.defaultValue() == null && ad.required()) {
                        problems.add("rule " + id + " needs " + ad.id() + " (" + ad.describe() + "); properties does not set it");
                    }
                } else {
                    ad.check(v).ifPresent(p -> problems.add("properties: " + ad.id() + " \"" + v.strip() + "\" " + p + " (rule " + id + ")"));
                }
            }
        }
        if (problems.isEmpty()) {
            Map<String, String> effective = values(d, rules, Map.of());
            for (String id : d.rules()) {
                RuleDecl decl = rules.get(id);
                if (decl != null) {
                    decl.formatCheck().apply(effective).forEach(p -> problems.add("properties: " + p + " (rule " + id + ")"));
                }
            }
        }
        if (allDeclared) {
            for (String key : new TreeSet<>(props.keySet())) {
                if (key.startsWith(RULE_PREFIX) && !declared.contains(key)) {
                    problems.add("properties sets " + key + ", which none of its rules (" + String.join(", ", d.rules()) + ") declares");
                }
            }
        }
        return problems;
    }

    /** The attribute declaring {@code key} among the business's rules, with its rule id. */
    public static Optional<Map.Entry<String, Ad>> declaration(BusinessDescriptor d, Map<String, RuleDecl> rules, String key) {
        for (String id : d.rules()) {
            RuleDecl decl = rules.get(id);
            if (decl != null && decl.ocd() != null) {
                Optional<Ad> ad = decl.ocd().attribute(key);
                if (ad.isPresent()) {
                    return Optional.of(Map.entry(id, ad.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why a configured value for {@code key} is refused, or empty when it is accepted.
     * {@code accepted} are the other configured values in effect (for the rules' format checks).
     */
    public static Optional<String> checkConfigured(BusinessDescriptor d, Map<String, RuleDecl> rules, String key, String value,
            Map<String, Configured> accepted) {
        if (!key.startsWith(RULE_PREFIX)) {
            return Optional.of("not a rule parameter (keys start with " + RULE_PREFIX + ")");
        }
        Optional<Map.Entry<String, Ad>> decl = declaration(d, rules, key);
        if (decl.isEmpty()) {
            boolean allKnown = d.rules().stream().allMatch(id -> rules.get(id) != null && rules.get(id).ocd() != null);
            if (allKnown) {
                return Optional.of("none of the rules of " + d.code() + " (" + String.join(", ", d.rules()) + ") declares it");
            }
            return Optional.empty(); // a rule without metatype, or not arrived yet: cannot tell
        }
        Ad ad = decl.get().getValue();
        if (value == null || value.isBlank()) {
            return Optional.of("must be " + ad.describe());
        }
        Optional<String> p = ad.check(value);
        if (p.isPresent()) {
            return p;
        }
        Map<String, Configured> with = new LinkedHashMap<>(accepted);
        with.put(key, new Configured(value.strip(), null));
        Map<String, String> effective = values(d, rules, with);
        RuleDecl rule = rules.get(decl.get().getKey());
        for (String problem : rule.formatCheck().apply(effective)) {
            if (problem.startsWith(key + " ") || problem.startsWith(key + ":")) {
                return Optional.of(problem.startsWith(key + " ") ? problem.substring(key.length() + 1) : problem.substring(key.length() + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** The properties of {@code d} as the next visit sees them: configured over descriptor over rule default. */
    public static Map<String, String> values(BusinessDescriptor d, Map<String, RuleDecl> rules, Map<String, Configured> configured) {
        Map<String, String> out = new TreeMap<>();
        for (String id : d.rules()) {
            RuleDecl decl = rules.get(id);
            if (decl != null && decl.ocd() != null) {
                for (Ad ad : decl.ocd().attributes()) {
                    if (ad.defaultValue() != null) {
                        out.putIfAbsent(ad.id(), ad.defaultValue());
                    }
                }
            }
        }
        out.putAll(d.properties());
        configured.forEach((k, c) -> out.put(k, c.value()));
        return out;
    }
}
