package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The citizen's side of the PHOTO step, end to end, on the running distribution: a real visit is
 * walked on the touch screen (Xvfb) to the PHOTO step, the QR code is read off a screenshot, and a
 * phone-sized headless Chromium opens it, is refused a photo on a blue background (and says why,
 * as the kiosk does), then uploads a good one; the kiosk shows the normalised photo, the citizen
 * accepts it and the visit moves on to SIGN. The used link then shows the "expired" page.
 */
public class PhoneBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern SCREEN = Pattern.compile("screen (\\S+)");
    private static KioskProcess kiosk;
    private static Path shots;

    @BeforeClass
    public static void startKiosk() throws Exception {
        if (System.getenv("DISPLAY") == null) {
            throw new IllegalStateException("the touch UI needs a display: run ./kiosk test (it starts Xvfb) or set DISPLAY");
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("no headless browser: apt-get install -y chromium chromium-driver (./kiosk test does this)");
        }
        shots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"), "phone");
        Files.createDirectories(shots);
        kiosk = KioskProcess.unpack("phone");
        kiosk.start();
    }

    @AfterClass
    public static void stopKiosk() throws Exception {
        if (kiosk != null) {
            kiosk.close();
        }
    }

    @Test
    public void aPhoneSizedBrowserCompletesThePhotoStepOfARealVisit() throws Exception {
        toScreen("home");
        tap("home.vehicle-office");
        tap("category.driver-licence");
        tap("business.dl-renewal");
        awaitScreen("visit:IDENTIFY");
        kiosk.shell("kiosk:sim card-insert adult-male");
        awaitId("identify.agree");
        tap("identify.agree");
        awaitScreen("visit:FORM");
        awaitId("form.next");
        // the contact details come pre-filled from the records; only the delivery is asked
        KioskProcess.await("pre-filled form", Duration.ofSeconds(20), () -> ids().stream().anyMatch(i -> i.endsWith(".prefilled")));
        tap("form.delivery.onsite");
        tap("form.next");
        awaitScreen("visit:PHOTO");
        awaitId("photo.qr");
        Path kioskShot = screenshot("kiosk-photo-qr.png");
        String url = readQr(kioskShot);
        assertTrue(url, url.matches("http://127\\.0\\.0\\.1:" + kiosk.httpPort + "/upload/[A-Za-z0-9_-]{43}"));

        Path blue = photo("blue.jpg", new Color(40, 90, 200));
        Path good = photo("good.jpg", Color.WHITE);
        WebDriver phone = phone();
        try {
            phone.get(url);
            WebElement h1 = phone.findElement(By.tagName("h1"));
            assertEquals("上传驾驶证照片", h1.getText());
            assertEquals("a phone-sized viewport", 390L, ((Number) ((org.openqa.selenium.JavascriptExecutor) phone)
                    .executeScript("return window.innerWidth")).longValue());
            // English on request, and back
            phone.findElement(By.id("lang")).click();
            assertEquals("Upload your licence photo", h1.getText());
            phoneShot(phone, "phone-page-en.png");
            phone.findElement(By.id("lang")).click();
            assertEquals("上传驾驶证照片", h1.getText());
            phoneShot(phone, "phone-page.png");
            assertTrue("nothing to send before a photo is chosen", !phone.findElement(By.id("send")).isEnabled());

            // a photo on a blue background: refused with the reason, on the phone and on the kiosk
            upload(phone, blue);
            WebElement result = phone.findElement(By.id("result"));
            new WebDriverWait(phone, Duration.ofSeconds(30)).until(d -> "error".equals(result.getAttribute("class")));
            assertTrue(result.getText(), result.getText().contains("背景"));
            phoneShot(phone, "phone-rejected.png");
            awaitId("photo.error");
            assertTrue(kiosk.shell("kiosk:ui --text"), kiosk.shell("kiosk:ui --text").contains("背景"));
            screenshot("kiosk-photo-rejected.png");

            // the same link, a good photo
            upload(phone, good);
            new WebDriverWait(phone, Duration.ofSeconds(30)).until(d -> "ok".equals(result.getAttribute("class")));
            assertTrue(result.getText(), result.getText().contains("上传成功"));
            assertTrue("the picker is gone once the photo is in", !phone.findElement(By.id("pick-label")).isDisplayed());
            phoneShot(phone, "phone-uploaded.png");

            // the kiosk shows the normalised photo for acceptance; accepting moves the visit on
            awaitId("photo.accept");
            screenshot("kiosk-photo-review.png");
            tap("photo.accept");
            awaitScreen("visit:SIGN");
            screenshot("kiosk-sign.png");

            // the link was used up: opening it again says so
            phone.get(url);
            String page = phone.findElement(By.tagName("body")).getText();
            assertTrue(page, page.contains("失效") || page.contains("过期"));
            phoneShot(phone, "phone-link-used.png");
        } finally {
            phone.quit();
            tapIfShown("visit.cancel");
            kiosk.shell("kiosk:sim card-remove");
        }
        // the visit ended without a submission: the kiosk holds no photo of it
        String apps = kiosk.shell("kiosk:sessions");
        assertTrue(apps, apps.contains("0 active visit(s)"));
    }

    private static WebDriver phone() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        Path profile = Files.createTempDirectory("opendmv-phone-");
        // flags from the machine notes: no sandbox as root, no background traffic on a closed network
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=zh-CN", "--user-data-dir=" + profile);
        o.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 3.0),
                "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/156.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.50"));
        o.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return d;
    }

    /** Chooses the file in the page's picker and presses Upload, as a thumb would. */
    private static void upload(WebDriver phone, Path file) {
        phone.findElement(By.id("pick")).sendKeys(file.toAbsolutePath().toString());
        WebElement send = phone.findElement(By.id("send"));
        new WebDriverWait(phone, Duration.ofSeconds(10)).until(d -> send.isEnabled());
        assertTrue("the preview shows the chosen photo", phone.findElement(By.id("preview")).isDisplayed());
        send.click();
    }

    private static void phoneShot(WebDriver phone, String name) throws Exception {
        File f = ((ChromeDriver) phone).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), shots.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A synthetic 1200×1600 head-and-shoulders photo on the given background, as a phone camera gives. */
    /**
     * A 1200×1600 phone photo: a woman of face-api's MIT sample photo (sample6, second from the left; face box from
     * face-api's own detector) cut out in front of a wall of the given colour, framed as a citizen would take it, so
     * that the licence-photo face rules (FLOWS.md §5) find one well-sized face and only the background decides.
     */
    private static Path photo(String name, Color background) throws Exception {
        BufferedImage group;
        try (var in = PhoneBrowserIT.class.getResourceAsStream("/org/opendmv/face/testfaces/sample6.jpg")) {
            group = ImageIO.read(in);
        }
        double bx = 681, by = 321, bw = 160, bh = 307; // face box in sample6
        int w = 1200;
        int h = 1600;
        double s = w / (bw * 3.4);
        double fx = 0.5 * w;
        double fy = 0.2 * h;
        double fw = bw * s;
        double fh = bh * s;
        // head and hair from above the forehead to below the chin, then the shoulders
        java.awt.geom.Area person = new java.awt.geom.Area(new java.awt.geom.Ellipse2D.Double(fx - fw * 0.75, fy - fh * 0.3, fw * 1.5, fh * 1.45));
        person.add(new java.awt.geom.Area(new java.awt.geom.Ellipse2D.Double(fx - fw * 1.6, fy + fh * 0.95, fw * 3.2, fh * 2)));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setClip(person);
        g.drawImage(group, (int) Math.round(fx - bx * s - bw * s / 2), (int) Math.round(fy - by * s),
                (int) Math.round(group.getWidth() * s), (int) Math.round(group.getHeight() * s), null);
        g.dispose();
        Path p = shots.resolve(name);
        ImageIO.write(img, "jpg", p.toFile());
        return p;
    }

    // --- the touch screen, through the console (kiosk:ui) ---

    private static String screen() throws Exception {
        Matcher m = SCREEN.matcher(kiosk.shell("kiosk:ui"));
        return m.find() ? m.group(1) : "";
    }

    private static List<String> ids() {
        try {
            String out = kiosk.shell("kiosk:ui --ids");
            String[] lines = out.split("\n");
            return lines.length < 2 ? List.of() : List.of(lines[1].trim().split(" "));
        } catch (Exception e) {
            return List.of();
        }
    }

    private static void tap(String id) throws Exception {
        awaitId(id);
        String out = kiosk.shell("kiosk:ui --tap " + id);
        assertTrue(out, !out.contains("No control"));
    }

    private static void tapIfShown(String id) throws Exception {
        if (ids().contains(id)) {
            kiosk.shell("kiosk:ui --tap " + id);
        }
    }

    private static void awaitId(String id) throws Exception {
        KioskProcess.await(id + " on screen", Duration.ofSeconds(30), () -> ids().contains(id));
    }

    private static void awaitScreen(String s) throws Exception {
        KioskProcess.await("screen " + s, Duration.ofSeconds(30), () -> {
            try {
                return screen().equals(s);
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** From the attract loop (or a leftover result screen) to the home screen. */
    private static void toScreen(String target) throws Exception {
        try {
            KioskProcess.await("the touch UI", Duration.ofSeconds(60), () -> {
                try {
                    return !screen().isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; kiosk:ui says: " + kiosk.shell("kiosk:ui") + "\nlog:\n"
                    + kiosk.log().lines().filter(l -> l.contains("UI") || l.contains("ERROR")).reduce("", (a, b) -> a + b + "\n"));
        }
        for (int i = 0; i < 5 && !screen().equals(target); i++) {
            String s = screen();
            if (s.equals("attract")) {
                kiosk.shell("kiosk:ui --tap attract.start");
            } else if (s.equals("ended")) {
                kiosk.shell("kiosk:ui --tap result.home");
            }
            Thread.sleep(500);
        }
        awaitScreen(target);
    }

    private static Path screenshot(String name) throws Exception {
        Path p = shots.resolve(name).toAbsolutePath();
        String out = kiosk.shell("kiosk:ui --screenshot " + p);
        assertTrue(out, out.contains("Screenshot saved"));
        return p;
    }

    /** As a phone: from a little nearer or farther until a frame reads (ZXing misreads some codes at one scale). */
    private static String readQr(Path png) throws Exception {
        BufferedImage full = ImageIO.read(png.toFile());
        Exception first = null;
        for (double scale : new double[] {1.0, 0.9, 0.8, 0.75, 0.66, 0.5}) {
            int w = (int) Math.round(full.getWidth() * scale);
            int h = (int) Math.round(full.getHeight() * scale);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(full, 0, 0, w, h, null);
            g.dispose();
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(img)))).getText();
            } catch (com.google.zxing.ReaderException e) {
                first = first == null ? e : first;
            }
        }
        throw new AssertionError("no QR code readable in " + png + " at any distance", first);
    }
}
