package org.opendmv.store.api;

import java.time.Instant;

/** One entry of an application's status history. */
public final class StatusChange {
    private final String status;
    private final String note;
    private final Instant at;

    public StatusChange(String status, String note, Instant at) {
        this.status = status;
        this.note = note;
        this.at = at;
    }

    public String status() {
        return status;
    }

    public String note() {
        return note;
    }

    public Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return at + " " + status + (note == null ? "" : " " + note);
    }
}
