package org.opendmv.central.internal;

import java.util.regex.Pattern;

/** What the central accepts as kiosk ids, offices, business codes, serials and file names. */
final class Names {
    /** As the kiosk makes them (org.opendmv.store KioskIds): upper-case letters and digits, at most 12. */
    static final Pattern KIOSK_ID = Pattern.compile("[A-Z0-9]{1,12}");
    /** Also an MQTT topic level: no '/', '+', '#'. */
    static final Pattern OFFICE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern BUSINESS = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9-]{1,32}");
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern CONTENT_TYPE = Pattern.compile("[a-z]+/[A-Za-z0-9.+-]+(; ?charset=[A-Za-z0-9-]+)?");

    private Names() {
    }

    static String kioskId(String id) {
        if (id == null || !KIOSK_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("kiosk id must be 1 to 12 upper-case letters or digits (as the kiosk's etc/org.opendmv.kiosk.cfg)");
        }
        return id;
    }

    static String office(String office) {
        if (office == null || !OFFICE.matcher(office).matches()) {
            throw new IllegalArgumentException("office must be 1 to 64 letters, digits, '-' or '_' (it is an MQTT topic level)");
        }
        return office;
    }
}
