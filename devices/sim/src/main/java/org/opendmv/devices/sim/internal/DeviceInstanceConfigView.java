package org.opendmv.devices.sim.internal;

import java.util.Locale;

import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/** Typed access to the simulator's keys of one instance; bad values are IllegalArgumentExceptions. */
final class DeviceInstanceConfigView {
    private final DeviceInstanceConfig raw;

    DeviceInstanceConfigView(DeviceInstanceConfig raw) {
        this.raw = raw;
    }

    DeviceInstanceConfig raw() {
        return raw;
    }

    String string(String key, String defaultValue) {
        return raw.property(key, defaultValue).trim();
    }

    int nonNegative(String key, int defaultValue) {
        int v = raw.intProperty(key, defaultValue);
        if (v < 0) {
            throw new IllegalArgumentException("property " + key + " must be >= 0");
        }
        return v;
    }

    int range(String key, int defaultValue, int min, int max) {
        int v = raw.intProperty(key, defaultValue);
        if (v < min || v > max) {
            throw new IllegalArgumentException("property " + key + " must be within [" + min + ", " + max + "]");
        }
        return v;
    }

    double fraction(String key, double defaultValue) {
        String v = raw.property(key, "").trim();
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= 0.0 && d <= 1.0)) {
                throw new IllegalArgumentException("property " + key + " must be within [0, 1]");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " is not a number", e);
        }
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String v = raw.property(key, "").trim();
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property " + key + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }
}
