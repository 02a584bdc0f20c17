package org.opendmv.face.internal.photo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.Test;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.PhotoVerdict;
import org.opendmv.face.internal.FaceFixtures;
import org.opendmv.face.internal.onnx.OnnxFaceAnalyzer;

/** FLOWS.md §5 on real people (face-api's sample photos) cut into phone-like portraits. */
public class LicencePhotoCheckTest {

    private static FaceLicencePhotoCheck check() {
        return new FaceLicencePhotoCheck(FaceFixtures.analyzer());
    }

    /** A 900×1200 phone portrait of person {@code i} of sample6: face width ≈ 900 / {@code faceWidths}. */
    private static BufferedImage portrait(int i, double faceWidths, double faceCentreX, double faceTopY) throws Exception {
        BufferedImage group = FaceFixtures.sample(6);
        Box b = FaceFixtures.people(group).get(i).box();
        double rw = b.width() * faceWidths;
        double rh = rw * 4 / 3;
        Box region = new Box(b.centreX() - rw * faceCentreX, b.y() - rh * faceTopY, rw, rh);
        return FaceFixtures.region(group, region, 900, 1200);
    }

    @Test
    public void aWellFramedPortraitPassesAndIsCroppedCentredOnTheFace() throws Exception {
        FaceLicencePhotoCheck check = check();
        // persons 0 and 1 of sample6 stand apart; 2 and 3 are cheek to cheek (twoPeopleAreRefused)
        for (int person = 0; person < 2; person++) {
            BufferedImage photo = portrait(person, 3.0, 0.5, 0.25);
            PhotoVerdict v = check.check(photo);
            assertTrue("person " + person + ": " + v, v.ok());
            HeadGeometry h = check.measure(photo).orElseThrow();
            assertEquals(PhotoVerdict.OK, v.code());
            Box c = v.crop().orElseThrow();
            assertEquals("260:378", 260.0 / 378, c.width() / c.height(), 0.01);
            assertEquals("centred on the head", h.centreX(), c.centreX(), 2);
            double s = 260 / c.width();
            String measured = String.format(Locale.ROOT, "person %d at 260x378: head %.0f x %.0f, hair %.0f px below the top",
                    person, h.width() * s, h.length() * s, (h.top() - c.y()) * s);
            System.out.println(measured);
            assertTrue(measured, h.length() * s >= 224 - 0.5 && h.length() * s <= 260 + 0.5);
            assertTrue(measured, h.width() * s >= 165 - 0.5 && h.width() * s <= 189 + 0.5);
            assertTrue(measured, (h.top() - c.y()) * s >= 10 - 0.5 && (h.top() - c.y()) * s <= 20 + 0.5);
            assertTrue("inside the photo", c.x() >= 0 && c.y() >= 0 && c.right() <= 900.5 && c.bottom() <= 1200.5);
        }
    }

    @Test
    public void theCroppedPhotoMeasuresAsTheRulesSay() throws Exception {
        FaceLicencePhotoCheck check = check();
        BufferedImage photo = portrait(1, 3.0, 0.5, 0.25);
        Box c = check.check(photo).crop().orElseThrow();
        BufferedImage out = FaceFixtures.region(photo, c, 260, 378);
        HeadGeometry h = check.measure(out).orElseThrow();
        String m = String.format(Locale.ROOT, "re-measured at 260x378: head %.0f x %.0f, hair top %.0f, centre %.0f",
                h.width(), h.length(), h.top(), h.centreX());
        System.out.println(m);
        assertTrue(m, h.length() >= 224 * 0.95 && h.length() <= 260 * 1.05);
        assertEquals(m, 130, h.centreX(), 260 * 0.04);
        assertTrue(m, h.top() >= 10 * 0.5 && h.top() <= 20 * 1.5);
    }

    @Test
    public void aFarAwayHeadIsTooSmall() throws Exception {
        BufferedImage photo = portrait(1, 3.0, 0.5, 0.25);
        BufferedImage small = FaceFixtures.region(photo, new Box(0, 0, 900, 1200), 270, 360);
        PhotoVerdict v = check().check(small);
        assertEquals(v.toString(), PhotoVerdict.HEAD_TOO_SMALL, v.code());
        assertFalse(v.ok());
    }

    @Test
    public void aCloseUpIsTooLarge() throws Exception {
        PhotoVerdict v = check().check(portrait(1, 1.5, 0.5, 0.22));
        assertEquals(v.toString(), PhotoVerdict.HEAD_TOO_LARGE, v.code());
    }

    @Test
    public void aFaceAtTheEdgeIsOffCentre() throws Exception {
        BufferedImage good = portrait(1, 3.0, 0.5, 0.25);
        assertTrue(check().check(good).ok());
        PhotoVerdict v = check().check(FaceFixtures.region(good, new Box(290, 0, 900, 1200), 900, 1200));
        assertEquals("the same photo, the face moved to the left edge: " + v, PhotoVerdict.OFF_CENTRE, v.code());
        PhotoVerdict low = check().check(FaceFixtures.region(good, new Box(0, -420, 900, 1200), 900, 1200));
        assertEquals("head too low to leave the body below it: " + low, PhotoVerdict.OFF_CENTRE, low.code());
    }

    @Test
    public void twoPeopleAreRefused() throws Exception {
        BufferedImage group = FaceFixtures.sample(6);
        List<Face> people = FaceFixtures.people(group);
        Box c = people.get(2).box();
        Box d = people.get(3).box();
        double x0 = c.x() - c.width() * 0.4;
        double w = d.right() + d.width() * 0.4 - x0;
        BufferedImage photo = FaceFixtures.region(group, new Box(x0, c.y() - w * 0.2, w, w * 4 / 3), 900, 1200);
        PhotoVerdict v = check().check(photo);
        assertEquals(v.toString(), PhotoVerdict.MULTIPLE_FACES, v.code());
    }

    @Test
    public void noFaceInASyntheticPortrait() {
        BufferedImage img = new BufferedImage(900, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(246, 246, 244));
        g.fillRect(0, 0, 900, 1200);
        g.setColor(new Color(34, 40, 58));
        g.fillOval(-90, 880, 1080, 840);
        g.setColor(new Color(60, 45, 35));
        g.fillOval(300, 250, 300, 380);
        g.dispose();
        PhotoVerdict v = check().check(img);
        assertEquals(PhotoVerdict.NO_FACE, v.code());
        assertTrue(v.crop().isEmpty());
    }

    @Test
    public void withoutModelsTheCheckSaysUnavailable() {
        FaceLicencePhotoCheck c = new FaceLicencePhotoCheck(new OnnxFaceAnalyzer(Path.of("/nonexistent"), 0.6, 1));
        PhotoVerdict v = c.check(new BufferedImage(600, 800, BufferedImage.TYPE_INT_RGB));
        assertEquals(PhotoVerdict.UNAVAILABLE, v.code());
        assertFalse(v.ok());
    }
}
