package org.opendmv.records.api;

/** Status fields are strings of GA/T 16 code letters ("A", "HI", "NT"); a record can carry several. */
public final class StatusLetters {
    private StatusLetters() {
    }

    /** Whether {@code status} has any of {@code letters}. */
    public static boolean hasAny(String status, String letters) {
        return !among(status, letters).isEmpty();
    }

    /** The letters of {@code status} that are also in {@code letters}, in status order. */
    public static String among(String status, String letters) {
        StringBuilder b = new StringBuilder();
        for (char c : status.toCharArray()) {
            if (letters.indexOf(c) >= 0) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
