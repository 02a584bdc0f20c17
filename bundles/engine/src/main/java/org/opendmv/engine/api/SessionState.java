package org.opendmv.engine.api;

/** Where a visit is. */
public enum SessionState {
    ACTIVE,
    /** All steps done. */
    COMPLETED,
    /** Ended early; see {@link Session#endReason()}. */
    ENDED
}
