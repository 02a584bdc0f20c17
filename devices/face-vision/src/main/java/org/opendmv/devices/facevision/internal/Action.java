package org.opendmv.devices.facevision.internal;

/**
 * The challenges a citizen is asked to perform, named as in the device API's {@code LIVENESS_ACTION} detail.
 * Left and right are the citizen's own, which is also the side they see their head move to on the mirrored
 * preview. Never "smile": a smile cannot be asked of everyone and proves nothing a blink does not.
 */
enum Action {
    /** Close both eyes and open them again. */
    BLINK,
    /** Turn the head to one's own left (the left of the mirrored screen). */
    TURN_LEFT,
    /** Turn the head to one's own right (the right of the mirrored screen). */
    TURN_RIGHT,
    /** Open the mouth wide. */
    OPEN_MOUTH
}
