package org.opendmv.devices.manager.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The kiosk-wide mode ({@code kiosk.mode} in the PID {@value #PID}): {@code demo} runs on
 * simulators, {@code production} serves citizens and refuses simulators for identity roles.
 * Absent or blank means demo (the shipped file says so); any other value fails closed to production.
 */
enum KioskMode {
    DEMO, PRODUCTION;

    /** The kiosk-wide Config Admin PID shared by every component that needs kiosk settings. */
    static final String PID = "org.opendmv.kiosk";
    static final String KEY = "kiosk.mode";

    /** {@code demo} or {@code production}, as written in the configuration file. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static KioskMode of(Map<String, ?> properties) {
        Object v = properties == null ? null : properties.get(KEY);
        return parse(v == null ? null : String.valueOf(v));
    }

    static KioskMode parse(String value) {
        String v = value == null ? "" : value.trim();
        return v.isEmpty() || v.equalsIgnoreCase("demo") ? DEMO : PRODUCTION;
    }

    /** Whether {@code value} is neither absent nor one of the two known values (logged by the caller). */
    static boolean isUnknown(Map<String, ?> properties) {
        Object v = properties == null ? null : properties.get(KEY);
        String s = v == null ? "" : String.valueOf(v).trim();
        return !s.isEmpty() && !s.equalsIgnoreCase("demo") && !s.equalsIgnoreCase("production");
    }
}
