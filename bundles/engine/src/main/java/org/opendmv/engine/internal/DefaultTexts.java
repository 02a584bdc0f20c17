package org.opendmv.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.LocalizedText;

/** Texts shown when a descriptor brings none (resource {@value #RESOURCE}). */
public final class DefaultTexts {
    static final String RESOURCE = "texts/defaults.json";
    private static final Map<String, LocalizedText> TEXTS = load();

    private DefaultTexts() {
    }

    private static Map<String, LocalizedText> load() {
        Map<String, LocalizedText> out = new LinkedHashMap<>();
        try (InputStream in = DefaultTexts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return out;
            }
            JsonNode root = new ObjectMapper().readTree(in);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isObject()) {
                    Map<String, String> m = new LinkedHashMap<>();
                    e.getValue().fields().forEachRemaining(t -> m.put(t.getKey(), t.getValue().asText()));
                    out.put(e.getKey(), LocalizedText.of(m));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("engine resource " + RESOURCE + " is broken", e);
        }
        return out;
    }

    /**
     * The text {@code key} for a business: its descriptor's own, else for {@code declaration} the
     * default of the form it prints ({@code declaration.<form kind>}, e.g. {@code declaration.vehicle-plate}),
     * else the engine default.
     */
    public static Optional<LocalizedText> forBusiness(BusinessDescriptor b, String key) {
        Optional<LocalizedText> own = b.text(key);
        if (own.isPresent()) {
            return own;
        }
        if (key.equals("declaration")) {
            LocalizedText byForm = TEXTS.get("declaration." + b.form().map(f -> f.kind()).orElse(""));
            if (byForm != null) {
                return Optional.of(byForm);
            }
        }
        return Optional.ofNullable(TEXTS.get(key));
    }
}
