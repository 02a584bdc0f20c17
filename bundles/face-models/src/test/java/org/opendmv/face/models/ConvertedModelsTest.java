package org.opendmv.face.models;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.face.models.FaceApiReference.RefFace;
import org.opendmv.face.models.FaceApiReference.RefImage;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * The ONNX models converted by tools/face-models/build.py give what face-api's own TF.js gives on real faces:
 * the 68 landmarks and the 128-D descriptors of 22 faces in face-api's six sample photos, fed the crops face-api
 * itself uses (its SSD boxes and its dlib-style aligned boxes, recorded in faceapi-reference.json).
 */
public class ConvertedModelsTest {
    /** Largest landmark difference allowed, in image pixels (faces here are 150–300 px wide). */
    static final double LANDMARK_TOLERANCE_PX = 0.01;
    /** Largest Euclidean distance allowed between a converted and a reference descriptor (same-person limit: 0.6). */
    static final double DESCRIPTOR_TOLERANCE = 0.0005;

    static OrtEnvironment env;
    static OrtSession landmarks;
    static OrtSession recognition;
    static OrtSession blazeface;
    static List<RefImage> reference;

    @BeforeClass
    public static void load() throws Exception {
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        landmarks = env.createSession(Models.bytes(Models.LANDMARKS), o);
        recognition = env.createSession(Models.bytes(Models.RECOGNITION), o);
        blazeface = env.createSession(Models.bytes(Models.BLAZEFACE), o);
        reference = FaceApiReference.load();
    }

    @AfterClass
    public static void close() throws Exception {
        for (OrtSession s : new OrtSession[] {landmarks, recognition, blazeface}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    public void inputsAndOutputsAreAsDocumented() throws Exception {
        assertShape(landmarks.getInputInfo().get("input"), -1, 112, 112, 3);
        assertShape(landmarks.getOutputInfo().get("landmarks"), -1, 136);
        assertShape(recognition.getInputInfo().get("input"), -1, 150, 150, 3);
        assertShape(recognition.getOutputInfo().get("descriptor"), -1, 128);
        assertShape(blazeface.getInputInfo().get("input:0"), 1, 128, 128, 3);
        assertShape(blazeface.getOutputInfo().get("Identity:0"), 1, 512, 1);
        assertShape(blazeface.getOutputInfo().get("Identity_1:0"), 1, 384, 1);
        assertShape(blazeface.getOutputInfo().get("Identity_2:0"), 1, 512, 16);
        assertShape(blazeface.getOutputInfo().get("Identity_3:0"), 1, 384, 16);
    }

    private static void assertShape(NodeInfo info, long... shape) {
        assertArrayEquals(info.getName(), shape, ((TensorInfo) info.getInfo()).getShape());
    }

    @Test
    public void landmarksMatchFaceApi() throws Exception {
        int faces = 0;
        double worst = 0;
        for (RefImage im : reference) {
            BufferedImage img = FaceApiReference.photo(im.image());
            assertEquals(im.image(), im.width(), img.getWidth());
            for (RefFace f : im.faces()) {
                int[] crop = FaceApiReference.clip(f.box(), im.width(), im.height());
                float[] out = run(landmarks, "input", FaceApiReference.faceTensor(img, crop, 112), 112)[0];
                double[] px = FaceApiReference.landmarksToImage(out, crop, f.box()[0], f.box()[1]);
                for (int i = 0; i < 136; i++) {
                    worst = Math.max(worst, Math.abs(px[i] - f.landmarks()[i]));
                }
                faces++;
            }
        }
        assertEquals(22, faces);
        System.out.println("landmarks: largest difference to face-api " + worst + " px");
        assertTrue("largest landmark difference " + worst + " px", worst <= LANDMARK_TOLERANCE_PX);
    }

    @Test
    public void descriptorsMatchFaceApi() throws Exception {
        double worst = 0;
        List<float[]> ours = new ArrayList<>();
        List<float[]> theirs = new ArrayList<>();
        for (RefImage im : reference) {
            BufferedImage img = FaceApiReference.photo(im.image());
            for (RefFace f : im.faces()) {
                int[] crop = FaceApiReference.clip(f.descriptorBox(), im.width(), im.height());
                float[] d = run(recognition, "input", FaceApiReference.faceTensor(img, crop, 150), 150)[0];
                worst = Math.max(worst, FaceApiReference.distance(d, f.descriptor()));
                ours.add(d);
                theirs.add(f.descriptor());
            }
        }
        System.out.println("descriptors: largest distance to face-api " + worst);
        assertTrue("largest descriptor distance to face-api " + worst, worst <= DESCRIPTOR_TOLERANCE);
        // and so every same/different decision at face-api's 0.6 is the same as face-api's
        for (int i = 0; i < ours.size(); i++) {
            for (int j = i + 1; j < ours.size(); j++) {
                double a = FaceApiReference.distance(ours.get(i), ours.get(j));
                double b = FaceApiReference.distance(theirs.get(i), theirs.get(j));
                assertEquals("pair " + i + "," + j, b, a, 2 * DESCRIPTOR_TOLERANCE);
            }
        }
    }

    @Test
    public void descriptorCropRuleReproducesFaceApi() throws Exception {
        // the rule written in models.md / MODELS.md, applied to face-api's landmarks, gives face-api's own crop
        for (RefImage im : reference) {
            for (RefFace f : im.faces()) {
                double[] box = FaceApiReference.dlibBox(f.landmarks());
                assertArrayEquals(im.image(), FaceApiReference.clip(f.descriptorBox(), im.width(), im.height()),
                        FaceApiReference.clip(box, im.width(), im.height()));
            }
        }
    }

    @Test
    public void blazeFaceFindsEachFaceWithKeypointsInPlace() throws Exception {
        // BlazeFace (front model) on a square around each face-api face, the face filling about half of it
        int frontalFaces = 0;
        for (RefImage im : reference) {
            BufferedImage img = FaceApiReference.photo(im.image());
            for (RefFace f : im.faces()) {
                double side = 2 * Math.max(f.box()[2], f.box()[3]);
                double x0 = f.box()[0] + f.box()[2] / 2 - side / 2;
                double y0 = f.box()[1] + f.box()[3] / 2 - side / 2;
                float[] in = new float[128 * 128 * 3];
                for (int y = 0; y < 128; y++) {
                    for (int x = 0; x < 128; x++) {
                        int sx = (int) (x0 + (x + 0.5) * side / 128);
                        int sy = (int) (y0 + (y + 0.5) * side / 128);
                        int p = sx < 0 || sy < 0 || sx >= im.width() || sy >= im.height() ? 0 : img.getRGB(sx, sy);
                        for (int c = 0; c < 3; c++) {
                            in[(y * 128 + x) * 3 + c] = ((p >> (16 - 8 * c)) & 255) / 127.5f - 1f;
                        }
                    }
                }
                float[] best = bestBlazeFace(in);
                String where = im.image() + " face at " + (int) f.box()[0] + "," + (int) f.box()[1];
                assertTrue(where + " score " + best[0], best[0] >= 0.5f);
                // keypoints in the frame and order models.md gives: RIGHT_EYE (0) is the eye of points 36-41 (image
                // left), LEFT_EYE (1) the eye of 42-47, MOUTH (3) the mouth; each nearer its own part than the other eye
                double[] lm = f.landmarks();
                double[] re = mean(lm, 36, 42);
                double[] le = mean(lm, 42, 48);
                double[] mo = mean(lm, 48, 68);
                double tol = 0.35 * f.box()[2];
                double[] k0 = {x0 + best[5] * side, y0 + best[6] * side};
                double[] k1 = {x0 + best[7] * side, y0 + best[8] * side};
                double[] k3 = {x0 + best[11] * side, y0 + best[12] * side};
                assertNear(where + " right eye", re, k0, tol);
                assertNear(where + " left eye", le, k1, tol);
                assertNear(where + " mouth", mo, k3, tol);
                // near-frontal: the nose tip (30) splits the eye-to-eye span no worse than 1:5 (profiles have no order)
                double yaw = (lm[60] - re[0]) / (le[0] - lm[60]);
                boolean frontal = yaw >= 0.2 && yaw <= 5;
                if (frontal) {
                    assertTrue(where + " eyes in order", dist(re, k0) < dist(le, k0) && dist(le, k1) < dist(re, k1));
                    // box centre between the eyes and the mouth
                    double[] centre = {x0 + best[1] * side, y0 + best[2] * side};
                    assertNear(where + " box centre", new double[] {(re[0] + le[0] + mo[0]) / 3, (re[1] + le[1] + mo[1]) / 3},
                            centre, tol);
                    frontalFaces++;
                }
            }
        }
        assertTrue("frontal faces checked: " + frontalFaces, frontalFaces >= 12);
    }

    private static double[] mean(double[] lm, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += lm[2 * i];
            y += lm[2 * i + 1];
        }
        return new double[] {x / (to - from), y / (to - from)};
    }

    private static double dist(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    private static void assertNear(String what, double[] expected, double[] actual, double tol) {
        double d = dist(expected, actual);
        assertTrue(what + ": " + d + " px from face-api's landmarks (limit " + tol + ")", d <= tol);
    }

    /** Decodes the best anchor as models.md says: {score, cx, cy, w, h, kp0x, kp0y, ..., kp5x, kp5y} (fractions). */
    private static float[] bestBlazeFace(float[] input) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 128, 128, 3});
                OrtSession.Result r = blazeface.run(Map.of("input:0", t))) {
            float[][] s1 = ((float[][][]) r.get("Identity:0").get().getValue())[0];
            float[][] s2 = ((float[][][]) r.get("Identity_1:0").get().getValue())[0];
            float[][] b1 = ((float[][][]) r.get("Identity_2:0").get().getValue())[0];
            float[][] b2 = ((float[][][]) r.get("Identity_3:0").get().getValue())[0];
            int best = 0;
            for (int i = 1; i < 896; i++) {
                if ((i < 512 ? s1[i][0] : s2[i - 512][0]) > (best < 512 ? s1[best][0] : s2[best - 512][0])) {
                    best = i;
                }
            }
            float logit = best < 512 ? s1[best][0] : s2[best - 512][0];
            float[] reg = best < 512 ? b1[best] : b2[best - 512];
            int grid = best < 512 ? 16 : 8;
            int cell = best < 512 ? best / 2 : (best - 512) / 6;
            float ax = (cell % grid + 0.5f) / grid;
            float ay = (cell / grid + 0.5f) / grid;
            float[] out = new float[17];
            out[0] = (float) (1 / (1 + Math.exp(-Math.max(-100, Math.min(100, logit)))));
            out[1] = ax + reg[0] / 128;
            out[2] = ay + reg[1] / 128;
            out[3] = reg[2] / 128;
            out[4] = reg[3] / 128;
            for (int k = 0; k < 6; k++) {
                out[5 + 2 * k] = ax + reg[4 + 2 * k] / 128;
                out[6 + 2 * k] = ay + reg[5 + 2 * k] / 128;
            }
            return out;
        }
    }

    private static float[][] run(OrtSession s, String input, float[] nhwc, int size) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(nhwc), new long[] {1, size, size, 3});
                OrtSession.Result r = s.run(Map.of(input, t))) {
            return (float[][]) r.get(0).getValue();
        }
    }
}
