package org.opendmv.face.internal;

import static org.junit.Assume.assumeTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.opendmv.face.api.Box;
import org.opendmv.face.internal.onnx.OnnxFaceAnalyzer;

/**
 * The real models and real face photos for the tests: the models of bundles/face-models (on the test class path,
 * class org.opendmv.face.models.Models) or a directory {@code -Dface.models.dir}; face-api's sample photos
 * (MIT, @vladmandic/face-api 1.7.15, bundles/face-models' test-faces jar: org/opendmv/face/testfaces/sampleN.jpg)
 * or a directory {@code -Dface.testfaces.dir}.
 */
public final class FaceFixtures {
    private static OnnxFaceAnalyzer shared;
    private static OnnxFaceAnalyzer finder;

    private FaceFixtures() {
    }

    static Path modelsDir() {
        String d = System.getProperty("face.models.dir", "");
        if (!d.isEmpty() && Files.isRegularFile(Path.of(d, "face_detection_front_128x128.onnx"))) {
            return Path.of(d);
        }
        return null;
    }

    static boolean modelsBundleOnClassPath() {
        try {
            Class.forName("org.opendmv.face.models.Models");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** One analyzer for all tests (loading the models takes a second). */
    public static synchronized OnnxFaceAnalyzer analyzer() {
        Path dir = modelsDir();
        assumeTrue("face models: neither bundles/face-models on the test class path nor -Dface.models.dir",
                dir != null || modelsBundleOnClassPath());
        if (shared == null) {
            shared = new OnnxFaceAnalyzer(dir, 0.6, 2);
        }
        assumeTrue(shared.reason(), shared.ready());
        return shared;
    }

    /**
     * An analyzer with minimum score 0.5 to find the people of a group photo: BlazeFace front is a selfie-distance
     * detector; a group photo letterboxed into its 128×128 input leaves ~20 px faces that score 0.58–0.80.
     */
    public static synchronized OnnxFaceAnalyzer finder() {
        analyzer();
        if (finder == null) {
            finder = new OnnxFaceAnalyzer(modelsDir(), 0.5, 2);
        }
        return finder;
    }

    /** The faces of a group photo, left to right. */
    public static java.util.List<org.opendmv.face.api.Face> people(BufferedImage group) {
        java.util.List<org.opendmv.face.api.Face> faces = new java.util.ArrayList<>(
                finder().detect(org.opendmv.face.api.Frame.of(group, 0)));
        faces.sort(java.util.Comparator.comparingDouble(x -> x.box().x()));
        return faces;
    }

    /** A portrait of the person with face box {@code b} (from {@link #people}): 3.2 × 4.2 face widths. */
    public static BufferedImage portrait(BufferedImage group, Box b, int w, int h) {
        double rw = b.width() * 3.2;
        double rh = rw * h / w;
        return region(group, new Box(b.centreX() - rw / 2, b.y() - b.height() * 0.9, rw, rh), w, h);
    }

    /** face-api's sampleN.jpg (group photos of 3–4 people, 1920 px wide). */
    public static BufferedImage sample(int n) throws IOException {
        String name = "sample" + n + ".jpg";
        String d = System.getProperty("face.testfaces.dir", "");
        if (!d.isEmpty() && Files.isRegularFile(Path.of(d, name))) {
            return rgb(ImageIO.read(Path.of(d, name).toFile()));
        }
        InputStream in = FaceFixtures.class.getResourceAsStream("/org/opendmv/face/testfaces/" + name);
        assumeTrue("test faces: neither bundles/face-models' test-faces jar nor -Dface.testfaces.dir", in != null);
        try (in) {
            return rgb(ImageIO.read(in));
        }
    }

    static BufferedImage rgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** The region {@code r} of {@code src} (may extend beyond it: white), scaled to {@code w}×{@code h}. */
    public static BufferedImage region(BufferedImage src, Box r, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        double sx = w / r.width();
        double sy = h / r.height();
        g.drawImage(src, (int) Math.round(-r.x() * sx), (int) Math.round(-r.y() * sy),
                (int) Math.round(src.getWidth() * sx), (int) Math.round(src.getHeight() * sy), null);
        g.dispose();
        return out;
    }
}
