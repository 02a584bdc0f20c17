package org.opendmv.ui.api;

import java.util.Map;

import org.opendmv.business.api.LocalizedText;
import org.opendmv.engine.api.SessionEvent;
import org.osgi.annotation.versioning.ConsumerType;

/** One open step screen. Every method is called on the UI thread. */
@ConsumerType
public interface StepPanel {
    /**
     * Something happened in the visit while this step is on screen: progress (a card was read,
     * a page was scanned, the payment state changed) or the step's data changed. {@code data} is
     * a snapshot of the session's data; {@code event} may be null for a plain refresh.
     */
    void update(SessionEvent event, Map<String, Object> data);

    /**
     * The step did not accept the input. Return true if the view showed the errors next to its
     * fields; false lets the shell show them in its message bar. Keys are field names, "" for
     * the step as a whole, or {@code device:RETRY|CLEAR|SUSPEND|MAINTENANCE} for a device problem
     * (the shell then offers the matching action).
     */
    default boolean showErrors(Map<String, LocalizedText> errors) {
        return false;
    }

    /** The step is left; release images and clear any personal data the view holds. */
    default void close() {
    }
}
