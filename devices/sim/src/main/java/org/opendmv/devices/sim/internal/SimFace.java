package org.opendmv.devices.sim.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

import org.opendmv.devices.api.PreviewFrame;

/**
 * The simulated camera's picture: a drawn cartoon face (not a photo of anyone) in a room, which blinks, turns
 * its head and opens its mouth as the challenge asks. Drawn with {@code java.awt} (headless), as the citizen
 * sees it: mirrored, so a turn to the citizen's left moves to the left of the picture.
 */
final class SimFace {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private SimFace() {
    }

    /**
     * What the face does in one frame.
     *
     * @param present whether anyone is in front of the camera
     * @param scale head size, 1 = a well-placed face
     * @param turn -1 (fully turned to the picture's left) … 1 (right)
     * @param eyesClosed 0 open … 1 closed
     * @param mouthOpen 0 closed … 1 wide open
     * @param other another person than the card holder (glasses, other hair)
     */
    record Pose(boolean present, double scale, double turn, double eyesClosed, double mouthOpen, boolean other) {
        static Pose neutral(boolean other) {
            return new Pose(true, 1.0, 0, 0, 0, other);
        }

        static Pose nobody() {
            return new Pose(false, 1.0, 0, 0, 0, false);
        }
    }

    static PreviewFrame draw(Pose p) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        double[] box = null;
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // a wall and a door behind
            g.setPaint(new GradientPaint(0, 0, new Color(196, 210, 222), 0, HEIGHT, new Color(150, 166, 180)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(new Color(128, 142, 156));
            g.fillRect(236, 30, 60, 210);
            g.setColor(new Color(170, 184, 196));
            g.fillRect(0, 200, WIDTH, 40);
            if (p.present()) {
                box = person(g, p);
            }
        } finally {
            g.dispose();
        }
        int[] rgb = img.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return box == null ? PreviewFrame.of(WIDTH, HEIGHT, rgb)
                : PreviewFrame.of(WIDTH, HEIGHT, rgb, box[0], box[1], box[2], box[3]);
    }

    /** Draws the person; returns the face box as fractions. */
    private static double[] person(Graphics2D g, Pose p) {
        double s = p.scale();
        double hw = 84 * s;
        double hh = 108 * s;
        double turnShift = p.turn() * 24 * s;
        double cx = WIDTH / 2.0 + turnShift * 0.6;
        double cy = HEIGHT / 2.0 - 4;
        Color skin = p.other() ? new Color(205, 160, 128) : new Color(238, 200, 170);
        Color hair = p.other() ? new Color(120, 72, 40) : new Color(32, 26, 22);
        // shoulders
        g.setColor(p.other() ? new Color(120, 40, 40) : new Color(44, 72, 120));
        g.fill(new Ellipse2D.Double(WIDTH / 2.0 - 120 * s, cy + hh * 0.42, 240 * s, 160 * s));
        g.setColor(skin.darker());
        g.fill(new RoundRectangle2D.Double(cx - 16 * s, cy + hh * 0.35, 32 * s, 30 * s, 10, 10));
        // hair behind, face, hair on top
        g.setColor(hair);
        g.fill(new Ellipse2D.Double(cx - hw / 2 - 6 * s, cy - hh / 2 - 10 * s, hw + 12 * s, hh * 0.8));
        g.setColor(skin);
        g.fill(new Ellipse2D.Double(cx - hw / 2, cy - hh / 2, hw, hh));
        // ears: the one the head turns away from shows more
        double earL = 10 * s * (1 + Math.max(0, p.turn()));
        double earR = 10 * s * (1 + Math.max(0, -p.turn()));
        g.fill(new Ellipse2D.Double(cx - hw / 2 - earL * 0.7, cy - 8 * s, earL, 22 * s));
        g.fill(new Ellipse2D.Double(cx + hw / 2 - earR * 0.3, cy - 8 * s, earR, 22 * s));
        g.setColor(hair);
        g.fill(new Ellipse2D.Double(cx - hw / 2 + turnShift * 0.3, cy - hh / 2 - 6 * s, hw, hh * 0.36));
        // features move with the turn
        double fx = cx + turnShift;
        double eyeY = cy - 6 * s;
        double eyeDx = 18 * s;
        double eyeW = 14 * s;
        double eyeH = Math.max(1.5, 9 * s * (1 - p.eyesClosed()));
        for (int side = -1; side <= 1; side += 2) {
            double ex = fx + side * eyeDx * (1 - Math.abs(p.turn()) * 0.15);
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(ex - eyeW / 2, eyeY - eyeH / 2, eyeW, eyeH));
            if (p.eyesClosed() < 0.6) {
                g.setColor(new Color(40, 30, 25));
                double pr = Math.min(eyeH, 7 * s);
                g.fill(new Ellipse2D.Double(ex - pr / 2 + p.turn() * 3 * s, eyeY - pr / 2, pr, pr));
            } else {
                g.setColor(new Color(90, 60, 50));
                g.setStroke(new BasicStroke((float) (2 * s)));
                g.drawLine((int) (ex - eyeW / 2), (int) eyeY, (int) (ex + eyeW / 2), (int) eyeY);
            }
            // eyebrows
            g.setColor(hair);
            g.setStroke(new BasicStroke((float) (3 * s)));
            g.drawLine((int) (ex - eyeW / 2), (int) (eyeY - 11 * s), (int) (ex + eyeW / 2), (int) (eyeY - 12 * s));
            if (p.other()) {
                g.setColor(new Color(30, 30, 30));
                g.setStroke(new BasicStroke((float) (2 * s)));
                g.draw(new Ellipse2D.Double(ex - eyeW * 0.8, eyeY - eyeW * 0.6, eyeW * 1.6, eyeW * 1.2));
            }
        }
        // nose points where the head turns
        g.setColor(skin.darker());
        g.setStroke(new BasicStroke((float) (2.5 * s)));
        double nx = fx + p.turn() * 6 * s;
        g.drawLine((int) fx, (int) (eyeY + 4 * s), (int) nx, (int) (eyeY + 20 * s));
        g.drawLine((int) nx, (int) (eyeY + 20 * s), (int) (fx - 4 * s * Math.signum(p.turn() == 0 ? 1 : p.turn())), (int) (eyeY + 22 * s));
        // mouth
        double my = cy + 26 * s;
        double mw = 30 * s;
        double mh = 4 * s + 20 * s * p.mouthOpen();
        g.setColor(new Color(150, 50, 50));
        g.fill(new Ellipse2D.Double(fx - mw / 2, my - mh / 2, mw, mh));
        if (p.mouthOpen() > 0.3) {
            g.setColor(new Color(70, 20, 20));
            g.fill(new Ellipse2D.Double(fx - mw / 3, my - mh / 3, mw * 2 / 3, mh * 2 / 3));
        }
        double x = clamp((cx - hw / 2 - 4 * s) / WIDTH);
        double y = clamp((cy - hh / 2 - 6 * s) / HEIGHT);
        double w = Math.min(1 - x, (hw + 8 * s) / WIDTH);
        double h = Math.min(1 - y, (hh + 12 * s) / HEIGHT);
        return new double[] {x, y, w, h};
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
