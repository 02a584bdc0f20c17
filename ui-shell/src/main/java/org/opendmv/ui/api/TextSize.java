package org.opendmv.ui.api;

/** Type sizes of the theme; elder mode scales them all up. */
public enum TextSize {
    /** The serial number on the receipt screen, the amount to pay. */
    HUGE,
    TITLE,
    HEADING,
    BODY,
    SMALL
}
