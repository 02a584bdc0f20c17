import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.InputStream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

/**
 * Writes a 1200x1600 head-and-shoulders JPEG on white, as a phone would send: a real face (face-api's MIT sample
 * photo 6, from the build's test-faces jar, as itests/karaf's PhoneCamera makes it) so that the FLOWS §5 face rules
 * accept it. Usage: java PhonePhoto.java OUT.jpg TEST_FACES_JAR
 */
public class PhonePhoto {
    public static void main(String[] a) throws Exception {
        BufferedImage group;
        try (ZipFile zip = new ZipFile(a[1]); InputStream in = zip.getInputStream(zip.getEntry("org/opendmv/face/testfaces/sample6.jpg"))) {
            group = ImageIO.read(in);
        }
        double bx = 681, by = 321, bw = 160, bh = 307; // one face of the group photo
        int w = 1200;
        int h = 1600;
        double s = w / (bw * 3.4);
        double fx = 0.5 * w;
        double fy = 0.2 * h;
        double fw = bw * s;
        double fh = bh * s;
        Area person = new Area(new Ellipse2D.Double(fx - fw * 0.75, fy - fh * 0.3, fw * 1.5, fh * 1.45));
        person.add(new Area(new Ellipse2D.Double(fx - fw * 1.6, fy + fh * 0.95, fw * 3.2, fh * 2)));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setClip(person);
        g.drawImage(group, (int) Math.round(fx - bx * s - bw * s / 2), (int) Math.round(fy - by * s),
                (int) Math.round(group.getWidth() * s), (int) Math.round(group.getHeight() * s), null);
        g.dispose();
        ImageIO.write(img, "jpg", new File(a[0]));
    }
}
