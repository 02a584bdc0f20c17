package org.opendmv.business.rules;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;

/** Date helpers for rules: ages, windows and the way dates are written to citizens. */
public final class Dates {
    private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private Dates() {
    }

    /** Completed years between birth and today. */
    public static int age(LocalDate birth, LocalDate today) {
        return Period.between(birth, today).getYears();
    }

    /** Whole years from {@code from} to {@code to}, rounded to the nearest year (for inspection cycles). */
    public static int roundedYears(LocalDate from, LocalDate to) {
        Period p = Period.between(from, to);
        return p.getYears() + (p.getMonths() >= 6 ? 1 : 0);
    }

    public static String zh(LocalDate d) {
        return ZH.format(d);
    }

    public static String en(LocalDate d) {
        return d.toString();
    }
}
