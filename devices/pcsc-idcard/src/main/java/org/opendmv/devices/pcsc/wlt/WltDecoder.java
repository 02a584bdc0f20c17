package org.opendmv.devices.pcsc.wlt;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns the card's 1024-byte WLT photo into an image. WLT is proprietary and licensed, so the
 * kiosk ships no decoder: register one as an OSGi service and readers report decoded photos;
 * without one the photo is reported absent.
 */
@ConsumerType
public interface WltDecoder {
    /** @return PNG or JPEG bytes (typically 102×126) */
    byte[] decode(byte[] wlt) throws Exception;
}
