package org.opendmv.face.api;

import java.util.List;

/**
 * A detected face: its box and detector score in frame pixels, and BlazeFace's six keypoints in this order:
 * {@link #RIGHT_EYE}, {@link #LEFT_EYE}, {@link #NOSE}, {@link #MOUTH}, {@link #RIGHT_EAR}, {@link #LEFT_EAR}
 * (the subject's right and left: the subject's right eye is on the image's left for an unmirrored camera).
 */
public record Face(Box box, double score, List<Point> keypoints) {
    public static final int RIGHT_EYE = 0;
    public static final int LEFT_EYE = 1;
    public static final int NOSE = 2;
    public static final int MOUTH = 3;
    public static final int RIGHT_EAR = 4;
    public static final int LEFT_EAR = 5;

    public Face {
        keypoints = List.copyOf(keypoints);
    }

    public Point keypoint(int index) {
        return keypoints.get(index);
    }
}
