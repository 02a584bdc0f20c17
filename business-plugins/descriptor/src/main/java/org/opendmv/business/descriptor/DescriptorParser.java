package org.opendmv.business.descriptor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.DescriptorValidator;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepSpec;

/**
 * Reads a JSON business descriptor strictly: unknown keys and wrong types are problems, so an
 * integrator's typo is reported rather than silently ignored.
 */
public final class DescriptorParser {
    private static final Set<String> TOP = Set.of("code", "name", "category", "icon", "steps", "fields", "materials",
            "feeFen", "photoSpec", "rules", "properties", "texts");
    private static final Set<String> FIELD = Set.of("name", "label", "type", "required", "pattern", "minLength",
            "maxLength", "options", "prefill", "help");
    private static final Set<String> MATERIAL = Set.of("code", "name", "required", "minPages", "maxPages");
    private static final Set<String> STEP = Set.of("type", "idleTimeoutSeconds");
    private static final int MAX_BYTES = 256 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    /** Result: a descriptor (when there are no problems) and/or the problems found. */
    public static final class Parsed {
        public final BusinessDescriptor descriptor;
        public final String code;
        public final List<String> problems;

        public Parsed(BusinessDescriptor descriptor, String code, List<String> problems) {
            this.descriptor = descriptor;
            this.code = code;
            this.problems = problems;
        }
    }

    public Parsed parse(InputStream in) {
        List<String> p = new ArrayList<>();
        JsonNode root;
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return new Parsed(null, null, List.of("descriptor is larger than " + MAX_BYTES / 1024 + " KiB"));
            }
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            return new Parsed(null, null, List.of("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Parsed(null, null, List.of("could not be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new Parsed(null, null, List.of("must be a JSON object"));
        }
        unknownKeys(root, TOP, "", p);
        String code = text(root, "code", "", p, true);
        BusinessDescriptor.Builder b = BusinessDescriptor.builder(code);
        b.name(localized(root.get("name"), "name", p));
        b.category(text(root, "category", "", p, true));
        b.icon(text(root, "icon", "", p, false));
        b.steps(steps(root.get("steps"), p));
        b.fields(fields(root.get("fields"), p));
        b.materials(materials(root.get("materials"), p));
        b.feeFen(integer(root, "feeFen", "", 0, p));
        b.photoSpec(text(root, "photoSpec", "", p, false));
        b.rules(strings(root.get("rules"), "rules", p));
        b.properties(properties(root.get("properties"), p));
        b.texts(texts(root.get("texts"), p));
        BusinessDescriptor d = b.build();
        if (p.isEmpty()) {
            p.addAll(DescriptorValidator.validate(d));
        }
        return new Parsed(p.isEmpty() ? d : null, code, p);
    }

    private static void unknownKeys(JsonNode n, Set<String> allowed, String where, List<String> p) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                p.add("unknown key '" + where + k + "'");
            }
        }
    }

    private static String text(JsonNode n, String key, String where, List<String> p, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                p.add(where + key + " is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            p.add(where + key + " must be a string");
            return null;
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String key, String where, int dflt, List<String> p) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            p.add(where + key + " must be a whole number");
            return dflt;
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode n, String key, String where, List<String> p) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            p.add(where + key + " must be true or false");
            return false;
        }
        return v.asBoolean();
    }

    private static LocalizedText localized(JsonNode n, String where, List<String> p) {
        if (n == null || n.isNull()) {
            return LocalizedText.of(Map.of());
        }
        if (n.isTextual()) {
            return LocalizedText.of(n.asText(), null);
        }
        if (!n.isObject()) {
            p.add(where + " must be a string or an object like {\"zh-CN\": \"…\", \"en\": \"…\"}");
            return LocalizedText.of(Map.of());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                p.add(where + "." + e.getKey() + " must be a string");
            } else if (Locale.forLanguageTag(e.getKey()).getLanguage().isEmpty()) {
                p.add(where + " has a key '" + e.getKey() + "' that is not a language tag");
            } else {
                m.put(e.getKey(), e.getValue().asText());
            }
        }
        return LocalizedText.of(m);
    }

    private static List<StepSpec> steps(JsonNode n, List<String> p) {
        List<StepSpec> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            p.add("steps must be a list");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode s = n.get(i);
            String where = "steps[" + i + "].";
            if (s.isTextual()) {
                out.add(StepSpec.of(s.asText()));
            } else if (s.isObject()) {
                unknownKeys(s, STEP, where, p);
                String type = text(s, "type", where, p, true);
                int idle = integer(s, "idleTimeoutSeconds", where, 0, p);
                if (type != null) {
                    out.add(new StepSpec(type, idle == 0 ? null : Duration.ofSeconds(idle)));
                }
                if (s.has("idleTimeoutSeconds") && idle <= 0) {
                    p.add(where + "idleTimeoutSeconds must be positive");
                }
            } else {
                p.add("steps[" + i + "] must be a step type or {\"type\": …}");
            }
        }
        return out;
    }

    private static List<FieldSpec> fields(JsonNode n, List<String> p) {
        List<FieldSpec> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            p.add("fields must be a list");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode f = n.get(i);
            String where = "fields[" + i + "].";
            if (!f.isObject()) {
                p.add("fields[" + i + "] must be an object");
                continue;
            }
            unknownKeys(f, FIELD, where, p);
            String name = text(f, "name", where, p, true);
            if (name == null) {
                continue;
            }
            FieldType type = FieldType.TEXT;
            String t = text(f, "type", where, p, false);
            if (t != null) {
                try {
                    type = FieldType.valueOf(t);
                } catch (IllegalArgumentException e) {
                    p.add(where + "type '" + t + "' is not one of " + java.util.Arrays.toString(FieldType.values()));
                }
            }
            List<ChoiceOption> options = new ArrayList<>();
            JsonNode opts = f.get("options");
            if (opts != null && !opts.isNull()) {
                if (!opts.isArray()) {
                    p.add(where + "options must be a list");
                } else {
                    for (int j = 0; j < opts.size(); j++) {
                        JsonNode o = opts.get(j);
                        if (o.isTextual()) {
                            options.add(new ChoiceOption(o.asText(), null));
                        } else if (o.isObject() && o.has("value") && o.get("value").isTextual()) {
                            options.add(new ChoiceOption(o.get("value").asText(),
                                    o.has("label") ? localized(o.get("label"), where + "options[" + j + "].label", p) : null));
                        } else {
                            p.add(where + "options[" + j + "] must be a string or {\"value\": …, \"label\": …}");
                        }
                    }
                }
            }
            out.add(FieldSpec.builder(name)
                    .label(f.has("label") ? localized(f.get("label"), where + "label", p) : null)
                    .type(type)
                    .required(bool(f, "required", where, p))
                    .pattern(text(f, "pattern", where, p, false))
                    .minLength(integer(f, "minLength", where, 0, p))
                    .maxLength(integer(f, "maxLength", where, 0, p))
                    .options(options)
                    .prefill(text(f, "prefill", where, p, false))
                    .help(f.has("help") ? localized(f.get("help"), where + "help", p) : null)
                    .build());
        }
        return out;
    }

    private static List<MaterialSpec> materials(JsonNode n, List<String> p) {
        List<MaterialSpec> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            p.add("materials must be a list");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode m = n.get(i);
            String where = "materials[" + i + "].";
            if (!m.isObject()) {
                p.add("materials[" + i + "] must be an object");
                continue;
            }
            unknownKeys(m, MATERIAL, where, p);
            String code = text(m, "code", where, p, true);
            if (code != null) {
                out.add(new MaterialSpec(code, m.has("name") ? localized(m.get("name"), where + "name", p) : null,
                        bool(m, "required", where, p), integer(m, "minPages", where, 1, p), integer(m, "maxPages", where, 1, p)));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String where, List<String> p) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            p.add(where + " must be a list of strings");
            return out;
        }
        for (JsonNode s : n) {
            if (s.isTextual()) {
                out.add(s.asText());
            } else {
                p.add(where + " must be a list of strings");
            }
        }
        return out;
    }

    private static Map<String, LocalizedText> texts(JsonNode n, List<String> p) {
        Map<String, LocalizedText> out = new java.util.LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            p.add("texts must be an object of localized texts");
            return out;
        }
        n.fields().forEachRemaining(e -> {
            if (!e.getKey().matches("[a-z][a-zA-Z0-9.]{0,31}")) {
                p.add("texts." + e.getKey() + ": name must be a short identifier");
                return;
            }
            out.put(e.getKey(), localized(e.getValue(), "texts." + e.getKey(), p));
        });
        return out;
    }

    private static Map<String, String> properties(JsonNode n, List<String> p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            p.add("properties must be an object of strings");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                p.add("properties." + e.getKey() + " must be a string, number or boolean");
            }
        }
        return out;
    }
}
