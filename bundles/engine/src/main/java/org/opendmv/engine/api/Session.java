package org.opendmv.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.StepResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One citizen doing one business. Steps run in the descriptor's order; each step has an idle
 * countdown (warning first, then the visit is abandoned) and the whole visit has a limit.
 * When the visit ends, collected personal data is wiped unless it became an application.
 */
@ProviderType
public interface Session {
    String id();

    BusinessDescriptor business();

    /**
     * The bundle and version of the business this visit started on. A visit keeps its version,
     * and the rule and step services it started with, when a newer version is installed.
     */
    default Optional<BusinessSource> businessSource() {
        return Optional.empty();
    }

    Locale locale();

    SessionState state();

    Optional<EndReason> endReason();

    List<StepSpec> steps();

    /** Index into {@link #steps()}; equals steps().size() once completed. */
    int currentIndex();

    Optional<StepSpec> currentStep();

    Instant startedAt();

    /** When the current step is abandoned if nothing happens. */
    Instant idleDeadline();

    /** When the whole visit is abandoned. */
    Instant visitDeadline();

    /** Snapshot of the data collected so far (empty after the visit ended). */
    Map<String, Object> data();

    /** Serial number once the visit became an application. */
    Optional<String> applicationSerial();

    /** Input for the current step. Counts as activity. Throws IllegalStateException once ended. */
    StepResult submit(Map<String, Object> input);

    /** Whether {@link #back()} is allowed now (never past a card read, a payment or a submission). */
    boolean canGoBack();

    /** Returns to the previous step on the path taken; IllegalStateException when not allowed. */
    void back();

    /** The citizen is still there: re-arm the idle countdown. */
    void touch();

    /**
     * Gives this visit more (or less) time per step: every idle countdown from now on is scaled by
     * {@code percent} (100 = as configured; the touch UI's elder mode uses 150). Re-arms the
     * current step's countdown. Values outside 50–400 are refused.
     *
     * @since 1.2
     */
    void pace(int percent);

    /** The citizen (or staff) ends the visit. */
    void cancel();

    /**
     * A text to show during the visit: {@code consent} (face recognition), {@code declaration}
     * (signed at SIGN), {@code notice}... The business's own, else the engine's default.
     */
    Optional<LocalizedText> text(String key);

    void addListener(SessionListener listener);

    void removeListener(SessionListener listener);
}
