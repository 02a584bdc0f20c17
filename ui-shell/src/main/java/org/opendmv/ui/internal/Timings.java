package org.opendmv.ui.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Touch → next screen drawn, the last 200 per screen; only the UI thread writes, readers copy. */
final class Timings {
    private final Map<String, Deque<Long>> byScreen = new TreeMap<>();

    synchronized void add(String screen, long ms) {
        Deque<Long> d = byScreen.computeIfAbsent(screen, k -> new ArrayDeque<>());
        d.addLast(ms);
        if (d.size() > 200) {
            d.removeFirst();
        }
    }

    /** One line per screen: name, count, median and max in ms. */
    synchronized String report() {
        StringBuilder sb = new StringBuilder(String.format("%-22s %5s %9s %7s%n", "screen", "n", "median_ms", "max_ms"));
        byScreen.forEach((screen, d) -> {
            List<Long> l = new ArrayList<>(d);
            Collections.sort(l);
            long median = l.size() % 2 == 1 ? l.get(l.size() / 2) : (l.get(l.size() / 2 - 1) + l.get(l.size() / 2)) / 2;
            sb.append(String.format("%-22s %5d %9d %7d%n", screen, l.size(), median, l.get(l.size() - 1)));
        });
        return sb.toString();
    }
}
