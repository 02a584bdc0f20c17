package org.opendmv.devices.facevision.internal;

import static org.junit.Assume.assumeTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.Point;
import org.opendmv.face.internal.onnx.OnnxFaceAnalyzer;

/**
 * Real faces for the pipeline tests: the models of bundles/face-models and face-api's sample photos (group photos of
 * 3–4 people, MIT; bundles/face-models' test-faces jar), turned into camera frames, chip-sized photos and videos
 * made with ffmpeg. A "live" video is synthesised from one photo: eyelids painted closed for a blink, a horizontal
 * warp of the inner face for a head turn, the lower face pulled down over a dark mouth for an open mouth.
 */
final class RealFaces {
    static final int W = 640;
    static final int H = 480;
    private static OnnxFaceAnalyzer analyzer;
    private static OnnxFaceAnalyzer finder;

    private RealFaces() {
    }

    static synchronized OnnxFaceAnalyzer analyzer() {
        if (analyzer == null) {
            analyzer = new OnnxFaceAnalyzer(null, 0.6, 2);
        }
        assumeTrue("face models not available: " + analyzer.reason(), analyzer.ready());
        return analyzer;
    }

    /** Finds the small faces of a group photo (BlazeFace front scores them 0.5–0.8). */
    private static synchronized OnnxFaceAnalyzer finder() {
        analyzer();
        if (finder == null) {
            finder = new OnnxFaceAnalyzer(null, 0.5, 2);
        }
        return finder;
    }

    static BufferedImage sample(int n) throws IOException {
        InputStream in = RealFaces.class.getResourceAsStream("/org/opendmv/face/testfaces/sample" + n + ".jpg");
        assumeTrue("test faces jar (bundles/face-models, classifier test-faces) not on the class path", in != null);
        try (in) {
            BufferedImage src = ImageIO.read(in);
            BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(src, 0, 0, null);
            g.dispose();
            return out;
        }
    }

    /** The people of a group photo, left to right. */
    static List<Box> people(BufferedImage group) {
        Frame f = Frame.of(group, 0);
        List<Box> boxes = new ArrayList<>();
        for (Face face : finder().detect(f)) {
            boxes.add(face.box());
        }
        boxes.sort(Comparator.comparingDouble(Box::x));
        return boxes;
    }

    /** The region {@code r} of {@code src} (white outside it) scaled to {@code w}×{@code h}. */
    static BufferedImage region(BufferedImage src, double rx, double ry, double rw, double rh, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double sx = w / rw;
        double sy = h / rh;
        AffineTransform t = new AffineTransform(sx, 0, 0, sy, -rx * sx, -ry * sy);
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    /** A camera frame with this person's face {@code widthFraction} of the frame wide, its centre at (cx, cy) fractions. */
    static BufferedImage cameraFrame(BufferedImage group, Box face, double widthFraction, double cx, double cy) {
        double rw = face.width() / widthFraction;
        double rh = rw * H / W;
        return region(group, face.centreX() - cx * rw, face.centreY() - cy * rh, rw, rh, W, H);
    }

    /** A 102×126 JPEG like the chip's photo: the head filling most of it. */
    static byte[] chipPhoto(BufferedImage group, Box face) throws IOException {
        double rw = face.width() / 0.62;
        double rh = rw * 126 / 102;
        BufferedImage img = region(group, face.centreX() - rw / 2, face.centreY() - rh * 0.48, rw, rh, 102, 126);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    static Landmarks landmarks(BufferedImage img) {
        Frame f = Frame.of(img, 0);
        List<Face> faces = analyzer().detect(f);
        assumeTrue("no face found in the synthetic frame", !faces.isEmpty());
        return analyzer().landmarks(f, faces.get(0));
    }

    // ---- synthesised actions ----

    /** Both eyes painted closed: the eye filled with skin sampled below it, a dark lash line along the lower lid. */
    static BufferedImage eyesClosed(BufferedImage base, Landmarks lm) {
        BufferedImage out = copy(base);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int first : new int[] {36, 42}) {
            Point a = lm.point(first);
            Point b = lm.point(first + 3);
            double ew = Math.hypot(b.x() - a.x(), b.y() - a.y());
            double cx = (a.x() + b.x()) / 2;
            double cy = 0;
            for (int i = 0; i < 6; i++) {
                cy += lm.point(first + i).y() / 6;
            }
            Color skin = mean(base, (int) cx, (int) (cy + ew * 0.55), (int) Math.max(2, ew * 0.15));
            Color lid = mean(base, (int) cx, (int) (cy - ew * 0.45), (int) Math.max(2, ew * 0.1));
            g.setColor(blend(skin, lid));
            g.fill(new Ellipse2D.Double(cx - ew * 0.62, cy - ew * 0.42, ew * 1.24, ew * 0.8));
            g.setColor(new Color(40, 28, 24));
            g.setStroke(new BasicStroke((float) Math.max(1.2, ew * 0.04), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D lash = new Path2D.Double();
            lash.moveTo(a.x(), a.y());
            lash.quadTo(cx, cy + ew * 0.12, b.x(), b.y());
            g.draw(lash);
        }
        g.dispose();
        return out;
    }

    /**
     * The head turned: the inner face moved sideways relative to the outline by up to {@code amount} of the face
     * width (positive: to the image's right, i.e. the subject's own left).
     */
    static BufferedImage turned(BufferedImage base, Landmarks lm, double amount) {
        double left = lm.point(0).x();
        double right = lm.point(16).x();
        double fw = right - left;
        double top = lm.point(19).y() - fw * 0.45;
        double bottom = lm.point(8).y() + fw * 0.1;
        double l = left - fw * 0.08;
        double r = right + fw * 0.08;
        int[] src = base.getRGB(0, 0, W, H, null, 0, W);
        int[] dst = src.clone();
        for (int y = (int) Math.max(0, top); y < Math.min(H, bottom); y++) {
            double vy = Math.min(1, Math.min(y - top, bottom - y) / (fw * 0.15));
            for (int x = (int) Math.max(0, l); x < Math.min(W, r); x++) {
                double d = amount * fw * Math.sin(Math.PI * (x - l) / (r - l)) * vy;
                dst[y * W + x] = sample(src, x - d, y);
            }
        }
        BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, W, H, dst, 0, W);
        return out;
    }

    /** The mouth opened by {@code fraction} of the face width: lower face pulled down over a dark mouth. */
    static BufferedImage mouthOpen(BufferedImage base, Landmarks lm, double fraction) {
        double fw = lm.point(16).x() - lm.point(0).x();
        double gap = fw * fraction;
        double ym = 0;
        for (int i = 60; i < 68; i++) {
            ym += lm.point(i).y() / 8;
        }
        double ml = lm.point(48).x();
        double mr = lm.point(54).x();
        double chin = lm.point(8).y();
        double l = lm.point(3).x();
        double r = lm.point(13).x();
        int[] src = base.getRGB(0, 0, W, H, null, 0, W);
        int[] dst = src.clone();
        for (int y = (int) ym; y < Math.min(H, chin + gap * 3); y++) {
            double d = y <= chin ? gap * Math.min(1, (y - ym) / gap) : gap * Math.max(0, 1 - (y - chin) / (gap * 3));
            for (int x = (int) Math.max(0, l); x < Math.min(W, r); x++) {
                double hx = Math.min(1, Math.min(x - l, r - x) / ((r - l) * 0.2));
                dst[y * W + x] = sample(src, x, y - d * hx);
            }
        }
        BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, W, H, dst, 0, W);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(60, 20, 22));
        double mw = (mr - ml) * 0.86;
        g.fill(new Ellipse2D.Double((ml + mr) / 2 - mw / 2, ym - gap * 0.05, mw, gap * 1.05));
        g.dispose();
        return out;
    }

    /** The frame moved by a sub-pixel offset (a living head never holds perfectly still). */
    static BufferedImage shifted(BufferedImage base, double dx, double dy) {
        BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(base, AffineTransform.getTranslateInstance(dx, dy), null);
        g.dispose();
        return out;
    }

    /**
     * A video answering {@code actions} in order: a few neutral frames to settle, then for each action neutral,
     * the action, neutral again. Every frame moves by a seeded sub-pixel jitter.
     */
    static List<BufferedImage> answering(BufferedImage base, List<Action> actions) {
        Landmarks lm = landmarks(base);
        Random jitter = new Random(9);
        List<BufferedImage> frames = new ArrayList<>();
        addNeutral(frames, base, 8, jitter);
        for (Action a : actions) {
            addNeutral(frames, base, 6, jitter);
            BufferedImage act;
            switch (a) {
                case BLINK:
                    act = eyesClosed(base, lm);
                    break;
                case TURN_LEFT:
                    act = turned(base, lm, 0.22);
                    break;
                case TURN_RIGHT:
                    act = turned(base, lm, -0.22);
                    break;
                case OPEN_MOUTH:
                default:
                    act = mouthOpen(base, lm, 0.2);
                    break;
            }
            addNeutral(frames, act, 5, jitter);
            addNeutral(frames, base, 5, jitter);
        }
        return frames;
    }

    private static void addNeutral(List<BufferedImage> frames, BufferedImage img, int n, Random jitter) {
        for (int i = 0; i < n; i++) {
            frames.add(shifted(img, jitter.nextDouble() * 2 - 1, jitter.nextDouble() * 2 - 1));
        }
    }

    /** Encodes frames as an H.264 video at 15 fps with ffmpeg (Debian package ffmpeg). */
    static Path video(List<BufferedImage> frames, Path dir, String name) throws IOException, InterruptedException {
        Path pngs = Files.createDirectories(dir.resolve(name + "-frames"));
        for (int i = 0; i < frames.size(); i++) {
            ImageIO.write(frames.get(i), "png", pngs.resolve(String.format("f%04d.png", i)).toFile());
        }
        Path out = dir.resolve(name + ".mp4");
        Process p = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-framerate", "15", "-i",
                pngs.resolve("f%04d.png").toString(), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "16",
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assumeTrue("ffmpeg did not finish", p.waitFor(120, TimeUnit.SECONDS));
        if (p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + log);
        }
        return out;
    }

    /** A still image as a video of {@code seconds} (what a photo held in front of the camera, or a replayed still, gives). */
    static Path stillVideo(BufferedImage img, Path dir, String name, int seconds) throws IOException, InterruptedException {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < seconds * 15; i++) {
            frames.add(img);
        }
        return video(frames, dir, name);
    }

    static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static Color mean(BufferedImage img, int cx, int cy, int r) {
        long sr = 0;
        long sg = 0;
        long sb = 0;
        int n = 0;
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                if (x >= 0 && y >= 0 && x < img.getWidth() && y < img.getHeight()) {
                    int p = img.getRGB(x, y);
                    sr += (p >> 16) & 0xFF;
                    sg += (p >> 8) & 0xFF;
                    sb += p & 0xFF;
                    n++;
                }
            }
        }
        return n == 0 ? Color.GRAY : new Color((int) (sr / n), (int) (sg / n), (int) (sb / n));
    }

    private static Color blend(Color a, Color b) {
        return new Color((a.getRed() * 2 + b.getRed()) / 3, (a.getGreen() * 2 + b.getGreen()) / 3,
                (a.getBlue() * 2 + b.getBlue()) / 3);
    }

    /** Bilinear sample of an RGB int image of W×H at (x, y), clamped. */
    private static int sample(int[] src, double x, double y) {
        x = Math.max(0, Math.min(W - 1.001, x));
        y = Math.max(0, Math.min(H - 1.001, y));
        int x0 = (int) x;
        int y0 = (int) y;
        double fx = x - x0;
        double fy = y - y0;
        int p00 = src[y0 * W + x0];
        int p10 = src[y0 * W + x0 + 1];
        int p01 = src[(y0 + 1) * W + x0];
        int p11 = src[(y0 + 1) * W + x0 + 1];
        int out = 0;
        for (int s = 16; s >= 0; s -= 8) {
            double v = ((p00 >> s) & 0xFF) * (1 - fx) * (1 - fy) + ((p10 >> s) & 0xFF) * fx * (1 - fy)
                    + ((p01 >> s) & 0xFF) * (1 - fx) * fy + ((p11 >> s) & 0xFF) * fx * fy;
            out = (out << 8) | (int) Math.round(v);
        }
        return out;
    }
}
