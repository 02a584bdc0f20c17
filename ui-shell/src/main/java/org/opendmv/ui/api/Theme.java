package org.opendmv.ui.api;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kiosk's look: colours, type, spacing and touch-sized controls. Views draw with it so every
 * screen is consistent and elder mode scales everything at once. Fonts and colours belong to the
 * shell; views must not dispose them.
 */
@ProviderType
public interface Theme {
    /** Widget data key holding a stable id, used by automated UI tests to find a control. */
    String TEST_ID = "opendmv.ui.id";

    Font font(TextSize size);

    /** A bold variant of {@link #font}. */
    Font bold(TextSize size);

    Color color(ThemeColor role);

    /** Base spacing in pixels (margins are multiples of it). */
    int spacing();

    /** Smallest height of anything a finger must hit, in pixels. */
    int touchTarget();

    /**
     * A touch button: large, flat, coloured by style. {@code id} is set as {@link #TEST_ID}.
     * {@code action} runs on the UI thread when the button is pressed.
     */
    Control button(Composite parent, String id, String text, ButtonStyle style, Runnable action);

    /** A wrapping label in the theme's type and text colour. */
    Label label(Composite parent, String text, TextSize size);

    /** A white panel with a border, for grouping (one-column GridLayout). */
    Composite card(Composite parent);

    /** Sets the background of {@code control} and its children to the theme background. */
    void paint(Control control);
}
