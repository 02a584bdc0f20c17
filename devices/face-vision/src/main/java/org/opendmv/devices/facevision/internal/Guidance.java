package org.opendmv.devices.facevision.internal;

/** Why a frame's face cannot be used, as the device API's {@code FACE_GUIDANCE} detail. */
enum Guidance {
    MULTIPLE_FACES, TOO_FAR, TOO_CLOSE, OFF_CENTRE, TOO_DARK, BLURRED, HOLD_STILL
}
