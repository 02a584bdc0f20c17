package org.opendmv.face.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Frame sources on videos, image directories and GStreamer pipelines made here with ffmpeg and ImageIO. */
public class FrameSourcesTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static List<Frame> readAll(FrameSource s) throws IOException {
        List<Frame> out = new ArrayList<>();
        Optional<Frame> f;
        while ((f = s.next(T)).isPresent()) {
            out.add(f.get());
        }
        return out;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue("timed out: " + String.join(" ", cmd), p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
    }

    /** A 2-second, 10 fps video: left half red, right half blue. */
    private Path redBlueVideo() throws Exception {
        Path v = tmp.getRoot().toPath().resolve("redblue.mp4");
        run("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=160x120:r=10:d=2", "-f", "lavfi", "-i",
                "color=c=blue:s=160x120:r=10:d=2", "-filter_complex", "[0][1]hstack", "-pix_fmt", "yuv444p",
                "-c:v", "libx264", "-qp", "0", v.toString());
        return v;
    }

    @Test
    public void videoFileGivesEveryFrameAtTheRequestedSizeAndRate() throws Exception {
        Path v = redBlueVideo(); // 320x120 after hstack
        try (FrameSource s = FrameSources.open("file:" + v, 64, 48, 10)) {
            List<Frame> frames = readAll(s);
            assertEquals("2 s at 10 fps", 20, frames.size());
            Frame f = frames.get(5);
            assertEquals(64, f.width());
            assertEquals(48, f.height());
            assertEquals(500_000_000L, f.timestampNanos());
            int left = f.pixel(10, 24);
            int right = f.pixel(54, 24);
            assertTrue("left is red: " + Integer.toHexString(left), red(left) > 200 && blue(left) < 60);
            assertTrue("right is blue: " + Integer.toHexString(right), blue(right) > 200 && red(right) < 60);
            assertFalse("end of stream stays ended", s.next(T).isPresent());
        }
    }

    @Test
    public void aSlowConsumerStillGetsEveryFrameOfAFile() throws Exception {
        Path v = redBlueVideo();
        try (FrameSource s = FrameSources.open("file:" + v, 64, 48, 10)) {
            int n = 0;
            while (s.next(T).isPresent()) {
                n++;
                Thread.sleep(50); // the analysis of a frame: ffmpeg ends while frames still wait in the queue
            }
            assertEquals("2 s at 10 fps, none dropped at the end", 20, n);
        }
    }

    @Test
    public void videoFileResampledToALowerRate() throws Exception {
        Path v = redBlueVideo();
        try (FrameSource s = FrameSources.open("file:" + v, 32, 24, 5)) {
            assertEquals(10, readAll(s).size());
        }
    }

    @Test
    public void imageDirectoryInNameOrderScaled() throws Exception {
        Path dir = tmp.newFolder("imgs").toPath();
        Color[] colours = {Color.GREEN, Color.RED, Color.BLUE};
        String[] names = {"b.png", "a.jpg", "c.jpeg"}; // name order: a (red), b (green), c (blue)
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(colours[i]);
            g.fillRect(0, 0, 40, 30);
            g.dispose();
            ImageIO.write(img, names[i].endsWith(".png") ? "png" : "jpg", dir.resolve(names[i]).toFile());
        }
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        try (FrameSource s = FrameSources.open("images:" + dir, 20, 10, 4)) {
            List<Frame> frames = readAll(s);
            assertEquals(3, frames.size());
            assertEquals(20, frames.get(0).width());
            assertEquals(10, frames.get(0).height());
            assertTrue(red(frames.get(0).pixel(5, 5)) > 200);
            assertTrue(green(frames.get(1).pixel(5, 5)) > 200);
            assertTrue(blue(frames.get(2).pixel(5, 5)) > 200);
            assertEquals(500_000_000L, frames.get(2).timestampNanos());
        }
    }

    @Test
    public void gstreamerPipeline() throws Exception {
        try (FrameSource s = FrameSources.open("gst:videotestsrc num-buffers=12 pattern=solid-color foreground-color=0xff00ff00",
                48, 36, 15)) {
            List<Frame> frames = readAll(s);
            assertEquals(12, frames.size());
            int p = frames.get(3).pixel(24, 18);
            assertTrue("green: " + Integer.toHexString(p), green(p) > 200 && red(p) < 60 && blue(p) < 60);
            assertEquals(48 * 36 * 3, frames.get(0).rgb().length);
        }
    }

    @Test
    public void gstreamerPipelineWithAQuotedCapsFilter() throws Exception {
        try (FrameSource s = FrameSources.open(
                "gst:videotestsrc num-buffers=5 ! \"video/x-raw,width=320,height=240\"", 32, 24, 10)) {
            assertEquals(5, readAll(s).size());
        }
    }

    @Test
    public void brokenGstreamerPipelineSaysWhy() throws Exception {
        try (FrameSource s = FrameSources.open("gst:nosuchelement42", 32, 24, 10)) {
            readAll(s);
            fail("a broken pipeline is an error, not an empty stream");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("gst-launch-1.0 failed")
                    && e.getMessage().contains("nosuchelement42"));
        }
    }

    @Test
    public void closeKillsTheChildProcess() throws Exception {
        FrameSource s = FrameSources.open("gst:videotestsrc is-live=true", 32, 24, 30);
        assertTrue(s.next(T).isPresent());
        long pid = ((org.opendmv.face.internal.source.ProcessFrameSource) s).pid();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        s.close();
        assertFalse("child gone after close", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse("no frames after close", s.next(T).isPresent());
        s.close(); // twice is fine
    }

    @Test
    public void missingFileDirectoryAndDeviceAreNamed() {
        for (String spec : new String[] {"file:/nonexistent/v.mp4", "images:/nonexistent/dir", "v4l2:/dev/video99"}) {
            try {
                FrameSources.open(spec, 32, 24, 10).close();
                fail(spec);
            } catch (FileNotFoundException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("/nonexistent") || e.getMessage().contains("/dev/video99"));
            } catch (IOException e) {
                fail(spec + ": " + e);
            }
        }
    }

    @Test
    public void emptyImageDirectory() throws Exception {
        Path dir = tmp.newFolder("empty").toPath();
        try {
            FrameSources.open("images:" + dir, 32, 24, 10);
            fail();
        } catch (FileNotFoundException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no *.png"));
        }
    }

    @Test
    public void badSpecsAreRefusedWithTheExpectedForms() throws IOException {
        for (String spec : new String[] {"", "webcam0", "http://camera/stream", "file:", "gst:videotestsrc ! fdsink fd=1",
                "gst:videotestsrc !", "gst:\"unbalanced"}) {
            try {
                FrameSources.open(spec, 32, 24, 10).close();
                fail("accepted: " + spec);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().isBlank());
                if (spec.equals("webcam0") || spec.startsWith("http")) {
                    assertTrue(e.getMessage(), e.getMessage().contains("v4l2:/dev/videoN"));
                }
            }
        }
        try {
            FrameSources.open("gst:videotestsrc", 0, 24, 10);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("0x24"));
        }
        try {
            FrameSources.open("gst:videotestsrc", 32, 24, 0);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("fps"));
        }
    }

    static int red(int p) {
        return p >> 16 & 0xff;
    }

    static int green(int p) {
        return p >> 8 & 0xff;
    }

    static int blue(int p) {
        return p & 0xff;
    }
}
