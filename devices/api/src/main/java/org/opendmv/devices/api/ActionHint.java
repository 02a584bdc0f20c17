package org.opendmv.devices.api;

/**
 * What should happen after an error (XFS4IoT error event {@code action}). It decides what the citizen
 * sees and whether an operator is alerted.
 */
public enum ActionHint {
    /** The citizen may simply try again ("please present the card again"). */
    RETRY,
    /** Staff on site can clear it, e.g. replace the paper or remove a jammed card ("please call staff"). */
    CLEAR,
    /** A field engineer is needed; the device is out of service. */
    MAINTENANCE,
    /** The device is temporarily unavailable and tries to recover by itself; offer the step later. */
    SUSPEND
}
