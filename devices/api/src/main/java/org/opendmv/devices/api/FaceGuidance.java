package org.opendmv.devices.api;

/**
 * Advice to the citizen in front of the camera (since 2.1), the detail of
 * {@link IntermediateEvent#FACE_GUIDANCE}.
 *
 * <p>More values may be added in minor versions: code that switches over this enum must have a default
 * branch, and a UI shows nothing for a value it does not know.
 */
public enum FaceGuidance {
    /** 只允许一人入镜: more than one face is in the picture. */
    MULTIPLE_FACES,
    /** 请靠近一点: the face is too small. */
    TOO_FAR,
    /** 请离远一点: the face is too large. */
    TOO_CLOSE,
    /** 请将脸移到框内: the face is not centred. */
    OFF_CENTRE,
    /** 光线太暗: the picture is too dark. */
    TOO_DARK,
    /** 画面模糊: the picture is blurred. */
    BLURRED,
    /** 请保持不动: hold still. */
    HOLD_STILL;

    /** {@link IntermediateEvent#FACE_GUIDANCE} with this value as its detail. */
    public IntermediateEvent event() {
        return IntermediateEvent.FACE_GUIDANCE.withDetail(name());
    }

    /** The guidance an event carries: empty unless it is a {@code FACE_GUIDANCE} with a known detail. */
    public static java.util.Optional<FaceGuidance> of(IntermediateEvent event) {
        if (event == null || !event.is(IntermediateEvent.FACE_GUIDANCE) || event.detail().isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(valueOf(event.detail().get()));
        } catch (IllegalArgumentException unknown) {
            return java.util.Optional.empty();
        }
    }
}
