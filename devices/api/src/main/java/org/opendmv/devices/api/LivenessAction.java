package org.opendmv.devices.api;

/**
 * An action of a challenge-response liveness check (since 2.1), the {@code ACTION} of
 * {@link IntermediateEvent#LIVENESS_ACTION}. Left and right are the citizen's own left and right (the
 * side they also see in the mirrored preview). There is deliberately no "smile".
 *
 * <p>More actions may be added in minor versions: code that switches over this enum must have a
 * default branch.
 */
public enum LivenessAction {
    /** 眨眨眼: close and open both eyes. */
    BLINK,
    /** 请向左转头: turn the head to the citizen's left. */
    TURN_LEFT,
    /** 请向右转头: turn the head to the citizen's right. */
    TURN_RIGHT,
    /** 张张嘴: open the mouth. */
    OPEN_MOUTH
}
