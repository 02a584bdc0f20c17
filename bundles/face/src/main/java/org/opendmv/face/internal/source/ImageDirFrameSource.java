package org.opendmv.face.internal.source;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.opendmv.face.api.Frame;
import org.opendmv.face.api.FrameSource;

/** The images of a directory in name order, read with ImageIO and scaled to the frame size. */
public final class ImageDirFrameSource implements FrameSource {
    private final List<Path> files;
    private final int width;
    private final int height;
    private final double fps;
    private int index;
    private boolean closed;

    private ImageDirFrameSource(List<Path> files, int width, int height, double fps) {
        this.files = files;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    public static ImageDirFrameSource open(Path dir, int width, int height, double fps) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException("image directory not found: " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new FileNotFoundException("no *.png, *.jpg or *.jpeg images in " + dir);
        }
        return new ImageDirFrameSource(files, width, height, fps);
    }

    @Override
    public Optional<Frame> next(Duration timeout) throws IOException {
        if (closed || index >= files.size()) {
            return Optional.empty();
        }
        Path p = files.get(index);
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new IOException("not a readable image: " + p.getFileName());
        }
        long ts = Math.round(index * 1e9 / fps);
        index++;
        if (img.getWidth() != width || img.getHeight() != height) {
            BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, width, height, null);
            g.dispose();
            img = scaled;
        }
        return Optional.of(Frame.of(img, ts));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void close() {
        closed = true;
    }
}
