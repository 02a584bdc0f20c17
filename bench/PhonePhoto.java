import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes a synthetic 1200x1600 head-and-shoulders JPEG on white, as a phone would send. Usage: java PhonePhoto.java OUT.jpg */
public class PhonePhoto {
    public static void main(String[] a) throws Exception {
        BufferedImage img = new BufferedImage(1200, 1600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1200, 1600);
        g.setColor(new Color(40, 40, 60));
        g.fillRoundRect(250, 1050, 700, 700, 300, 300);
        g.setColor(new Color(225, 180, 150));
        g.fillOval(400, 350, 400, 520);
        Random r = new Random(7);
        for (int i = 0; i < 20000; i++) {
            int x = 400 + r.nextInt(400);
            int y = 350 + r.nextInt(1250);
            int rgb = img.getRGB(x, y);
            if (rgb != Color.WHITE.getRGB()) {
                img.setRGB(x, y, rgb ^ (r.nextInt(16) * 0x010101));
            }
        }
        g.dispose();
        ImageIO.write(img, "jpg", new File(a[0]));
    }
}
