package org.opendmv.fleet.api;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Argument checks of the message records; messages name the field, never the offending value. */
final class Checks {
    static final int MAX_TEXT = 200;
    static final int MAX_ENTRIES = 1000;

    private Checks() {
    }

    static void header(int v, String kioskId, String office, Instant at, long seq) {
        if (v != KioskMessage.VERSION) {
            throw new IllegalArgumentException("unsupported message version (v must be " + KioskMessage.VERSION + ")");
        }
        if (!FleetTopics.validKioskId(kioskId)) {
            throw new IllegalArgumentException("kioskId missing or not a valid id");
        }
        if (!FleetTopics.validId(office)) {
            throw new IllegalArgumentException("office missing or not a valid id");
        }
        notNull("at", at);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be 1 or more");
        }
    }

    static void notNull(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " missing");
        }
    }

    static String text(String field, String value) {
        notNull(field, value);
        if (value.isEmpty() || value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " must be 1-" + MAX_TEXT + " characters");
        }
        return value;
    }

    static void count(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
    }

    static <V> Map<String, V> map(String field, Map<String, V> m) {
        if (m == null) {
            return Map.of();
        }
        if (m.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(field + " has more than " + MAX_ENTRIES + " entries");
        }
        for (Map.Entry<String, V> e : m.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || String.valueOf(e.getKey()).length() > MAX_TEXT
                    || String.valueOf(e.getValue()).length() > MAX_TEXT) {
                throw new IllegalArgumentException(field + " has an empty or too long entry");
            }
        }
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }

    static <T> List<T> list(String field, List<T> l) {
        if (l == null) {
            return List.of();
        }
        if (l.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(field + " has more than " + MAX_ENTRIES + " entries");
        }
        for (T t : l) {
            if (t == null) {
                throw new IllegalArgumentException(field + " has an empty entry");
            }
        }
        return List.copyOf(l);
    }
}
