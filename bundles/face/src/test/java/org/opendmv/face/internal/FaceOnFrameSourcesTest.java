package org.opendmv.face.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.face.api.Box;
import org.opendmv.face.api.Face;
import org.opendmv.face.api.FaceAnalyzer;
import org.opendmv.face.api.Frame;
import org.opendmv.face.api.FrameSource;
import org.opendmv.face.api.FrameSources;

/** A real face through the frame sources: a video made with ffmpeg, a GStreamer pipeline, an image directory. */
public class FaceOnFrameSourcesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path portraitPng() throws Exception {
        BufferedImage group = FaceFixtures.sample(6);
        Box b = FaceFixtures.people(group).get(1).box();
        Path png = tmp.getRoot().toPath().resolve("portrait.png");
        ImageIO.write(FaceFixtures.portrait(group, b, 480, 640), "png", png.toFile());
        return png;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
    }

    /** Every frame has one face at the same place (the portrait's face, centred at x = 0.5). */
    private static int facesInEveryFrame(FrameSource s, int width) throws Exception {
        FaceAnalyzer a = FaceFixtures.analyzer();
        int n = 0;
        Optional<Frame> f;
        while ((f = s.next(Duration.ofSeconds(20))).isPresent()) {
            List<Face> faces = a.detect(f.get());
            assertEquals("frame " + n, 1, faces.size());
            assertEquals("frame " + n, width / 2.0, faces.get(0).box().centreX(), width * 0.06);
            f.get().wipe();
            n++;
        }
        return n;
    }

    @Test
    public void aVideoOfAFace() throws Exception {
        Path png = portraitPng();
        Path video = tmp.getRoot().toPath().resolve("face.mp4");
        run("ffmpeg", "-loglevel", "error", "-loop", "1", "-i", png.toString(), "-t", "1", "-r", "10",
                "-pix_fmt", "yuv420p", "-c:v", "libx264", video.toString());
        try (FrameSource s = FrameSources.open("file:" + video, 360, 480, 10)) {
            assertEquals(10, facesInEveryFrame(s, 360));
        }
    }

    @Test
    public void aGstreamerPipelineShowingAFace() throws Exception {
        Path png = portraitPng();
        try (FrameSource s = FrameSources.open("gst:filesrc location=" + png + " ! pngdec ! imagefreeze num-buffers=6",
                480, 640, 15)) {
            // 6: none of the last frames may be lost when the pipeline ends while the consumer is behind (CI saw 5
            // on a busy machine before the source's end marker waited behind them)
            assertEquals(6, facesInEveryFrame(s, 480));
        }
    }

    @Test
    public void anImageDirectoryOfAFace() throws Exception {
        Path png = portraitPng();
        try (FrameSource s = FrameSources.open("images:" + png.getParent(), 240, 320, 5)) {
            assertEquals(1, facesInEveryFrame(s, 240));
        }
    }
}
