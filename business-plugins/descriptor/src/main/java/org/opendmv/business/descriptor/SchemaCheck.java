package org.opendmv.business.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.opendmv.business.api.BusinessDescriptor;

/**
 * The published JSON Schema of a descriptor ({@value #RESOURCE} in the business API), checked
 * with networknt json-schema-validator. The parser's own wording stays for the mistakes it
 * reports itself (an unknown key, a wrong type); whatever only the schema finds is reported as
 * {@code schema: <path>: <message>}.
 */
final class SchemaCheck {
    /** Where the schema lives, relative to {@link BusinessDescriptor}'s package. */
    static final String RESOURCE = "business-descriptor.schema.json";

    private static volatile JsonSchema schema;

    private SchemaCheck() {
    }

    /** Adds to {@code problems} what the schema finds and the parser has not reported already. */
    static void addProblems(JsonNode root, List<String> problems) {
        List<String> found = new ArrayList<>();
        List<ValidationMessage> messages;
        try {
            messages = new ArrayList<>(withLibraryLoader(() -> schema().validate(root)));
        } catch (RuntimeException | LinkageError e) {
            problems.add("schema: could not be checked: " + e);
            return;
        }
        messages.sort(Comparator.comparing(ValidationMessage::getInstanceLocation));
        // A value matching none of a oneOf's alternatives gets one message per alternative; where
        // one alternative says more than "wrong type" (a missing key, say), the type mismatches
        // of the others are noise.
        Set<String> alternatives = new HashSet<>();
        Set<String> explained = new HashSet<>();
        for (ValidationMessage m : messages) {
            String path = path(m.getInstanceLocation());
            if ("oneOf".equals(m.getType()) || "anyOf".equals(m.getType())) {
                alternatives.add(path);
            } else if (!"type".equals(m.getType())) {
                explained.add(path);
            }
        }
        Set<String> known = new LinkedHashSet<>(problems);
        for (ValidationMessage m : messages) {
            String path = path(m.getInstanceLocation());
            if ("type".equals(m.getType()) && alternatives.contains(path) && explained.contains(path)) {
                continue;
            }
            String problem = phrase(m, path);
            if (problem == null || known.contains(problem)) {
                continue;
            }
            String target = target(m, path);
            if (problems.stream().anyMatch(p -> covers(p, target) || covers(p, path))) {
                continue;
            }
            if (known.add(problem)) {
                found.add(problem);
            }
        }
        problems.addAll(found);
    }

    /** The parser's phrase for the common mistakes, {@code schema: <path>: <message>} for the rest. */
    private static String phrase(ValidationMessage m, String path) {
        String prefix = path.isEmpty() ? "" : path + ".";
        switch (m.getType()) {
            case "additionalProperties":
                return "unknown key '" + prefix + m.getProperty() + "'";
            case "required":
                return prefix + m.getProperty() + " is missing";
            case "oneOf":
            case "anyOf":
                // each alternative reports its own mismatch; the summary adds nothing
                return null;
            default:
                return "schema: " + (path.isEmpty() ? "(top level)" : path) + ": " + error(m);
        }
    }

    /** The node a message is about: for a missing or unknown key, the key itself. */
    private static String target(ValidationMessage m, String path) {
        String t = m.getType();
        if (("additionalProperties".equals(t) || "required".equals(t)) && m.getProperty() != null) {
            return path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
        }
        return path;
    }

    /** True when the parser's problem {@code p} is already about {@code path} (or a part of it). */
    static boolean covers(String p, String path) {
        if (path.isEmpty()) {
            return false;
        }
        String s = p.startsWith("unknown key '") ? p.substring("unknown key '".length()) : p;
        return s.startsWith(path) && (s.length() == path.length() || " .['".indexOf(s.charAt(path.length())) >= 0);
    }

    private static String error(ValidationMessage m) {
        String msg = m.getMessage();
        String loc = m.getInstanceLocation().toString();
        if (msg.startsWith(loc + ": ")) {
            msg = msg.substring(loc.length() + 2);
        }
        return msg;
    }

    /** fields[0].label, form.tickByAnswer.reason: the parser's way of naming a place. */
    static String path(JsonNodePath p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            Object e = p.getElement(i);
            if (e instanceof Integer) {
                sb.append('[').append(e).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.toString();
    }

    private static JsonSchema schema() {
        JsonSchema s = schema;
        if (s == null) {
            synchronized (SchemaCheck.class) {
                s = schema;
                if (s == null) {
                    try (InputStream in = BusinessDescriptor.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from the business API");
                        }
                        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                                .pathType(PathType.JSON_PATH)
                                .locale(Locale.ENGLISH)
                                .build();
                        s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
                        s.initializeValidators();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    schema = s;
                }
            }
        }
        return s;
    }

    /**
     * Runs with the validator's class loader as the thread context class loader: in OSGi the
     * caller's TCCL (a Karaf or Gogo thread) cannot see the library's built-in resources.
     */
    private static <T> T withLibraryLoader(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(JsonSchemaFactory.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
