package org.opendmv.engine.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Starts and lists visits. */
@ProviderType
public interface SessionManager {
    /**
     * Starts a visit. Throws {@link IllegalArgumentException} for an unknown business and
     * {@link IllegalStateException} when the business cannot run now (see {@link #readiness}).
     */
    Session start(String businessCode, Locale locale);

    /** Active sessions. */
    List<Session> sessions();

    Optional<Session> session(String id);

    /** Empty when the business can run; otherwise what is missing (step types, rules). */
    List<String> readiness(String businessCode);

    /** Adds a listener to every session, present and future (for the UI, logs, audit). */
    void addListener(SessionListener listener);

    void removeListener(SessionListener listener);

    /**
     * What became of the application of an ended visit that left PAY without a confirmed payment;
     * empty for other visits (or once forgotten, some minutes later).
     *
     * @since 1.3
     */
    default Optional<Aftermath> aftermath(String sessionId) {
        return Optional.empty();
    }
}
