package org.opendmv.face.api;

import java.util.Optional;

/**
 * The outcome of a {@link LicencePhotoCheck}: ok or a refusal code, and the crop (in the checked photo's
 * pixels, aspect 260:378, centred on the face) that makes the head the right size when scaled to 260×378.
 *
 * @param code one of {@link #OK}, {@link #NO_FACE}, {@link #MULTIPLE_FACES}, {@link #HEAD_TOO_SMALL},
 *        {@link #HEAD_TOO_LARGE}, {@link #OFF_CENTRE}, {@link #UNAVAILABLE}
 * @param crop present when ok (and, when the face was found, as a hint for the other codes)
 */
public record PhotoVerdict(boolean ok, String code, Optional<Box> crop) {
    public static final String OK = "OK";
    /** No face found. */
    public static final String NO_FACE = "NO_FACE";
    /** More than one face. */
    public static final String MULTIPLE_FACES = "MULTIPLE_FACES";
    /** The head is too small in the photo: even the smallest crop leaves it under 165×224 px at 260×378. */
    public static final String HEAD_TOO_SMALL = "HEAD_TOO_SMALL";
    /** The head is too large: no crop fits it with the hair top 10–20 px below the top edge. */
    public static final String HEAD_TOO_LARGE = "HEAD_TOO_LARGE";
    /** The head is too near an edge of the photo for a crop centred on it. */
    public static final String OFF_CENTRE = "OFF_CENTRE";
    /** The face detector is not available (models or natives); callers fall back to their other checks. */
    public static final String UNAVAILABLE = "UNAVAILABLE";

    public PhotoVerdict {
        crop = crop == null ? Optional.empty() : crop;
    }
}
