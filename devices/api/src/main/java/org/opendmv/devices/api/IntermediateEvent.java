package org.opendmv.devices.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Progress reported by a driver while a command runs (XFS4IoT command events), through
 * {@link CommandContext#event(IntermediateEvent)}; the UI turns them into prompts and animations.
 *
 * <p>Enum-like: compare {@link #type()} or use {@link #is(IntermediateEvent)}. The constants below are
 * the known types; a driver may send its own with {@link #of(String)} using a {@code X_VENDOR_...} type,
 * which a UI ignores unless it knows it. The optional {@link #detail()} is a short machine-readable value
 * (a page number, a direction), never personal data.
 */
public final class IntermediateEvent {
    /** The reader waits for a card: show "please place your ID card on the reader". */
    public static final IntermediateEvent INSERT_CARD_PROMPT = new IntermediateEvent("INSERT_CARD_PROMPT", null);
    /** A card or document was detected in or on the device. */
    public static final IntermediateEvent MEDIA_INSERTED = new IntermediateEvent("MEDIA_INSERTED", null);
    /** The card or document was taken away. */
    public static final IntermediateEvent MEDIA_REMOVED = new IntermediateEvent("MEDIA_REMOVED", null);
    /** Media was detected but is not what the command expects (not an ID card); the device keeps waiting. */
    public static final IntermediateEvent INVALID_MEDIA = new IntermediateEvent("INVALID_MEDIA", null);
    /** The camera waits for a face: show "please look at the camera". */
    public static final IntermediateEvent PRESENT_FACE_PROMPT = new IntermediateEvent("PRESENT_FACE_PROMPT", null);
    /** A face was found. */
    public static final IntermediateEvent FACE_DETECTED = new IntermediateEvent("FACE_DETECTED", null);
    /** The face left the picture. */
    public static final IntermediateEvent FACE_LOST = new IntermediateEvent("FACE_LOST", null);
    /**
     * Liveness challenge: the citizen is asked to do one action now. Detail (since 2.1)
     * {@code "<ACTION>;<k>/<n>;<secondsLeft>"}, e.g. {@code "TURN_LEFT;2/3;4"}: the action, its 1-based
     * position {@code k} among the {@code n} actions of this check, and the whole seconds left for it. The driver
     * sends it when a challenge starts and again when the countdown changes (about once a second).
     * {@code ACTION} is one of {@link LivenessAction} ({@code BLINK}, {@code TURN_LEFT}, {@code TURN_RIGHT},
     * {@code OPEN_MOUTH}); left and right are the citizen's own left and right, which is also the side they
     * see in the mirrored preview. Read and write it with {@link LivenessChallenge}. Before 2.1 the detail was
     * the bare action ({@code "BLINK"}); {@link LivenessChallenge#parse} accepts that too.
     */
    public static final IntermediateEvent LIVENESS_ACTION = new IntermediateEvent("LIVENESS_ACTION", null);
    /**
     * The current liveness challenge was done (since 2.1). Detail {@code "<ACTION>;<k>/<n>"}, e.g.
     * {@code "BLINK;1/3"}; see {@link #LIVENESS_ACTION} and {@link LivenessChallenge}.
     */
    public static final IntermediateEvent LIVENESS_ACTION_PASSED = new IntermediateEvent("LIVENESS_ACTION_PASSED", null);
    /**
     * What the citizen should change so that the camera can check them (since 2.1). Detail: one of
     * {@link FaceGuidance} ({@code MULTIPLE_FACES}, {@code TOO_FAR}, {@code TOO_CLOSE}, {@code OFF_CENTRE},
     * {@code TOO_DARK}, {@code BLURRED}, {@code HOLD_STILL}); send it with {@link FaceGuidance#event()}.
     * A driver sends it when the advice changes and repeats it about once a second while the problem lasts (not
     * for every frame); a UI shows it for a few seconds after the last one, and no longer once the challenge is
     * passed.
     */
    public static final IntermediateEvent FACE_GUIDANCE = new IntermediateEvent("FACE_GUIDANCE", null);
    /** The scanner waits for a document: show "please place the document". */
    public static final IntermediateEvent PLACE_DOCUMENT_PROMPT = new IntermediateEvent("PLACE_DOCUMENT_PROMPT", null);
    /** A page was captured; detail is the 1-based page number. */
    public static final IntermediateEvent PAGE_SCANNED = new IntermediateEvent("PAGE_SCANNED", null);
    /** The pad waits for a signature. */
    public static final IntermediateEvent SIGN_PROMPT = new IntermediateEvent("SIGN_PROMPT", null);
    /** A stroke was drawn; detail is the stroke count so far. */
    public static final IntermediateEvent STROKE_ADDED = new IntermediateEvent("STROKE_ADDED", null);
    /** Printing has started. */
    public static final IntermediateEvent PRINTING = new IntermediateEvent("PRINTING", null);
    /** The printed receipt is presented for taking. */
    public static final IntermediateEvent MEDIA_PRESENTED = new IntermediateEvent("MEDIA_PRESENTED", null);
    /** The citizen took the receipt. */
    public static final IntermediateEvent MEDIA_TAKEN = new IntermediateEvent("MEDIA_TAKEN", null);

    private final String type;
    private final String detail;

    private IntermediateEvent(String type, String detail) {
        this.type = Objects.requireNonNull(type, "type");
        this.detail = detail;
    }

    /** An event of any type without detail; prefer the constants. */
    public static IntermediateEvent of(String type) {
        if (type.isBlank()) {
            throw new IllegalArgumentException("blank event type");
        }
        return new IntermediateEvent(type, null);
    }

    /** This event with a detail, e.g. {@code PAGE_SCANNED.withDetail("2")}. */
    public IntermediateEvent withDetail(String detail) {
        return new IntermediateEvent(type, detail);
    }

    /** Upper-case type name, e.g. {@code "INSERT_CARD_PROMPT"}. */
    public String type() {
        return type;
    }

    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** Whether this event has the same type as {@code other}, whatever the details. */
    public boolean is(IntermediateEvent other) {
        return other != null && type.equals(other.type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntermediateEvent && type.equals(((IntermediateEvent) o).type)
                && Objects.equals(detail, ((IntermediateEvent) o).detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, detail);
    }

    @Override
    public String toString() {
        return detail == null ? type : type + "(" + detail + ")";
    }
}
