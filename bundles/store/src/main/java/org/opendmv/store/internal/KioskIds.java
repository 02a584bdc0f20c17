package org.opendmv.store.internal;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The rules of a kiosk id. The serial is {@code yyyyMMdd + id + 6 digits} and WeChat's
 * out_trade_no is {@code serial + "P" + n}, at most 32 characters of [0-9A-Za-z]: an id of at
 * most 12 characters leaves 6 for "P" and the order number of the visit.
 */
final class KioskIds {
    static final int MAX_LENGTH = 12;
    private static final Pattern VALID = Pattern.compile("[A-Z0-9]{1," + MAX_LENGTH + "}");
    /** Crockford's base 32: no I, L, O, U, so an id read aloud or typed from a receipt is not misread. */
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    /** 8 characters of 32 = 40 random bits (see README, "Kiosk id", for the collision bound). */
    static final int GENERATED_LENGTH = 8;

    private KioskIds() {
    }

    /** Null if {@code id} is a valid kiosk id, otherwise what is wrong with it. */
    static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "it is empty";
        }
        if (!VALID.matcher(id).matches()) {
            return "use 1 to " + MAX_LENGTH + " characters A-Z and 0-9 (upper case, no spaces or dashes): it becomes"
                    + " part of every serial number and WeChat Pay order number";
        }
        return null;
    }

    static String requireValid(String id, String where) {
        String p = problem(id);
        if (p != null) {
            throw new IllegalArgumentException("kiosk id '" + id + "'" + (where == null ? "" : " in " + where)
                    + " is not valid: " + p);
        }
        return id;
    }

    static String generate(SecureRandom random) {
        char[] out = new char[GENERATED_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
