package org.opendmv.ui.api;

/** Keys the on-screen keyboard shows. */
public enum KeyboardLayout {
    /** 0-9 and delete: mobile numbers, postal codes, counts. */
    DIGITS,
    /** 0-9, X and delete: resident ID numbers. */
    ID_NUMBER,
    /** Digits, capital letters (no I or O, as on plates) and delete: plate numbers, codes. */
    PLATE,
    /** Digits, letters, space and common punctuation. */
    TEXT
}
