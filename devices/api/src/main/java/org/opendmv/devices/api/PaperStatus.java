package org.opendmv.devices.api;

/** Paper supply of a printer (XFS4IoT {@code PaperSupplyEnum}), substatus key {@value #KEY}. */
public enum PaperStatus implements Substatus {
    /** Enough paper. */
    FULL,
    /** Paper is running low: staff should replace the roll soon. */
    LOW,
    /** No paper. */
    OUT,
    /** Paper jammed. */
    JAMMED,
    /** Not known or not reported by the hardware. */
    UNKNOWN;

    /** Substatus key. */
    public static final String KEY = "paper";

    @Override
    public String key() {
        return KEY;
    }
}
