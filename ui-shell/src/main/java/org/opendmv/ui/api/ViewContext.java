package org.opendmv.ui.api;

import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.widgets.Text;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepSpec;
import org.opendmv.engine.api.Session;
import org.osgi.annotation.versioning.ProviderType;

/** What the shell offers the step on screen. Only to be used on the UI thread. */
@ProviderType
public interface ViewContext {
    /** The visit. Reading its state is fine on the UI thread; change it only through {@link #submit}. */
    Session session();

    /** The step on screen, as the business's descriptor declares it. */
    StepSpec step();

    /** The citizen's language: zh-CN unless they switched to English. */
    Locale locale();

    /** Picks the text for the citizen's language. */
    String t(String zh, String en);

    /** Picks the text for the citizen's language. */
    String t(LocalizedText text);

    Theme theme();

    /** Elder mode: larger type and longer timeouts; views may show fewer items per screen. */
    boolean elderMode();

    /**
     * Hands the citizen's input to the step off the UI thread; the outcome arrives as an event
     * ({@link StepPanel#update} or {@link StepPanel#showErrors}). Resets the idle countdown.
     */
    void submit(Map<String, Object> input);

    /** The citizen touched something: resets the idle countdown. */
    void touched();

    /** Shows the on-screen keyboard for {@code field} (there is no physical keyboard on a kiosk). */
    void keyboard(Text field, KeyboardLayout layout);

    /** Hides the on-screen keyboard. */
    void hideKeyboard();

    /** Redraws the step area after the view added or removed widgets. */
    void relayout();
}
