package org.opendmv.devices.testkit;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The resident identity number of GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character. */
public final class Gb11643 {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private Gb11643() {
    }

    /**
     * The check character of the first 17 digits.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 digits
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || !first17.matches("\\d{17}")) {
            throw new IllegalArgumentException("need 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Whether {@code id} is 18 characters with a valid check character and birth date. */
    public static boolean isValid(String id) {
        if (id == null || !id.matches("\\d{17}[0-9X]")) {
            return false;
        }
        return checkCharacter(id.substring(0, 17)) == id.charAt(17) && birthDate(id).isPresent();
    }

    /** The birth date in characters 7 to 14, if it is a date. */
    public static Optional<LocalDate> birthDate(String id) {
        if (id == null || id.length() < 14) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
