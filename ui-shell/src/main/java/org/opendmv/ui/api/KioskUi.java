package org.opendmv.ui.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running touch UI, for operators (console, remote support) and automated walks. Any thread.
 * Registered only while the UI runs on a display, from the moment its first screen is drawn.
 */
@ProviderType
public interface KioskUi {
    /** What is on screen: {@code attract}, {@code home}, {@code category}, {@code businesses}, {@code visit:STEP}, {@code ended}. */
    String screen();

    /** Layout in use, e.g. {@code 1920x1080}. */
    String layout();

    /** Saves what the kiosk shows right now as PNG. */
    void screenshot(Path file);

    /** Test ids ({@link Theme#TEST_ID}) of the controls now visible. */
    List<String> visibleIds();

    /** The text a visible control shows (a label, a button, a text field), if it has one. */
    Optional<String> text(String testId);

    /** All text on screen, top to bottom, one item per line (for assertions and support). */
    String screenText();

    /**
     * Touches the visible control with this test id the way a finger does: a real pointer event
     * through the window system at the control's centre. False if no such control is visible.
     */
    boolean tap(String testId);

    /**
     * Draws a stroke across the visible control with this test id, like a finger on the signature
     * area: press at the first point, move through the others, release at the last. Points are
     * fractions (0..1) of the control's width and height, as x1, y1, x2, y2, ….
     */
    boolean stroke(String testId, double... points);

    /**
     * Touch → next screen drawn (the screen or step changed and its paint went out), per screen:
     * count, median and maximum in ms over the last 200 touches. Measured for real touches too.
     */
    String timings();

    /** Switches language (zh-CN / en) as the citizen's language button does. */
    void language(boolean english);

    /** Switches elder mode as the citizen's button does. */
    void elderMode(boolean on);
}
