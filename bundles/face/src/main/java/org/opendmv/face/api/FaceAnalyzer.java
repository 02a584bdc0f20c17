package org.opendmv.face.api;

import java.util.List;

/**
 * Face detection, landmarks and embedding on frames. An OSGi service; thread-safe. Models load on first
 * use; when they cannot (natives missing, model missing) {@link #ready()} is false, {@link #reason()} says why
 * and the other methods throw {@link IllegalStateException} with that reason.
 */
public interface FaceAnalyzer {

    /** All faces with at least the configured minimum score, largest first; empty if none. */
    List<Face> detect(Frame frame);

    /** The 68 landmarks of a face found by {@link #detect(Frame)} in the same frame. */
    Landmarks landmarks(Frame frame, Face face);

    /** The face's 128-D identity embedding, L2-normalised (aligned on the landmarks). */
    float[] embedding(Frame frame, Face face);

    /**
     * Similarity of two embeddings in [0,1], 1 = identical. The mapping from the Euclidean distance d of the
     * normalised embeddings is {@code max(0, 1 - 0.58 d)}: the kiosk's default threshold 0.80 is d = 0.345
     * (the model's raw distance ≈ 0.5); the model's usual same-person limit (raw 0.6) gives ≈ 0.76.
     */
    double similarity(float[] a, float[] b);

    /** Whether the models and natives are loaded or loadable; loads them if not yet done. */
    default boolean ready() {
        return true;
    }

    /** Why {@link #ready()} is false (for the operator's log and health page); empty when ready. */
    default String reason() {
        return "";
    }
}
