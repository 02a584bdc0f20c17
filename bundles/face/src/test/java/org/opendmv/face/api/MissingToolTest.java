package org.opendmv.face.api;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * Without ffmpeg or gst-launch-1.0 on the PATH the operator is told which Debian package to install. Runs a
 * child JVM with PATH emptied.
 */
public class MissingToolTest {

    public static void main(String[] args) throws Exception {
        Path video = Files.createTempFile("v", ".mp4");
        try {
            for (String spec : new String[] {"file:" + video, "gst:videotestsrc"}) {
                try {
                    FrameSources.open(spec, 32, 24, 10).close();
                    System.out.println("OPENED " + spec);
                } catch (FileNotFoundException e) {
                    System.out.println("MESSAGE " + e.getMessage());
                }
            }
        } finally {
            Files.delete(video);
        }
    }

    @Test
    public void missingToolsNameTheirDebianPackages() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                MissingToolTest.class.getName()));
        pb.environment().put("PATH", "/nonexistent");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child JVM hung");
        }
        assertTrue(out, out.contains("MESSAGE ffmpeg not found on the PATH: install the Debian package ffmpeg"));
        assertTrue(out, out.contains("MESSAGE gst-launch-1.0 not found on the PATH: install the Debian package gstreamer1.0-tools"));
    }
}
