import javax.imageio.ImageIO; import java.awt.image.BufferedImage; import java.io.*; import java.nio.file.*;
public class Dump { public static void main(String[] a) throws Exception {
  for (int i = 0; i + 1 < a.length; i += 2) {
    BufferedImage img = ImageIO.read(new File(a[i])); int w = img.getWidth(), h = img.getHeight();
    byte[] out = new byte[w*h*3]; int k = 0;
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) { int p = img.getRGB(x, y); out[k++] = (byte)(p>>16); out[k++]=(byte)(p>>8); out[k++]=(byte)p; }
    Files.write(Path.of(a[i+1]), out); Files.writeString(Path.of(a[i+1]+".size"), w+" "+h);
  }}}
