package org.opendmv.face.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.Test;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.Landmarks;
import org.opendmv.face.api.Point;
import org.opendmv.face.internal.onnx.OnnxFaceAnalyzer;

/** Detection, landmarks and embeddings on real photos (face-api's samples). */
public class FaceAnalyzerTest {

    static List<Face> sample6Faces(FaceAnalyzer a, Frame f) {
        List<Face> faces = new ArrayList<>(a.detect(f));
        faces.sort(Comparator.comparingDouble(x -> x.box().x()));
        return faces;
    }

    @Test
    public void findsThePeopleOfAGroupPhoto() throws Exception {
        assertEquals("four people in sample6", 4, FaceFixtures.people(FaceFixtures.sample(6)).size());
        assertEquals("three people in sample1", 3, FaceFixtures.people(FaceFixtures.sample(1)).size());
    }

    @Test
    public void eachPortraitHasOneFaceWithItsKeypoints() throws Exception {
        FaceAnalyzer a = FaceFixtures.analyzer();
        for (int sample : new int[] {1, 6}) {
            BufferedImage group = FaceFixtures.sample(sample);
            for (Face person : FaceFixtures.people(group)) {
                Frame f = Frame.of(FaceFixtures.portrait(group, person.box(), 480, 640), 0);
                List<Face> faces = a.detect(f);
                assertFalse("a face in each portrait of sample" + sample, faces.isEmpty());
                Face face = faces.get(0);
                for (Face neighbour : faces.subList(1, faces.size())) {
                    assertTrue("the person cut out is the largest face (neighbours only partly in)",
                            neighbour.box().width() < face.box().width());
                }
                Box b = face.box();
                assertTrue(face.score() >= 0.6 && face.score() <= 1);
                assertEquals("face centred as cut", 240, b.centreX(), 480 * 0.06);
                Point re = face.keypoint(Face.RIGHT_EYE);
                Point le = face.keypoint(Face.LEFT_EYE);
                Point mouth = face.keypoint(Face.MOUTH);
                Point nose = face.keypoint(Face.NOSE);
                assertTrue("subject's right eye on the image's left", re.x() < le.x());
                assertTrue("eyes above the mouth", Math.max(re.y(), le.y()) < mouth.y());
                for (Point p : List.of(re, le, nose, mouth)) {
                    assertTrue("keypoint inside its box", p.x() > b.x() && p.x() < b.right() && p.y() > b.y() && p.y() < b.bottom());
                }
            }
        }
    }

    @Test
    public void twoPeopleSideBySideAreTwoFaces() throws Exception {
        FaceAnalyzer a = FaceFixtures.analyzer();
        BufferedImage group = FaceFixtures.sample(6);
        List<Face> people = FaceFixtures.people(group);
        Box c = people.get(2).box();
        Box d = people.get(3).box();
        double x0 = c.x() - c.width() * 0.6;
        double x1 = d.right() + d.width() * 0.6;
        double h = (x1 - x0) * 0.75;
        Frame f = Frame.of(FaceFixtures.region(group, new Box(x0, Math.min(c.y(), d.y()) - c.height() * 0.8, x1 - x0, h), 640, 480), 0);
        List<Face> faces = a.detect(f);
        assertEquals(2, faces.size());
        assertTrue("largest first", faces.get(0).box().width() * faces.get(0).box().height()
                >= faces.get(1).box().width() * faces.get(1).box().height());
        assertTrue("no duplicates left by the NMS", faces.get(0).box().iou(faces.get(1).box()) < 0.1);
    }

    @Test
    public void detectionWorksOnFramesOfAnySizeAndAspect() throws Exception {
        FaceAnalyzer a = FaceFixtures.analyzer();
        BufferedImage s6 = FaceFixtures.sample(6);
        Face big = FaceFixtures.people(s6).get(1);
        Box b = big.box();
        // portrait and landscape crops around the same face, at two resolutions
        for (int[] size : new int[][] {{300, 400}, {640, 360}, {1200, 1600}}) {
            double rw = b.width() * 4;
            double rh = rw * size[1] / size[0];
            Box region = new Box(b.centreX() - rw / 2, b.centreY() - rh * 0.4, rw, rh);
            Frame f = Frame.of(FaceFixtures.region(s6, region, size[0], size[1]), 0);
            List<Face> faces = a.detect(f);
            assertFalse(size[0] + "x" + size[1], faces.isEmpty());
            double expectX = (b.centreX() - region.x()) * size[0] / region.width();
            Box found = faces.stream().map(Face::box).min(Comparator.comparingDouble(x -> Math.abs(x.centreX() - expectX)))
                    .orElseThrow();
            assertEquals("face centre mapped back to frame pixels", expectX, found.centreX(), size[0] * 0.03);
            assertEquals(b.width() * size[0] / region.width(), found.width(), size[0] * 0.05);
        }
    }

    @Test
    public void noFaceInAPictureWithoutPeople() {
        FaceAnalyzer a = FaceFixtures.analyzer();
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(250, 240, 220), 640, 480, new Color(90, 110, 160)));
        g.fillRect(0, 0, 640, 480);
        g.setColor(new Color(120, 80, 40));
        g.fillRect(100, 300, 200, 120);
        g.fillOval(400, 100, 120, 80);
        g.dispose();
        assertTrue(a.detect(Frame.of(img, 0)).isEmpty());
        assertTrue(a.detect(new Frame(320, 240, new byte[320 * 240 * 3], 0)).isEmpty());
    }

    @Test
    public void landmarksFollowTheFace() throws Exception {
        FaceAnalyzer a = FaceFixtures.analyzer();
        BufferedImage group = FaceFixtures.sample(6);
        for (Face person : FaceFixtures.people(group)) {
            Frame f = Frame.of(FaceFixtures.portrait(group, person.box(), 480, 640), 0);
            Face face = a.detect(f).get(0);
            Landmarks lm = a.landmarks(f, face);
            assertEquals(68, lm.points().size());
            double w = face.box().width();
            assertTrue("landmark eye 36-41 at BlazeFace's right eye",
                    dist(centre(lm, 36, 42), face.keypoint(Face.RIGHT_EYE)) < 0.15 * w);
            assertTrue("landmark eye 42-47 at BlazeFace's left eye",
                    dist(centre(lm, 42, 48), face.keypoint(Face.LEFT_EYE)) < 0.15 * w);
            assertTrue("nose tip", dist(lm.point(30), face.keypoint(Face.NOSE)) < 0.15 * w);
            assertTrue("mouth", dist(centre(lm, 48, 68), face.keypoint(Face.MOUTH)) < 0.15 * w);
            assertTrue("chin below the mouth", lm.point(8).y() > centre(lm, 48, 68).y());
            assertTrue("jaw from the image's left to right", lm.point(0).x() < lm.point(8).x() && lm.point(8).x() < lm.point(16).x());
            assertTrue("brows above the eyes", centre(lm, 17, 27).y() < centre(lm, 36, 48).y());
        }
    }

    @Test
    public void embeddingsTellPeopleApart() throws Exception {
        FaceAnalyzer a = FaceFixtures.analyzer();
        BufferedImage s6 = FaceFixtures.sample(6);
        Frame group = Frame.of(s6, 0);
        List<Face> faces = FaceFixtures.people(s6);
        List<float[]> inGroup = new ArrayList<>();
        for (Face face : faces) {
            float[] e = a.embedding(group, face);
            assertEquals(128, e.length);
            double n = 0;
            for (float v : e) {
                n += v * v;
            }
            assertEquals("L2-normalised", 1.0, Math.sqrt(n), 1e-4);
            inGroup.add(e);
        }
        // each person again, in a separate portrait at another resolution and framing
        for (int i = 0; i < faces.size(); i++) {
            Box b = faces.get(i).box();
            Box region = new Box(b.centreX() - b.width() * 1.6, b.y() - b.height() * 0.9, b.width() * 3.2, b.height() * 4.2);
            Frame portrait = Frame.of(FaceFixtures.region(s6, region, 480, 630), 0);
            Face alone = a.detect(portrait).get(0);
            float[] e = a.embedding(portrait, alone);
            double same = a.similarity(e, inGroup.get(i));
            assertEquals(1.0, a.similarity(e, e), 1e-6);
            for (int j = 0; j < faces.size(); j++) {
                if (j != i) {
                    double other = a.similarity(e, inGroup.get(j));
                    assertTrue(String.format(Locale.ROOT, "person %d: same %.3f > other %.3f", i, same, other), same > other);
                }
            }
            assertTrue("same person above 0.5: " + same, same > 0.5);
        }
    }

    @Test
    public void withoutModelsNotReadyWithAReason() {
        OnnxFaceAnalyzer a = new OnnxFaceAnalyzer(Path.of("/nonexistent/models"), 0.6, 1);
        assertFalse(a.ready());
        assertTrue(a.reason(), a.reason().contains("face_detection_front_128x128.onnx")
                && a.reason().contains("/nonexistent/models"));
        try {
            a.detect(new Frame(4, 4, new byte[48], 0));
            fail();
        } catch (IllegalStateException e) {
            assertEquals(a.reason(), e.getMessage());
        }
    }

    @Test
    public void printsPerFrameTimes() throws Exception {
        OnnxFaceAnalyzer a = FaceFixtures.analyzer();
        BufferedImage s6 = FaceFixtures.sample(6);
        Face face = FaceFixtures.people(s6).get(1);
        Box b = face.box();
        Box region = new Box(b.centreX() - b.width() * 2.5, b.centreY() - b.height() * 1.9, b.width() * 5, b.height() * 3.75);
        Frame f = Frame.of(FaceFixtures.region(s6, region, 640, 480), 0); // a kiosk camera frame
        Face inFrame = a.detect(f).get(0);
        Landmarks lm = a.landmarks(f, inFrame);
        a.embedding(f, lm);
        int n = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.detect(f);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.landmarks(f, inFrame);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.embedding(f, lm);
        }
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "face timing 640x480, %d runs: detection %.1f ms, landmarks %.1f ms, embedding %.1f ms%n",
                n, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n);
    }

    static Point centre(Landmarks lm, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += lm.point(i).x();
            y += lm.point(i).y();
        }
        return new Point(x / (to - from), y / (to - from));
    }

    static double dist(Point a, Point b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }
}
