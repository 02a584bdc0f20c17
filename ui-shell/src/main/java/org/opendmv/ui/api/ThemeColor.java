package org.opendmv.ui.api;

/** Colour roles of the theme. */
public enum ThemeColor {
    BACKGROUND,
    SURFACE,
    PRIMARY,
    ON_PRIMARY,
    TEXT,
    MUTED,
    OK,
    WARNING,
    ERROR,
    BORDER
}
