package org.opendmv.business.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 准驾车型 arithmetic. The "also permits" table is data (descriptor property, format
 * {@code A1:A3 B1 B2 C1;A3:C1 C2;...}) because the table changes with regulations.
 */
public final class LicenceClasses {
    private static final Pattern CLASS = Pattern.compile("[A-Z][0-9]?");
    private final Map<String, Set<String>> permits;

    private LicenceClasses(Map<String, Set<String>> permits) {
        this.permits = permits;
    }

    /** Parses {@code A1:A3 B1 B2;A3:C1 C2}; IllegalArgumentException on bad syntax. */
    public static LicenceClasses parse(String table) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String entry : table.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] kv = entry.split(":", -1);
            if (kv.length != 2 || !CLASS.matcher(kv[0].strip()).matches()) {
                throw new IllegalArgumentException("bad permits entry '" + entry.strip() + "'");
            }
            Set<String> s = new LinkedHashSet<>();
            for (String c : kv[1].strip().split("[,\\s]+")) {
                if (c.isBlank()) {
                    continue;
                }
                if (!CLASS.matcher(c).matches()) {
                    throw new IllegalArgumentException("bad class '" + c + "' in permits entry " + kv[0].strip());
                }
                s.add(c);
            }
            m.put(kv[0].strip(), s);
        }
        return new LicenceClasses(m);
    }

    /** Splits "A2D" or "C1 E" into [A2, D] / [C1, E]; IllegalArgumentException if not class codes. */
    public static List<String> split(String classes) {
        String s = classes.replaceAll("[\\s,]", "").toUpperCase();
        List<String> out = new ArrayList<>();
        Matcher m = CLASS.matcher(s);
        int end = 0;
        while (m.find() && m.start() == end) {
            out.add(m.group());
            end = m.end();
        }
        if (end != s.length() || out.isEmpty()) {
            throw new IllegalArgumentException("not licence classes");
        }
        return out;
    }

    public boolean known(String c) {
        return permits.containsKey(c);
    }

    /** Every class the held classes allow, including themselves (transitively through the table). */
    public Set<String> permitted(Collection<String> held) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(held);
        while (!todo.isEmpty()) {
            String c = todo.remove(todo.size() - 1);
            if (out.add(c)) {
                todo.addAll(permits.getOrDefault(c, Set.of()));
            }
        }
        return out;
    }
}
