package org.opendmv.upload.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.PhotoVerdict;
import org.opendmv.face.internal.onnx.OnnxFaceAnalyzer;
import org.opendmv.face.internal.photo.FaceLicencePhotoCheck;
import org.opendmv.face.internal.photo.HeadGeometry;
import org.opendmv.upload.api.PhotoRejected;

/**
 * The phone photo with the face rules of FLOWS.md §5 (bundle org.opendmv.face with its real models): real people
 * from face-api's sample photo, cut out onto a white wall as a citizen would stand in front of one.
 */
public class FacePhotoRulesTest {
    private static OnnxFaceAnalyzer analyzer;
    private static FaceLicencePhotoCheck faceCheck;
    private static BufferedImage group;
    private static List<Face> people;

    @BeforeClass
    public static void models() throws IOException {
        analyzer = new OnnxFaceAnalyzer(null, 0.6, 2);
        assertTrue(analyzer.reason(), analyzer.ready());
        faceCheck = new FaceLicencePhotoCheck(analyzer);
        try (InputStream in = FacePhotoRulesTest.class.getResourceAsStream("/org/opendmv/face/testfaces/sample6.jpg")) {
            BufferedImage src = ImageIO.read(in);
            group = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = group.createGraphics();
            g.drawImage(src, 0, 0, null);
            g.dispose();
        }
        // the four women of sample6, left to right (a lower score finds the small faces of a group photo)
        people = new ArrayList<>(new OnnxFaceAnalyzer(null, 0.5, 2).detect(Frame.of(group, 0)));
        people.sort(Comparator.comparingDouble(f -> f.box().x()));
        assertEquals(4, people.size());
    }

    private DefaultPhotoNormaliser normaliser(boolean withFaces) {
        DefaultPhotoNormaliser n = new DefaultPhotoNormaliser(TestPhotos.config());
        if (withFaces) {
            n.setFaceCheck(faceCheck);
        }
        return n;
    }

    /**
     * A 1200×1600 phone photo of person {@code i} cut out onto a white wall: the face {@code faceWidths} times
     * narrower than the photo, its centre at {@code cx} of the width, the top of the face box at {@code top} of the height.
     */
    static BufferedImage onWhite(int i, double faceWidths, double cx, double top) {
        Box b = people.get(i).box();
        int w = 1200;
        int h = 1600;
        double s = w / (b.width() * faceWidths); // photo px per group px
        double fx = cx * w;
        double fy = top * h;
        double fw = b.width() * s;
        double fh = b.height() * s;
        Area person = new Area(new Ellipse2D.Double(fx - fw * 0.72, fy - fh * 0.55, fw * 1.44, fh * 1.75)); // head and hair
        person.add(new Area(new Ellipse2D.Double(fx - fw * 1.6, fy + fh * 1.25, fw * 3.2, fh * 3))); // shoulders
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(TestPhotos.WHITE_WALL);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setClip(person);
        g.drawImage(group, (int) Math.round(fx - b.x() * s - b.width() * s / 2), (int) Math.round(fy - b.y() * s),
                (int) Math.round(group.getWidth() * s), (int) Math.round(group.getHeight() * s), null);
        g.dispose();
        return img;
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    private static PhotoRejected refused(DefaultPhotoNormaliser n, BufferedImage photo) throws IOException {
        try {
            n.normalise(TestPhotos.jpeg(photo, 0.9f));
        } catch (PhotoRejected e) {
            return e;
        }
        fail("accepted");
        return null;
    }

    @Test
    public void theLicencePhotoIsCroppedAroundTheFace() throws Exception {
        BufferedImage photo = onWhite(1, 3.4, 0.42, 0.2);
        byte[] out = normaliser(true).normalise(TestPhotos.jpeg(photo, 0.9f));
        BufferedImage licence = decode(out);
        assertEquals(260, licence.getWidth());
        assertEquals(378, licence.getHeight());
        assertTrue(out.length >= 14 * 1024 && out.length <= 30 * 1024);
        HeadGeometry h = faceCheck.measure(licence).orElseThrow();
        String m = String.format(Locale.ROOT, "head centre %.0f, width %.0f, length %.0f, hair top %.0f (%s)",
                h.centreX(), h.width(), h.length(), h.top(), h.topMeasured() ? "measured" : "estimated");
        System.out.println("licence photo with the face rules: " + m);
        assertEquals(m, 130, h.centreX(), 8);
        assertTrue(m, h.length() >= 224 * 0.95 && h.length() <= 260 * 1.05);
        assertTrue(m, h.width() >= 165 * 0.95 && h.width() <= 189 * 1.05);
        assertTrue(m, h.top() >= 10 - 5 && h.top() <= 20 + 5);

        // before face detection the same photo was cropped from the top, centred on the photo, not on the face
        BufferedImage old = decode(normaliser(false).normalise(TestPhotos.jpeg(photo, 0.9f)));
        HeadGeometry o = faceCheck.measure(old).orElseThrow();
        assertTrue("without the face rules the face stays off-centre: " + o.centreX(), Math.abs(o.centreX() - 130) > 15);
    }

    @Test
    public void noFaceIsRefusedWithAReasonForTheCitizen() throws Exception {
        // the back of a head in front of the white wall
        BufferedImage img = new BufferedImage(1200, 1600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(TestPhotos.WHITE_WALL);
        g.fillRect(0, 0, 1200, 1600);
        g.setColor(new Color(34, 40, 58));
        g.fillOval(-120, 1180, 1440, 1100);
        g.setColor(new Color(60, 45, 35));
        g.fillOval(330, 200, 540, 720);
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 4000; i++) {
            g.setColor(new Color(40 + rnd.nextInt(60), 30 + rnd.nextInt(40), 20 + rnd.nextInt(30)));
            g.fillRect(360 + rnd.nextInt(480), 260 + rnd.nextInt(600), 3, 12);
        }
        g.dispose();
        PhotoRejected e = refused(normaliser(true), img);
        assertEquals(PhotoVerdict.NO_FACE, e.code());
        assertEquals("照片中没有找到人脸，请正对镜头、露出整张脸重新拍摄", e.reason().zh());
        assertTrue(e.reason().en().startsWith("No face was found"));
    }

    @Test
    public void aHeadFarFromTheCameraIsTooSmall() throws Exception {
        PhotoRejected e = refused(normaliser(true), onWhite(1, 12, 0.5, 0.3));
        assertEquals(PhotoVerdict.HEAD_TOO_SMALL, e.code());
        assertEquals("头部在照片中太小，请靠近一些重新拍摄", e.reason().zh());
    }

    @Test
    public void aCloseUpIsTooLarge() throws Exception {
        PhotoRejected e = refused(normaliser(true), onWhite(1, 1.6, 0.5, 0.3));
        assertEquals(PhotoVerdict.HEAD_TOO_LARGE, e.code());
        assertTrue(e.reason().zh().contains("离远一些"));
    }

    @Test
    public void aHeadAtTheEdgeIsOffCentre() throws Exception {
        PhotoRejected e = refused(normaliser(true), onWhite(1, 3.4, 0.16, 0.2));
        assertEquals(PhotoVerdict.OFF_CENTRE, e.code());
        assertTrue(e.reason().zh().contains("居中"));
    }

    @Test
    public void twoPeopleAreRefused() throws Exception {
        BufferedImage a = onWhite(0, 5, 0.3, 0.25);
        BufferedImage b = onWhite(1, 5, 0.72, 0.25);
        Graphics2D g = a.createGraphics();
        g.setClip(new Ellipse2D.Double(600, 0, 600, 1600));
        g.drawImage(b, 0, 0, null);
        g.dispose();
        PhotoRejected e = refused(normaliser(true), a);
        assertEquals(PhotoVerdict.MULTIPLE_FACES, e.code());
        assertEquals("照片中只能有您一个人，请单独拍摄", e.reason().zh());
    }

    @Test
    public void withoutItsModelsTheFaceCheckLeavesTheChecksOfBefore() throws Exception {
        DefaultPhotoNormaliser n = new DefaultPhotoNormaliser(TestPhotos.config());
        n.setFaceCheck(new FaceLicencePhotoCheck(new OnnxFaceAnalyzer(java.nio.file.Path.of("/nonexistent"), 0.6, 1)));
        byte[] out = n.normalise(TestPhotos.jpeg(TestPhotos.portrait(1200, 1600, TestPhotos.WHITE_WALL, 42), 0.85f));
        assertEquals(378, decode(out).getHeight());
        // and a real background problem is still found
        BufferedImage blue = onWhite(1, 3.4, 0.5, 0.2);
        Graphics2D g = blue.createGraphics();
        g.setColor(new Color(40, 90, 200));
        g.fillRect(0, 0, 1200, 100);
        g.dispose();
        assertEquals(DefaultPhotoNormaliser.BACKGROUND, refused(n, blue).code());
    }
}
