package org.opendmv.devices.api;

/**
 * Whether media (ID card, document, receipt) is in the device (XFS4IoT {@code MediaEnum}), substatus
 * key {@value #KEY}.
 */
public enum MediaStatus implements Substatus {
    /** Media is present in the device or on its reading surface. */
    PRESENT,
    /** No media. */
    NOT_PRESENT,
    /** Media is jammed in the device. */
    JAMMED,
    /** Not known or not reported by the hardware. */
    UNKNOWN;

    /** Substatus key. */
    public static final String KEY = "media";

    @Override
    public String key() {
        return KEY;
    }
}
