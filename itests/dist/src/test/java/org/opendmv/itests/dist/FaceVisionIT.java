package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * The real face camera driver in the real distribution, one kiosk start: {@code feature:install
 * opendmv-driver-face-vision} on a running kiosk (ONNX Runtime's natives load once; a {@code bundle:update} and
 * {@code bundle:refresh} of the driver and the face bundle leave the natives bundle alone and the face check
 * working); the liveness detector switched to {@code driver.type = face-vision} with a video file as its camera
 * through its etc/ file, as an integrator does; a {@code kiosk:simulate dl-renewal} visit of a test citizen whose
 * chip photo is a real face ({@code photo} in a test-citizens file) in front of a still picture of the same
 * person: no live face, tries used up, refused to the counter before anything is paid; then the card holder
 * "in front of the camera" (the pipeline tests' synthesised video answering the challenges of a fixed seed) and
 * her chip photo on the bundled example citizen: IDENTIFY passes, the visit is paid and completed;
 * {@code kiosk:face-check} on the still files and on bad input; and no image data or personal data in karaf.log.
 *
 * <p>The faces are face-api's MIT sample photos (the {@code test-faces} artifact of
 * {@code org.opendmv.face-models}), made into a video with {@code ffmpeg} and a chip photo with ImageIO under
 * {@code target/face-it} at test time; no face image is in the repository. No recording of a person doing the
 * challenges exists in any reachable package: the passing video is synthesised from a photo (head turned by a
 * warp, mouth opened), by {@code FaceVideos} of devices/face-vision's test jar.
 */
public class FaceVisionIT {
    private static final String DEVICE = "liveness-detector";
    private static final String PID = "org.opendmv.device-" + DEVICE;
    private static final String PROFILE = "face-holder";
    private static final String ID_NUMBER = "110108199203040057";
    private static final String NAME = "样例丙";
    private static final long SEED = 7;
    private static final String[] FACE_BUNDLES = {"org.opendmv.onnxruntime", "org.opendmv.face-models", "org.opendmv.face",
            "org.opendmv.devices.face-vision"};

    private KioskProcess kiosk;

    @Rule
    public TestWatcher diagnose = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description d) {
            if (kiosk == null) {
                return;
            }
            try {
                System.out.println("---- on failure: bundle:list -s -t 0\n" + grepAny(kiosk.shell("bundle:list -s -t 0"), "opendmv",
                        "Failure", "Installed", "Resolved"));
            } catch (IOException | RuntimeException x) {
                System.out.println("---- no console: " + x);
            }
            try {
                List<String> lines = kiosk.log().lines().filter(l -> l.contains("ERROR") || l.contains("WARN") || l.contains("Exception")
                        || l.contains("face") || l.contains("Refresh") || l.contains("Stopp")).collect(Collectors.toList());
                System.out.println("---- karaf.log (errors, warnings, face)\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
                Path out = kiosk.home.resolve("console.out");
                if (Files.exists(out)) {
                    List<String> c = Files.readAllLines(out);
                    System.out.println("---- console.out\n" + String.join("\n", c.subList(Math.max(0, c.size() - 40), c.size())));
                }
            } catch (IOException | RuntimeException x) {
                System.out.println("no log: " + x);
            }
        }

        /** After the diagnostics (an @After would stop the kiosk before them). */
        @Override
        protected void finished(Description d) {
            if (kiosk != null) {
                try {
                    kiosk.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    };


    @Test
    public void theFaceCameraInTheDistributionRefusesAStillPictureAndSurvivesABundleUpdate() throws Exception {
        long t0 = System.nanoTime();
        Path media = Files.createDirectories(Path.of("target/face-it").toAbsolutePath());
        Media m = Media.make(media);

        kiosk = KioskProcess.unpack("face");
        kiosk.headless();
        // the card holder as a test citizen whose chip photo is a real face (docs/test-citizens.md)
        Path citizens = Files.createDirectories(kiosk.home.resolve("etc/opendmv-citizens/faces"));
        Files.copy(m.chip, citizens.resolve("holder.jpg"));
        Files.writeString(citizens.getParent().resolve("face-it.json"), citizenFile("faces/holder.jpg"), StandardCharsets.UTF_8);
        kiosk.start();

        // 1. the driver is one feature:install away; its natives load, once
        // --no-auto-refresh: with opendmv-face already in the boot features (opendmv-upload needs it), a plain
        // feature:install of the driver sometimes makes Karaf stop and refresh its own bundles (features.core, http,
        // ssh: "Service already unregistered", the console gone); seen in 2 of 3 runs, reported, not the subject here
        shown("feature:install -v --no-auto-refresh opendmv-driver-face-vision",
                kiosk.shell("feature:install -v --no-auto-refresh opendmv-driver-face-vision"));
        KioskProcess.await("the face bundles Active", Duration.ofSeconds(90), () -> {
            String list = shell("bundle:list -s -t 0");
            for (String b : FACE_BUNDLES) {
                if (!bundleRow(list, b).contains("Active")) {
                    return false;
                }
            }
            return true;
        });
        String bundles = shown("bundle:list -s -t 0 | grep face|onnx", grepAny(kiosk.shell("bundle:list -s -t 0"), FACE_BUNDLES));
        for (String b : FACE_BUNDLES) {
            assertTrue(b + " Active:\n" + bundles, bundleRow(bundles, b).contains("Active"));
        }

        // 4a. still video + the same person's chip photo: challenges not done, no live face
        String still = faceCheck(m.still, m.chip);
        assertSpoof(still);
        Set<String> natives = onnxNatives();
        assertEquals("ONNX Runtime loaded once: " + natives, 2, natives.size()); // libonnxruntime + its JNI library

        // 1b. update and refresh the driver and the face bundle: the natives bundle is not refreshed (its
        // libraries stay the ones loaded, no second copy), no UnsatisfiedLinkError, the check still works
        long onnx = bundleId(FACE_BUNDLES[0]);
        for (String b : new String[] {"org.opendmv.devices.face-vision", "org.opendmv.face"}) {
            long id = bundleId(b);
            shown("bundle:update " + id + "   # " + b, kiosk.shell("bundle:update " + id));
            shown("bundle:refresh " + id, kiosk.shell("bundle:refresh " + id));
        }
        KioskProcess.await("the face bundles Active again", Duration.ofSeconds(60), () -> {
            String list = shell("bundle:list -s -t 0");
            return bundleRow(list, "org.opendmv.face").contains("Active")
                    && bundleRow(list, "org.opendmv.devices.face-vision").contains("Active");
        });
        assertEquals("the natives bundle is the same", onnx, bundleId(FACE_BUNDLES[0]));
        KioskProcess.await("kiosk:face-check back after the refresh", Duration.ofSeconds(60),
                () -> !shell("kiosk:face-check --help").contains("Command not found"));
        String again = faceCheck(m.still, m.chip);
        assertSpoof(again);
        assertEquals("no ONNX Runtime library loaded a second time", natives, onnxNatives());
        assertFalse("no UnsatisfiedLinkError in karaf.log", kiosk.log().contains("UnsatisfiedLinkError"));

        // 4c. bad input: a clear message, no stack trace
        String missing = shown("kiosk:face-check --video nowhere.mp4", kiosk.shell("kiosk:face-check --video " + media.resolve("nowhere.mp4")
                + " --photo " + m.chip));
        assertClearError(missing, "--video: no such readable file");
        String notVideo = faceCheck(m.notVideo, m.chip);
        assertClearError(notVideo, "");
        String noFace = faceCheck(m.still, m.noFace);
        assertClearError(noFace, "--photo");

        // 2. the liveness detector switched to the real driver, a video file as its camera, through its etc/ file
        kiosk.config(PID, "challenge.seed", String.valueOf(SEED));
        kiosk.config(PID, "source", "file:" + m.still);
        kiosk.config(PID, "driver.type", "face-vision");
        KioskProcess.await(DEVICE + " READY ONLINE on face-vision", Duration.ofSeconds(60), () -> {
            String row = row(shell("kiosk:devices " + DEVICE), DEVICE);
            return row.contains("face-vision") && row.contains("READY") && row.contains("ONLINE");
        });
        shown("kiosk:devices " + DEVICE, kiosk.shell("kiosk:devices " + DEVICE));

        // 3. a visit: the card holder's chip photo, a still picture of the same person in front of the camera:
        // no live face on each try, then the counter; nothing paid
        String visit = kiosk.shell("kiosk:simulate --step-timeout 120 --card " + PROFILE + " dl-renewal");
        System.out.println("admin@opendmv()> kiosk:simulate --step-timeout 120 --card " + PROFILE + " dl-renewal\n"
                + visit.replace(NAME, "***"));
        assertTrue(visit, visit.contains("REFUSED") && visit.contains("FACE_NOT_VERIFIED"));
        assertFalse("refused at IDENTIFY, before PAY: " + visit, visit.contains("] PAY") || visit.contains("] CHECK"));
        assertTrue("the face camera looked, and saw no live face", kiosk.log().contains(DEVICE + ": liveness SPOOF (STILL_IMAGE)"));

        // 3b. the card holder in front of the camera passes: the pipeline tests' synthesised video of a person
        // answering the challenges of a fixed seed (FaceVideos), her chip photo on the bundled example citizen (who has
        // driver records, so the visit can go on): IDENTIFY passes and the visit is paid and completed
        Path live = media.resolve("live");
        long liveSeed = org.opendmv.devices.facevision.internal.FaceVideos.write(live);
        Path faces = kiosk.home.resolve("etc/opendmv-citizens/faces");
        Files.copy(live.resolve("holder.jpg"), faces.resolve("demo.jpg"));
        String example = Files.readString(kiosk.home.resolve("etc/opendmv-citizens/example.json.sample"), StandardCharsets.UTF_8);
        assertTrue(example.contains("\"validUntil\": \"2038-03-01\""));
        Files.writeString(faces.getParent().resolve("face-demo.json"),
                example.replaceFirst("\"validUntil\": \"2038-03-01\"", "\"validUntil\": \"2038-03-01\", \"photo\": \"faces/demo.jpg\""),
                StandardCharsets.UTF_8);
        kiosk.config(PID, "challenge.seed", String.valueOf(liveSeed));
        kiosk.config(PID, "source", "file:" + live.resolve("live.mp4"));
        KioskProcess.await(DEVICE + " READY ONLINE on the live video", Duration.ofSeconds(60), () -> {
            String row = row(shell("kiosk:devices " + DEVICE), DEVICE);
            return row.contains("face-vision") && row.contains("READY") && row.contains("ONLINE");
        });
        Thread.sleep(3000); // fileinstall applies the new source and the driver restarts with it
        String passed = "";
        for (int i = 0; i < 3 && !passed.contains("COMPLETED"); i++) {
            // the citizens folder is re-read when it changes: give the new file a moment on the first try
            passed = kiosk.shell("kiosk:simulate --step-timeout 120 --card example-person dl-renewal");
            if (!passed.contains("COMPLETED")) {
                Thread.sleep(3000);
            }
        }
        System.out.println("admin@opendmv()> kiosk:simulate --step-timeout 120 --card example-person dl-renewal\n" + passed);
        assertTrue(passed, passed.contains("身份核验通过") && passed.contains("COMPLETED"));
        assertTrue("the face camera passed the holder", kiosk.log().contains(DEVICE + ": liveness PASS (MATCHED)"));

        // 5. nothing personal and no picture in the log
        String log = kiosk.log();
        assertFalse("ID number in karaf.log", log.contains(ID_NUMBER));
        assertFalse("name in karaf.log", log.contains(NAME));
        assertFalse("base64 image data in karaf.log", Pattern.compile("iVBORw0KGgo|/9j/4|[A-Za-z0-9+/=]{200,}").matcher(log).find());
        assertFalse("raw image bytes in karaf.log", log.contains("JFIF") || log.contains("\u0089PNG"));
        System.out.printf("FaceVisionIT: %.0f s in all%n", (System.nanoTime() - t0) / 1e9);
    }

    private String faceCheck(Path video, Path photo) throws IOException {
        String cmd = "kiosk:face-check --video " + video + " --photo " + photo + " --seed " + SEED;
        return shown(cmd, kiosk.shell(cmd));
    }

    /** Per-challenge lines, a match score or its absence, and the SPOOF decision. */
    private static void assertSpoof(String out) {
        assertTrue(out, Pattern.compile("(?m)^challenge 1/[23] (BLINK|TURN_LEFT|TURN_RIGHT|OPEN_MOUTH): \\w+").matcher(out).find());
        assertTrue(out, Pattern.compile("(?m)^challenge 2/[23] ").matcher(out).find());
        assertTrue(out, out.contains("match score:"));
        assertTrue(out, out.contains("decision: SPOOF"));
        assertFalse(out, out.contains("decision: PASS"));
    }

    private static void assertClearError(String out, String words) {
        assertTrue(out, out.contains("Error executing command") || out.toLowerCase().contains("error"));
        assertTrue(out, out.contains(words));
        assertFalse("no stack trace: " + out, out.contains("\tat ") || out.contains("Exception:"));
        assertFalse(out, out.contains("decision:"));
    }

    /** The files backing ONNX Runtime's libraries in the kiosk JVM (/proc/PID/maps). */
    private Set<String> onnxNatives() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + kiosk.pid() + "/maps"))) {
            int slash = line.indexOf('/');
            if (slash > 0 && line.contains("libonnxruntime")) {
                out.add(line.substring(slash));
            }
        }
        return out;
    }

    private long bundleId(String symbolicName) {
        String r = bundleRow(shell("bundle:list -s -t 0"), symbolicName).trim();
        Matcher mm = Pattern.compile("^(\\d+)").matcher(r);
        assertTrue("no bundle " + symbolicName + ": " + r, mm.find());
        return Long.parseLong(mm.group(1));
    }

    /** The first row of kiosk:devices naming {@code word}. */
    private static String row(String text, String word) {
        return text.lines().filter(l -> l.contains(word)).findFirst().orElse("");
    }

    /** The row of bundle:list -s whose symbolic name (the last column) is {@code bsn}. */
    private static String bundleRow(String list, String bsn) {
        return list.lines().filter(l -> l.trim().endsWith(" " + bsn)).findFirst().orElse("");
    }

    private static String grepAny(String text, String... words) {
        return text.lines().filter(l -> List.of(words).stream().anyMatch(l::contains)).collect(Collectors.joining("\n"));
    }

    private static String shown(String cmd, String out) {
        System.out.println("admin@opendmv()> " + cmd + "\n" + out);
        return out;
    }

    private String shell(String cmd) {
        try {
            return kiosk.shell(cmd);
        } catch (IOException e) {
            return "";
        }
    }

    private static String citizenFile(String photo) {
        return "{\"citizens\": [{\"id\": \"" + PROFILE + "\", \"description\": \"FaceVisionIT: the chip photo is a real face\","
                + " \"name\": \"" + NAME + "\", \"sex\": \"1\", \"ethnicity\": \"汉\", \"birthDate\": \"1992-03-04\","
                + " \"address\": \"北京市海淀区样例路102号\", \"idNumber\": \"" + ID_NUMBER + "\","
                + " \"issuingAuthority\": \"北京市公安局海淀分局\", \"validFrom\": \"2020-03-01\", \"validUntil\": \"2040-03-01\","
                + " \"photo\": \"" + photo + "\"}]}";
    }

    /** The test pictures and videos, made from face-api's sample photos. */
    static final class Media {
        Path still;
        Path chip;
        Path noFace;
        Path notVideo;

        static Media make(Path dir) throws Exception {
            Media m = new Media();
            BufferedImage photo;
            try (InputStream in = FaceVisionIT.class.getResourceAsStream("/org/opendmv/face/testfaces/sample1.jpg")) {
                assertTrue("the test-faces artifact of org.opendmv.face-models is on the class path", in != null);
                photo = ImageIO.read(in);
            }
            double[] box = firstFace("sample1.jpg");
            double cx = box[0] + box[2] / 2;
            double cy = box[1] + box[3] / 2;
            // the camera picture: the face about 35 % of a 640x480 frame's width, centred
            double vw = box[2] / 0.35;
            double vh = vw * 480 / 640;
            BufferedImage frame = scaled(photo, cx - vw / 2, cy - vh / 2, vw, vh, 640, 480);
            Path png = dir.resolve("still.png");
            ImageIO.write(frame, "png", png.toFile());
            m.still = dir.resolve("still.mp4");
            Commands.run(dir, Duration.ofSeconds(60), List.of("ffmpeg", "-y", "-loglevel", "error", "-loop", "1", "-i", png.toString(),
                    "-t", "8", "-r", "15", "-c:v", "mpeg4", "-q:v", "2", "-pix_fmt", "yuv420p", m.still.toString()));
            // the chip photo, at three times the chip's 102x126 (the simulated reader scales it down): head and
            // shoulders, the face about 62 % of the width
            double chw = box[2] / 0.62;
            double chh = chw * 126 / 102;
            BufferedImage chip = scaled(photo, cx - chw / 2, cy - 0.05 * box[3] - chh / 2, chw, chh, 306, 378);
            m.chip = dir.resolve("chip.jpg");
            ImageIO.write(chip, "jpg", m.chip.toFile());
            // a grey picture (no face) and a text file called .mp4
            BufferedImage grey = new BufferedImage(102, 126, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = grey.createGraphics();
            g.setColor(new Color(128, 128, 128));
            g.fillRect(0, 0, 102, 126);
            g.dispose();
            m.noFace = dir.resolve("no-face.png");
            ImageIO.write(grey, "png", m.noFace.toFile());
            m.notVideo = dir.resolve("not-a-video.mp4");
            Files.writeString(m.notVideo, "this is not a video\n");
            return m;
        }

        /** face-api's box [x, y, w, h] of the first face of a sample (bundles/face-models' reference data). */
        private static double[] firstFace(String image) throws IOException {
            Path ref = Path.of(System.getProperty("project.root", "../.."),
                    "bundles/face-models/src/test/resources/org/opendmv/face/models/faceapi-reference.json");
            String json = Files.readString(ref);
            int at = json.indexOf("\"" + image + "\"");
            Matcher b = Pattern.compile("\"box\"\\s*:\\s*\\[\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*,\\s*([\\d.]+)\\s*,\\s*([\\d.]+)")
                    .matcher(json);
            assertTrue(ref + " has " + image, at >= 0 && b.find(at));
            return new double[] {Double.parseDouble(b.group(1)), Double.parseDouble(b.group(2)), Double.parseDouble(b.group(3)),
                    Double.parseDouble(b.group(4))};
        }

        private static BufferedImage scaled(BufferedImage src, double x, double y, double w, double h, int outW, int outH) {
            BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(src, 0, 0, outW, outH, (int) x, (int) y, (int) (x + w), (int) (y + h), null);
            g.dispose();
            return out;
        }
    }
}
