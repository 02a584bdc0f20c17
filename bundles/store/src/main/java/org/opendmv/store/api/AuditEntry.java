package org.opendmv.store.api;

import java.time.Instant;

/** One audit log row. */
public final class AuditEntry {
    private final Instant at;
    private final String actor;
    private final String action;
    private final String subject;

    public AuditEntry(Instant at, String actor, String action, String subject) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.subject = subject;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String subject() {
        return subject;
    }

    @Override
    public String toString() {
        return at + " " + actor + " " + action + " " + subject;
    }
}
