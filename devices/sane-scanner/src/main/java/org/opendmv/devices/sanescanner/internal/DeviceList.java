package org.opendmv.devices.sanescanner.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parser of {@code scanimage -f "%d\t%v\t%m\t%t%n"} (the device list). Lines that do not have the four
 * fields or have an empty name are skipped: scanimage and backends may print other text.
 */
final class DeviceList {
    /** The {@code -f} format the parser expects. */
    static final String FORMAT = "%d\t%v\t%m\t%t%n";
    private static final int MAX_FIELD = 256;

    /** One SANE device. */
    record Entry(String name, String vendor, String model, String type) {
    }

    private DeviceList() {
    }

    static List<Entry> parse(String output) {
        List<Entry> result = new ArrayList<>();
        if (output == null) {
            return result;
        }
        for (String line : output.split("\r?\n", -1)) {
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                continue;
            }
            String name = clean(f[0]);
            if (name.isEmpty() || name.indexOf(' ') >= 0) {
                continue;
            }
            result.add(new Entry(name, clean(f[1]), clean(f[2]), clean(f[3])));
            if (result.size() >= 64) {
                break;
            }
        }
        return result;
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_FIELD));
        for (int i = 0; i < s.length() && sb.length() < MAX_FIELD; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString().trim();
    }
}
