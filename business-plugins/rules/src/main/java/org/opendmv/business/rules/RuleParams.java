package org.opendmv.business.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendmv.business.api.BusinessDescriptor;

/**
 * Rule parameters from the descriptor's {@code properties} (keys {@code rule.*}). A missing or
 * malformed parameter is a descriptor mistake: {@link IllegalStateException} naming the key,
 * which the engine turns into a polite "暂不可办理" refusal and an operator log line.
 */
public final class RuleParams {
    private final Map<String, String> props;
    private final String business;

    private RuleParams(BusinessDescriptor d) {
        this.props = d.properties();
        this.business = d.code();
    }

    public static RuleParams of(BusinessDescriptor d) {
        return new RuleParams(d);
    }

    public boolean has(String key) {
        String v = props.get(key);
        return v != null && !v.isBlank();
    }

    public String text(String key) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("business " + business + ": descriptor property '" + key + "' is missing");
        }
        return v.strip();
    }

    public String text(String key, String fallback) {
        return has(key) ? props.get(key).strip() : fallback;
    }

    public int integer(String key) {
        String v = text(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("business " + business + ": descriptor property '" + key + "' must be an integer");
        }
    }

    public int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    public boolean flag(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        String v = text(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalStateException("business " + business + ": descriptor property '" + key + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** Status letters, e.g. "BDEFGKU"; empty string allowed when the key is present but blank is not. */
    public String letters(String key) {
        String v = text(key).replaceAll("[\\s,]", "");
        if (!v.matches("[A-Z]+")) {
            throw new IllegalStateException("business " + business + ": descriptor property '" + key + "' must be upper-case status letters");
        }
        return v;
    }

    public String letters(String key, String fallback) {
        return has(key) ? letters(key) : fallback;
    }

    /**
     * For {@link org.opendmv.business.api.spi.EligibilityRule#checkParameters}: each of these keys,
     * when set, must be upper-case status letters (the same test as {@link #letters(String)}).
     */
    public static List<String> checkLetters(Map<String, String> effective, String... keys) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            String v = effective.get(key);
            if (v != null && !v.isBlank() && !v.replaceAll("[\\s,]", "").matches("[A-Z]+")) {
                problems.add(key + " must be upper-case status letters (e.g. CEKLMNOP), not \"" + v.strip() + "\"");
            }
        }
        return problems;
    }

    /** Codes separated by commas or spaces, e.g. "A1 A2 B1". */
    public List<String> codes(String key) {
        List<String> out = new ArrayList<>();
        for (String p : text(key).split("[,\\s]+")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    public List<String> codes(String key, List<String> fallback) {
        return has(key) ? codes(key) : fallback;
    }

    public Set<Integer> integers(String key) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String p : codes(key)) {
            try {
                out.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("business " + business + ": descriptor property '" + key + "' must list integers");
            }
        }
        return out;
    }
}
