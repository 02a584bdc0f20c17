package org.opendmv.face.api;

import java.util.List;

/**
 * 68 facial landmarks in frame pixels, iBUG 300-W order: 0–16 jaw (image left to right), 17–21 and 22–26
 * eyebrows, 27–35 nose, 36–41 the eye on the image's left, 42–47 the eye on the image's right, 48–67 mouth
 * (60–67 inner lips).
 */
public record Landmarks(List<Point> points) {
    public Landmarks {
        points = List.copyOf(points);
        if (points.size() != 68) {
            throw new IllegalArgumentException("68 landmarks expected, got " + points.size());
        }
    }

    public Point point(int index) {
        return points.get(index);
    }
}
