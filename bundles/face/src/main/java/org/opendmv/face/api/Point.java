package org.opendmv.face.api;

/** A point in frame pixels (x to the right, y down; fractional). */
public record Point(double x, double y) {
}
