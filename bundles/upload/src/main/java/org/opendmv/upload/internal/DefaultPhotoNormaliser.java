package org.opendmv.upload.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.LicencePhotoCheck;
import org.opendmv.face.api.PhotoVerdict;
import org.opendmv.upload.api.PhotoNormaliser;
import org.opendmv.upload.api.PhotoRejected;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.w3c.dom.NodeList;

/**
 * The licence-photo pipeline of FLOWS.md §5: sniff the format, read the size from the header
 * (bomb guard), apply the EXIF orientation, check resolution and portrait aspect, find the face
 * and check the head rules (exactly one face; at 260×378 the head 165–189 px wide and 224–260 px
 * long, the top of the hair 10–20 px below the top edge; crop centred on the face) with the
 * {@link LicencePhotoCheck} service, check a white background, scale to 260×378 and write a 300
 * dpi JPEG between 14 and 30 KB.
 *
 * <p>The face check is an optional, dynamic service (bundle org.opendmv.face): without it, or
 * while its models cannot load ({@link PhotoVerdict#UNAVAILABLE}), the photo is cropped to
 * 260:378 from the top as before face detection existed.
 *
 * <p>Stateless apart from the configuration: nothing of the photo is kept in fields, written to
 * disk (in-memory ImageIO streams only) or logged.
 */
@Component(service = PhotoNormaliser.class, configurationPid = DefaultPhotoNormaliser.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PhotoConfig.class)
public final class DefaultPhotoNormaliser implements PhotoNormaliser {
    static final String PID = "org.opendmv.upload.photo";

    /** Output size, FLOWS.md §5: 260 px wide, 378 px high, 300 dpi. */
    static final int WIDTH = 260;
    static final int HEIGHT = 378;
    static final int DPI = 300;
    /** Below {@code jpeg_min_bytes} even at quality 1.0 the photo is still taken down to this size. */
    static final int PLAIN_FLOOR_BYTES = 8 * 1024;
    /** FLOWS.md §5: JPEG quality at least 70. */
    static final int MIN_QUALITY_PCT = 70;
    static final int START_QUALITY_PCT = 95;

    /** Width of the sampled border band, as a share of the crop's width (sides) or height (top). */
    private static final double BORDER_BAND = 0.03;
    /** The side bands stop here (share of the crop's height): below are usually the shoulders. */
    private static final double SIDE_BAND_DEPTH = 2.0 / 3.0;
    /** Decode subsampled, but keep at least this many times the output size in the crop. */
    private static final int DECODE_MARGIN = 4;
    private static final String JPEG_TREE = "javax_imageio_jpeg_image_1.0";

    static final String EMPTY = "EMPTY";
    static final String NOT_AN_IMAGE = "NOT_AN_IMAGE";
    static final String TOO_LARGE = "TOO_LARGE";
    static final String UNREADABLE = "UNREADABLE";
    static final String TOO_SMALL = "TOO_SMALL";
    static final String NOT_PORTRAIT = "NOT_PORTRAIT";
    static final String ASPECT = "ASPECT";
    static final String BACKGROUND = "BACKGROUND";
    static final String TOO_PLAIN = "TOO_PLAIN";
    static final String TOO_NOISY = "TOO_NOISY";
    static final String BUSY = "SERVER_BUSY";

    private enum Format { JPEG, PNG }

    /** Decodes the checked image; a seam so tests can make decoding fail in any way, an Error included. */
    interface Decoder {
        BufferedImage read(ImageReader reader, ImageReadParam param) throws IOException;
    }

    private final Decoder decoder;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LicencePhotoCheck faceCheck;
    private volatile PhotoConfig config;
    private volatile Semaphore slots;

    @Activate
    public DefaultPhotoNormaliser(PhotoConfig c) {
        this(c, (reader, param) -> reader.read(0, param));
    }

    DefaultPhotoNormaliser(PhotoConfig c, Decoder decoder) {
        this.decoder = decoder;
        modified(c);
    }

    @Modified
    void modified(PhotoConfig c) {
        if (c.max_pixels() <= 0) {
            throw new IllegalArgumentException("max.pixels must be positive");
        }
        if (c.min_width() < 1 || c.min_height() < 1) {
            throw new IllegalArgumentException("min.width and min.height must be positive");
        }
        if (c.border_white_min() < 0 || c.border_white_min() > 255
                || c.border_max_spread() < 0 || c.border_max_spread() > 255) {
            throw new IllegalArgumentException("border.white.min and border.max.spread must be 0-255");
        }
        if (!(c.border_white_share() >= 0 && c.border_white_share() <= 1)) {
            throw new IllegalArgumentException("border.white.share must be between 0 and 1");
        }
        if (c.jpeg_min_bytes() < 0 || c.jpeg_max_bytes() <= 0 || c.jpeg_min_bytes() > c.jpeg_max_bytes()) {
            throw new IllegalArgumentException("need 0 <= jpeg.min.bytes <= jpeg.max.bytes, jpeg.max.bytes > 0");
        }
        if (!(c.max_aspect() >= 1)) {
            throw new IllegalArgumentException("max.aspect must be at least 1");
        }
        if (c.max_concurrent() < 1) {
            throw new IllegalArgumentException("max.concurrent must be at least 1");
        }
        if (config == null || config.max_concurrent() != c.max_concurrent()) {
            slots = new Semaphore(c.max_concurrent(), true);
        }
        this.config = c;
    }

    @Override
    public byte[] normalise(byte[] upload) throws PhotoRejected {
        PhotoConfig c = config;
        if (upload == null || upload.length == 0) {
            throw rejected(EMPTY, "没有收到照片，请重新上传", "No photo was received. Please upload it again.");
        }
        Format format = sniff(upload);
        if (format == null) {
            throw rejected(NOT_AN_IMAGE, "请上传 JPG 或 PNG 格式的照片", "Please upload a JPG or PNG photo.");
        }
        // decoding is what takes memory: only a few at a time, the others wait their turn
        Semaphore s = slots;
        try {
            if (!s.tryAcquire(30, TimeUnit.SECONDS)) {
                throw rejected(BUSY, "系统繁忙，请稍后再上传", "The kiosk is busy; please upload again in a moment.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw rejected(BUSY, "系统繁忙，请稍后再上传", "The kiosk is busy; please upload again in a moment.");
        }
        try {
            return normaliseDecodable(upload, format, c);
        } finally {
            // whatever happened, OutOfMemoryError included: the slot is free for the next phone
            s.release();
        }
    }

    /** Decoding slots free now (tests). */
    int freeSlots() {
        return slots.availablePermits();
    }

    /** The face rules (tests; in OSGi the optional dynamic reference). */
    void setFaceCheck(LicencePhotoCheck check) {
        this.faceCheck = check;
    }

    private byte[] normaliseDecodable(byte[] upload, Format format, PhotoConfig c) throws PhotoRejected {
        BufferedImage image = decodeChecked(upload, format, c);
        Rectangle crop = faceCrop(image);
        if (crop == null) {
            crop = cropFromTop(image.getWidth(), image.getHeight());
        }
        checkBackground(image, crop, c);
        BufferedImage out = scale(image.getSubimage(crop.x, crop.y, crop.width, crop.height), WIDTH, HEIGHT);
        return encode(out, c);
    }

    // ---- format, size and decoding ---------------------------------------------------------

    private static Format sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return Format.JPEG;
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return Format.PNG;
        }
        return null;
    }

    /**
     * Reads the header, checks pixel count, orientation-corrected resolution and aspect, and only
     * then decodes (subsampled when the photo is much larger than needed) into upright TYPE_INT_RGB.
     */
    private BufferedImage decodeChecked(byte[] upload, Format format, PhotoConfig c) throws PhotoRejected {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format == Format.JPEG ? "jpeg" : "png");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload));
        try {
            reader.setInput(in, true, true);
            int w;
            int h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw unreadable();
            }
            if (w <= 0 || h <= 0) {
                throw unreadable();
            }
            if ((long) w * h > c.max_pixels()) {
                throw rejected(TOO_LARGE, "照片像素过多，请上传普通的手机照片",
                        "The photo has too many pixels. Please upload an ordinary phone photo.");
            }
            int orientation = format == Format.JPEG ? exifOrientation(upload) : 1;
            boolean swap = orientation >= 5;
            int ow = swap ? h : w;
            int oh = swap ? w : h;
            if (oh <= ow) {
                throw rejected(NOT_PORTRAIT, "请竖着拍摄照片（高度大于宽度）",
                        "Please take the photo upright (portrait: taller than wide).");
            }
            // a strip (e.g. 1000x24000) is no portrait and would be decoded at full size: refused from the header
            if ((double) oh / ow > c.max_aspect()) {
                throw rejected(ASPECT, "照片过于细长，不是正常的人像照片，请用手机相机直接拍一张竖向照片",
                        "The photo is far too tall and narrow for a portrait. Please take an ordinary upright photo "
                                + "with the phone camera.");
            }
            if (ow < c.min_width() || oh < c.min_height()) {
                throw rejected(TOO_SMALL,
                        String.format(Locale.ROOT, "照片分辨率太低，至少需要 %d×%d 像素，请靠近一些重新拍摄",
                                c.min_width(), c.min_height()),
                        String.format(Locale.ROOT, "The photo resolution is too low: at least %d×%d pixels are needed. "
                                + "Please take it again from closer.", c.min_width(), c.min_height()));
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(ow, oh);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            boolean[] truncated = {false};
            reader.addIIOReadWarningListener((source, warning) -> {
                String m = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
                if (m.contains("premature") || m.contains("truncat")) {
                    truncated[0] = true;
                }
            });
            BufferedImage decoded;
            try {
                decoded = decoder.read(reader, param);
            } catch (IOException | RuntimeException e) {
                throw unreadable();
            }
            if (decoded == null || truncated[0]) {
                throw unreadable();
            }
            return orient(toRgb(decoded), orientation);
        } finally {
            reader.dispose();
            try {
                in.close();
            } catch (IOException ignored) {
                // in-memory stream
            }
        }
    }

    /** Subsampling step so that the 260:378 crop still has at least {@link #DECODE_MARGIN}× the output pixels. */
    private static int subsampling(int w, int h) {
        double cropWidth = Math.min(w, (double) h * WIDTH / HEIGHT);
        return Math.max(1, (int) (cropWidth / (DECODE_MARGIN * WIDTH)));
    }

    /** EXIF orientation 1-8 of a JPEG; 1 when absent or when the metadata cannot be read. */
    static int exifOrientation(byte[] jpeg) {
        try {
            ImageMetadata metadata = Imaging.getMetadata(jpeg);
            if (metadata instanceof JpegImageMetadata) {
                TiffField field = ((JpegImageMetadata) metadata)
                        .findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION);
                if (field != null) {
                    int v = field.getIntValue();
                    if (v >= 1 && v <= 8) {
                        return v;
                    }
                }
            }
        } catch (Exception e) {
            // broken or exotic metadata: no rotation
        }
        return 1;
    }

    /** A fresh opaque TYPE_INT_RGB copy of any decoded image; transparency becomes white. */
    private static BufferedImage toRgb(BufferedImage src) {
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Turns a TYPE_INT_RGB image as stored into the image as seen, for EXIF orientation 1-8
     * (2 mirror, 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse,
     * 8 rotate 90° counter-clockwise).
     */
    static BufferedImage orient(BufferedImage src, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        int[] s = pixels(src);
        BufferedImage dst = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        int[] d = pixels(dst);
        for (int y = 0; y < dh; y++) {
            int row = y * dw;
            for (int x = 0; x < dw; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2: sx = w - 1 - x; sy = y; break;
                    case 3: sx = w - 1 - x; sy = h - 1 - y; break;
                    case 4: sx = x; sy = h - 1 - y; break;
                    case 5: sx = y; sy = x; break;
                    case 6: sx = y; sy = h - 1 - x; break;
                    case 7: sx = w - 1 - y; sy = h - 1 - x; break;
                    default: sx = w - 1 - y; sy = x; break; // 8
                }
                d[row + x] = s[sy * w + sx];
            }
        }
        return dst;
    }

    /** The pixels of a TYPE_INT_RGB image created here or by {@link #toRgb} (no offset, stride = width). */
    private static int[] pixels(BufferedImage rgb) {
        if (rgb.getRaster().getParent() != null || rgb.getRaster().getMinX() != 0 || rgb.getRaster().getMinY() != 0) {
            throw new IllegalArgumentException("not a top-level raster");
        }
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    // ---- crop, background and scaling ------------------------------------------------------

    /**
     * The 260:378 crop centred on the face by the {@link LicencePhotoCheck}, or null when there is
     * no face check (or it is unavailable): then the crop is taken from the top.
     *
     * @throws PhotoRejected when the face rules refuse the photo, with the reason for the citizen
     */
    private Rectangle faceCrop(BufferedImage image) throws PhotoRejected {
        LicencePhotoCheck check = faceCheck;
        if (check == null) {
            return null;
        }
        PhotoVerdict v;
        try {
            v = check.check(image);
        } catch (RuntimeException e) {
            return null; // a failing detector must not block the citizen: the checks of before apply
        }
        if (v.ok() && v.crop().isPresent()) {
            Box b = v.crop().get();
            int x = (int) Math.max(0, Math.round(b.x()));
            int y = (int) Math.max(0, Math.round(b.y()));
            int w = (int) Math.min(image.getWidth() - x, Math.round(b.width()));
            int h = (int) Math.min(image.getHeight() - y, Math.round(b.height()));
            return new Rectangle(x, y, Math.max(1, w), Math.max(1, h));
        }
        switch (v.code()) {
            case PhotoVerdict.NO_FACE:
                throw rejected(PhotoVerdict.NO_FACE, "照片中没有找到人脸，请正对镜头、露出整张脸重新拍摄",
                        "No face was found in the photo. Please face the camera with your whole face visible and take it again.");
            case PhotoVerdict.MULTIPLE_FACES:
                throw rejected(PhotoVerdict.MULTIPLE_FACES, "照片中只能有您一个人，请单独拍摄",
                        "Only you may be in the photo. Please take it alone.");
            case PhotoVerdict.HEAD_TOO_SMALL:
                throw rejected(PhotoVerdict.HEAD_TOO_SMALL, "头部在照片中太小，请靠近一些重新拍摄",
                        "Your head is too small in the photo. Please take it again from closer.");
            case PhotoVerdict.HEAD_TOO_LARGE:
                throw rejected(PhotoVerdict.HEAD_TOO_LARGE, "头部在照片中太大，请离远一些，露出头顶和肩膀",
                        "Your head is too large in the photo. Please step back so that the top of your head and your "
                                + "shoulders show.");
            case PhotoVerdict.OFF_CENTRE:
                throw rejected(PhotoVerdict.OFF_CENTRE, "头部没有居中，请把脸放在画面正中，头顶上方留一点空白",
                        "Your head is not centred. Please put your face in the middle of the picture with a little "
                                + "space above your head.");
            default:
                return null; // UNAVAILABLE or a code of a newer check: the checks of before apply
        }
    }

    /** The largest 260:378 rectangle, centred horizontally and anchored at the top (the head). */
    static Rectangle cropFromTop(int w, int h) {
        int cw = w;
        int ch = (int) Math.round((double) w * HEIGHT / WIDTH);
        if (ch > h) {
            ch = h;
            cw = Math.min(w, (int) Math.round((double) h * WIDTH / HEIGHT));
        }
        return new Rectangle((w - cw) / 2, 0, Math.max(1, cw), Math.max(1, ch));
    }

    /**
     * Samples the outer band of the crop along the top edge and the upper two thirds of the left
     * and right edges (the bottom shows the shoulders).
     */
    private static void checkBackground(BufferedImage image, Rectangle crop, PhotoConfig c) throws PhotoRejected {
        int bandX = Math.max(1, (int) Math.round(crop.width * BORDER_BAND));
        int bandY = Math.max(1, (int) Math.round(crop.height * BORDER_BAND));
        int sideEnd = Math.max(bandY, (int) Math.round(crop.height * SIDE_BAND_DEPTH));
        int[] px = pixels(image);
        int stride = image.getWidth();
        int minSum = 3 * c.border_white_min();
        int maxSpread = c.border_max_spread();
        long white = 0;
        long total = 0;
        for (int y = 0; y < sideEnd; y++) {
            boolean top = y < bandY;
            int rowStart = (crop.y + y) * stride + crop.x;
            for (int x = 0; x < crop.width; x++) {
                if (!top && x >= bandX && x < crop.width - bandX) {
                    x = crop.width - bandX - 1; // skip to the right band
                    continue;
                }
                int p = px[rowStart + x];
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                int spread = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
                if (r + g + b >= minSum && spread <= maxSpread) {
                    white++;
                }
                total++;
            }
        }
        if (total == 0 || (double) white / total < c.border_white_share()) {
            throw rejected(BACKGROUND, "请在白色背景前拍摄", "Please take the photo in front of a white background.");
        }
    }

    /** Halves with bilinear filtering while at least twice too large, then bicubic to the exact size. */
    static BufferedImage scale(BufferedImage src, int width, int height) {
        BufferedImage current = src;
        int w = src.getWidth();
        int h = src.getHeight();
        while (w / 2 >= width && h / 2 >= height) {
            w /= 2;
            h /= 2;
            current = draw(current, w, h, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return draw(current, width, height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h, Object interpolation) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    // ---- JPEG encoding ---------------------------------------------------------------------

    /**
     * Steps the quality down from 0.95 (by 0.05, then back up by 0.01 to the best fit) until the
     * file fits {@code jpeg_max_bytes}, never below 0.70; or up to 1.0 while it is under
     * {@code jpeg_min_bytes}. Under the minimum even at 1.0 is accepted down to 8 KB.
     */
    private static byte[] encode(BufferedImage img, PhotoConfig c) throws PhotoRejected {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO JPEG writer");
        }
        ImageWriter writer = writers.next();
        try {
            int max = c.jpeg_max_bytes();
            int min = c.jpeg_min_bytes();
            int pct = START_QUALITY_PCT;
            byte[] out = write(writer, img, pct);
            if (out.length > max) {
                while (out.length > max && pct > MIN_QUALITY_PCT) {
                    pct = Math.max(MIN_QUALITY_PCT, pct - 5);
                    out = write(writer, img, pct);
                }
                if (out.length > max) {
                    throw rejected(TOO_NOISY, "照片噪点或杂乱细节过多，请在光线充足处、白色背景前重新拍摄",
                            "The photo is too grainy or busy to fit the size limit. Please take it again in good light "
                                    + "in front of a white background.");
                }
                for (int up = pct + 1; up < pct + 5 && up < START_QUALITY_PCT; up++) {
                    byte[] better = write(writer, img, up);
                    if (better.length > max) {
                        break;
                    }
                    out = better;
                }
            } else if (out.length < min) {
                for (int up = pct + 1; up <= 100 && out.length < min; up++) {
                    byte[] bigger = write(writer, img, up);
                    if (bigger.length > max) {
                        break;
                    }
                    out = bigger;
                }
            }
            if (out.length < min && out.length < PLAIN_FLOOR_BYTES) {
                throw rejected(TOO_PLAIN, "照片细节不足，请重新拍摄",
                        "The photo shows too little detail. Please take it again.");
            }
            return out;
        } finally {
            writer.dispose();
        }
    }

    private static byte[] write(ImageWriter writer, BufferedImage img, int qualityPct) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(qualityPct / 100f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        try {
            IIOMetadata metadata = withDensity(
                    writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param));
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, metadata), param);
                out.flush();
            } finally {
                writer.setOutput(null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding in memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Sets 300 dpi (resUnits 1 = dots per inch) in the JFIF APP0 segment. */
    private static IIOMetadata withDensity(IIOMetadata metadata) throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_TREE);
        IIOMetadataNode jfif;
        NodeList found = root.getElementsByTagName("app0JFIF");
        if (found.getLength() > 0) {
            jfif = (IIOMetadataNode) found.item(0);
        } else {
            jfif = new IIOMetadataNode("app0JFIF");
            NodeList variety = root.getElementsByTagName("JPEGvariety");
            IIOMetadataNode parent;
            if (variety.getLength() > 0) {
                parent = (IIOMetadataNode) variety.item(0);
            } else {
                parent = new IIOMetadataNode("JPEGvariety");
                root.insertBefore(parent, root.getFirstChild());
            }
            parent.appendChild(jfif);
        }
        jfif.setAttribute("resUnits", "1");
        jfif.setAttribute("Xdensity", Integer.toString(DPI));
        jfif.setAttribute("Ydensity", Integer.toString(DPI));
        metadata.setFromTree(JPEG_TREE, root);
        return metadata;
    }

    // ---- rejections ------------------------------------------------------------------------

    private static PhotoRejected unreadable() {
        return rejected(UNREADABLE, "照片文件已损坏或不完整，请重新上传",
                "The photo file is damaged or incomplete. Please upload it again.");
    }

    private static PhotoRejected rejected(String code, String zh, String en) {
        return new PhotoRejected(code, LocalizedText.of(zh, en));
    }
}
