package org.opendmv.ui.api;

/** How prominent a button is. */
public enum ButtonStyle {
    /** The one thing to do next on a screen. */
    PRIMARY,
    SECONDARY,
    /** Cancelling or clearing. */
    DANGER
}
