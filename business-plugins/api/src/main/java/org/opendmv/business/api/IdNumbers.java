package org.opendmv.business.api;

import java.time.DateTimeException;
import java.time.LocalDate;

/** GB 11643-1999 resident ID numbers: check digit (ISO 7064 MOD 11-2), birth date, sex, masking. */
public final class IdNumbers {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private IdNumbers() {
    }

    /** The check character for the first 17 digits. */
    public static char checkChar(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** True when the number has 17 digits + check character, a real birth date and a correct check. */
    public static boolean isValid(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return false;
            }
        }
        char last = Character.toUpperCase(id.charAt(17));
        if (last != checkChar(id) || birthDate(id) == null) {
            return false;
        }
        return true;
    }

    /** Birth date encoded in digits 7-14, or null when it is not a real date. */
    public static LocalDate birthDate(String id) {
        try {
            return LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** True for male (odd 17th digit). */
    public static boolean isMale(String id) {
        return (id.charAt(16) - '0') % 2 == 1;
    }

    /** For display and logs: first 6 and last 4 kept, e.g. 110101********123X. */
    public static String mask(String id) {
        if (id == null || id.length() < 10) {
            return "****";
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }
}
