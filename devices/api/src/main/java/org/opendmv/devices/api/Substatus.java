package org.opendmv.devices.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A per-class substatus value (third status layer) stored in {@link DeviceStatus#substatus()} under
 * {@link #key()} with {@link #name()} as value. Implemented by enums such as {@link PaperStatus}; a
 * driver may add its own enums for vendor-specific substatus.
 */
@ConsumerType
public interface Substatus {

    /** Key in the substatus map, e.g. {@code "paper"}; the same for every constant of one enum. */
    String key();

    /** Value in the substatus map (the enum constant name). */
    String name();
}
