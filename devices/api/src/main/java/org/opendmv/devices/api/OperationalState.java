package org.opendmv.devices.api;

/**
 * Second status layer (after the XFS4IoT common device state): can the hardware work right now. Only
 * meaningful while the {@link Lifecycle} is {@link Lifecycle#READY}; otherwise it is usually
 * {@link #UNKNOWN}.
 */
public enum OperationalState {
    /** Present and operational. */
    ONLINE,
    /** Operational but executing a command; further commands queue. */
    BUSY,
    /** Present but not operational, e.g. switched off-line or not answering. */
    OFFLINE,
    /** Powered off or physically disconnected. */
    POWER_OFF,
    /** Configured but no hardware found. */
    NO_DEVICE,
    /** Inoperable because of a hardware error. */
    HARDWARE_ERROR,
    /** Present, but a person prevents proper operation (e.g. card held in the slot). */
    USER_ERROR,
    /** Inoperable because it detected a fraud attempt (tampering, skimming, spoof). */
    FRAUD_ATTEMPT,
    /** Not known (yet). */
    UNKNOWN
}
