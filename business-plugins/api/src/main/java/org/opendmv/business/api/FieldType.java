package org.opendmv.business.api;

/** Kinds of form field; each kind carries its own syntax check (see {@link FieldValidation}). */
public enum FieldType {
    /** Free text. */
    TEXT,
    /** Digits only. */
    DIGITS,
    /** Mainland mobile number, 11 digits starting with 1[3-9]. */
    MOBILE,
    /** Six-digit postal code. */
    POSTCODE,
    /** Resident ID number (GB 11643, with check digit). */
    ID_NUMBER,
    /** Motor-vehicle plate number, e.g. 京A12345. */
    PLATE,
    /** ISO date yyyy-MM-dd. */
    DATE,
    /** One of {@link FieldSpec#options()}. */
    CHOICE,
    /** Several of {@link FieldSpec#options()}, comma separated. */
    MULTI_CHOICE,
    /** Postal address. */
    ADDRESS
}
