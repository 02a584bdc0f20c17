package org.opendmv.engine.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives a session's events. May be called from timer threads: hand UI work to the UI thread. */
@ConsumerType
@FunctionalInterface
public interface SessionListener {
    void onEvent(Session session, SessionEvent event);
}
