package org.opendmv.face.models;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.face.models.FaceApiReference.RefFace;
import org.opendmv.face.models.FaceApiReference.RefImage;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * What the kiosk's face match does with these models: an ID-card-chip-sized photo (102×126, JPEG) of a face is
 * matched against the faces of the same group photo — people who are certainly different from each other.
 */
public class ChipPhotoMatchTest {
    /** face-api's usual same-person limit (raw Euclidean distance). */
    static final double SAME_PERSON = 0.6;

    static OrtEnvironment env;
    static OrtSession landmarks;
    static OrtSession recognition;

    @BeforeClass
    public static void load() throws Exception {
        env = OrtEnvironment.getEnvironment();
        landmarks = env.createSession(Models.bytes(Models.LANDMARKS), new OrtSession.SessionOptions());
        recognition = env.createSession(Models.bytes(Models.RECOGNITION), new OrtSession.SessionOptions());
    }

    @AfterClass
    public static void close() throws Exception {
        landmarks.close();
        recognition.close();
    }

    @Test
    public void chipPhotoIsNearestToItsOwnFaceAndWithinTheSamePersonLimit() throws Exception {
        int chips = 0;
        double worstSame = 0;
        for (RefImage im : FaceApiReference.load()) {
            BufferedImage img = FaceApiReference.photo(im.image());
            for (RefFace f : im.faces()) {
                // the chip photo: head and shoulders, face ≈ 62 % of the width, 102×126, JPEG quality 0.75
                double cw = f.box()[2] / 0.62;
                double ch = cw * 126 / 102;
                double left = f.box()[0] + f.box()[2] / 2 - cw / 2;
                double top = f.box()[1] + f.box()[3] / 2 - 0.05 * f.box()[3] - ch / 2;
                BufferedImage chip = jpeg(scaled(img, left, top, cw, ch));
                double s = 102 / cw;
                double[] box = {(f.box()[0] - left) * s, (f.box()[1] - top) * s, f.box()[2] * s, f.box()[3] * s};
                float[] d = descriptor(chip, box);

                double own = FaceApiReference.distance(d, f.descriptor());
                worstSame = Math.max(worstSame, own);
                for (RefFace other : im.faces()) {
                    if (other != f) {
                        double o = FaceApiReference.distance(d, other.descriptor());
                        assertTrue(im.image() + ": chip nearer another person (" + o + ") than its own face (" + own + ")",
                                own < o);
                    }
                }
                chips++;
            }
        }
        assertEquals(22, chips);
        System.out.println("chip photo vs its own face: largest distance " + worstSame);
        assertTrue("largest same-face distance " + worstSame, worstSame < SAME_PERSON);
    }

    private static BufferedImage scaled(BufferedImage img, double left, double top, double w, double h) {
        BufferedImage chip = new BufferedImage(102, 126, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = chip.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, 102, 126, (int) left, (int) top, (int) (left + w), (int) (top + h), null);
        g.dispose();
        return chip;
    }

    private static BufferedImage jpeg(BufferedImage img) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.75f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** landmarks on the face box, then face-api's dlib-style crop for the descriptor. */
    private static float[] descriptor(BufferedImage img, double[] box) throws Exception {
        int[] crop = FaceApiReference.clip(box, img.getWidth(), img.getHeight());
        double[] lm = FaceApiReference.landmarksToImage(run(landmarks, FaceApiReference.faceTensor(img, crop, 112), 112),
                crop, box[0], box[1]);
        int[] aligned = FaceApiReference.clip(FaceApiReference.dlibBox(lm), img.getWidth(), img.getHeight());
        return run(recognition, FaceApiReference.faceTensor(img, aligned, 150), 150);
    }

    private static float[] run(OrtSession s, float[] nhwc, int size) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(nhwc), new long[] {1, size, size, 3});
                OrtSession.Result r = s.run(Map.of("input", t))) {
            return ((float[][]) r.get(0).getValue())[0];
        }
    }
}
