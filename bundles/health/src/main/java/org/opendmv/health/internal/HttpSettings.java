package org.opendmv.health.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.stream.Collectors;

/** The addresses and ports Pax Web is configured to listen on (PID org.ops4j.pax.web, Pax Web's defaults). */
record HttpSettings(boolean http, int port, boolean https, int securePort, List<String> addresses) {
    static HttpSettings of(Dictionary<String, Object> p) {
        List<String> addresses = new ArrayList<>();
        for (String a : text(p, "org.ops4j.pax.web.listening.addresses", "0.0.0.0").split(",")) {
            if (!a.isBlank()) {
                addresses.add(a.trim());
            }
        }
        if (addresses.isEmpty()) {
            addresses.add("0.0.0.0");
        }
        return new HttpSettings(bool(p, "org.osgi.service.http.enabled", true), number(p, "org.osgi.service.http.port", 8080),
                bool(p, "org.osgi.service.http.secure.enabled", false), number(p, "org.osgi.service.http.port.secure", 8443),
                List.copyOf(addresses));
    }

    boolean enabled() {
        return http || https;
    }

    List<InetSocketAddress> endpoints() {
        List<InetSocketAddress> l = new ArrayList<>();
        for (String a : addresses) {
            if (http) {
                l.add(new InetSocketAddress(a, port));
            }
            if (https) {
                l.add(new InetSocketAddress(a, securePort));
            }
        }
        return l;
    }

    String describe() {
        return endpoints().stream().map(e -> e.getHostString() + ":" + e.getPort()
                + (e.getPort() == securePort && https ? " (https)" : "")).collect(Collectors.joining(", "));
    }

    private static String text(Dictionary<String, Object> p, String key, String dflt) {
        Object v = p == null ? null : p.get(key);
        return v == null || v.toString().isBlank() ? dflt : v.toString().trim();
    }

    private static boolean bool(Dictionary<String, Object> p, String key, boolean dflt) {
        return Boolean.parseBoolean(text(p, key, Boolean.toString(dflt)));
    }

    private static int number(Dictionary<String, Object> p, String key, int dflt) {
        try {
            return Integer.parseInt(text(p, key, Integer.toString(dflt)));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
