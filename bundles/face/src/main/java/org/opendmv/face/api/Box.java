package org.opendmv.face.api;

/** An axis-aligned rectangle in frame pixels: top-left corner, width and height. */
public record Box(double x, double y, double width, double height) {

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    /** Intersection over union with another box, in [0,1]. */
    public double iou(Box o) {
        double ix = Math.max(0, Math.min(right(), o.right()) - Math.max(x, o.x));
        double iy = Math.max(0, Math.min(bottom(), o.bottom()) - Math.max(y, o.y));
        double inter = ix * iy;
        double union = width * height + o.width * o.height - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
