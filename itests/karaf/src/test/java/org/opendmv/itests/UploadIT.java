package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The phone upload over real HTTP in the running distribution: a visit at its PHOTO step, its
 * one-time URL, and everything a phone (or an attacker) might send to it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UploadIT extends KioskTestSupport {
    @Inject
    SessionManager sessions;
    @Inject
    org.osgi.service.cm.ConfigurationAdmin configAdmin;
    @Inject
    org.opendmv.engine.api.BusinessRegistry registry;

    private Session visit;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(Arrays.asList(super.config()));
        o.add(editConfigurationFilePut("etc/org.opendmv.devices.sim.cfg", "default.latency.ms", "20"));
        o.add(editConfigurationFilePut("etc/org.opendmv.upload.cfg", "public.base.url", "http://127.0.0.1:" + httpPort()));
        return o.toArray(new Option[0]);
    }

    @After
    public void endVisit() throws Exception {
        if (visit != null) {
            try {
                visit.cancel();
            } catch (IllegalStateException e) {
                // ended
            }
        }
        console("kiosk:sim card-remove");
    }

    /** A dl-renewal visit at its PHOTO step; returns the URL the QR code would show. */
    private String visitAtPhoto() throws Exception {
        await("dl-renewal deployed", 60_000, () -> registry.business("dl-renewal").isPresent());
        console("kiosk:sim card-insert adult-male");
        visit = sessions.start("dl-renewal", Locale.SIMPLIFIED_CHINESE);
        Session s = visit;
        await("card read", 30_000, () -> "CONSENT".equals(s.data().get("identify.phase")));
        s.submit(Map.of("consent", true));
        await("the form", 30_000, () -> s.data().containsKey("form.prefilled"));
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("delivery", "onsite");
        s.data().forEach((k, v) -> {
            if (k.startsWith("form.") && !k.equals("form.prefilled") && v instanceof String) {
                form.putIfAbsent(k.substring(5), v);
            }
        });
        s.submit(form);
        await("the photo step with its upload URL", 30_000, () -> s.data().get("photo.url") != null);
        return (String) s.data().get("photo.url");
    }

    @Test
    public void thePhonePageIsServedWithoutLeakingTheTicket() throws Exception {
        String url = visitAtPhoto();
        assertTrue(url, url.matches("http://127\\.0\\.0\\.1:" + System.getProperty("opendmv.test.http.port") + "/upload/[A-Za-z0-9_-]{43}"));
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        assertEquals(200, c.getResponseCode());
        assertEquals("no-referrer", c.getHeaderField("Referrer-Policy"));
        assertTrue(c.getHeaderField("Content-Security-Policy").contains("default-src 'none'"));
        String page = new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(page.contains("上传驾驶证照片") && page.contains("static/app.js"));
        assertFalse("no external resources", page.contains("http://") || page.contains("https://"));
        assertEquals(200, PhoneCamera.get(url.replaceAll("/upload/.*", "/upload/static/app.js")).status);
    }

    @Test
    public void badUploadsGetTheRightStatusAndNothingIsStored() throws Exception {
        String url = visitAtPhoto();
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        // a guessed or malformed ticket, path traversal
        assertEquals(404, PhoneCamera.post(base + "A".repeat(43), "image/jpeg", PhoneCamera.portrait(java.awt.Color.WHITE)).status);
        int traversal = PhoneCamera.post(base + "..%2F..%2Fetc%2Fpasswd", "image/jpeg", new byte[] {1}).status;
        assertTrue("path traversal: " + traversal, traversal == 400 || traversal == 404);
        assertEquals(404, PhoneCamera.get(base + "not-a-ticket").status);
        // wrong content type, multipart with a hostile file name
        PhoneCamera.Response type = PhoneCamera.post(url, "text/plain", "hello".getBytes());
        assertEquals(415, type.status);
        assertTrue(type.body.contains("JPG"));
        assertEquals(415, PhoneCamera.post(url, "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../etc/passwd\"\r\n\r\nx\r\n--x--".getBytes()).status);
        // over 10 MB
        assertEquals(413, PhoneCamera.post(url, "image/jpeg", new byte[10 * 1024 * 1024 + 1]).status);
        // not an image, truncated, a 50,000 x 50,000 PNG bomb
        PhoneCamera.Response notImage = PhoneCamera.post(url, "image/jpeg", "%PDF-1.4 not a photo".getBytes());
        assertEquals(422, notImage.status);
        assertTrue(notImage.body, notImage.body.contains("NOT_AN_IMAGE"));
        byte[] good = PhoneCamera.portrait(java.awt.Color.WHITE);
        PhoneCamera.Response cut = PhoneCamera.post(url, "image/jpeg", Arrays.copyOf(good, good.length / 3));
        assertEquals(cut.body, 422, cut.status);
        PhoneCamera.Response bomb = PhoneCamera.post(url, "image/png", pngBomb());
        assertEquals(bomb.body, 422, bomb.status);
        assertTrue(bomb.body, bomb.body.contains("TOO_LARGE"));
        assertFalse("nothing reached the visit", visit.data().containsKey("photo.jpeg"));
        // the ticket survived the rejections; two phones at once: exactly one wins
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> both = List.of(() -> PhoneCamera.post(url, "image/jpeg", good).status,
                () -> PhoneCamera.post(url, "image/jpeg", good).status);
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(both)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertEquals(statuses.toString(), 1, statuses.stream().filter(x -> x == 200).count());
        assertTrue(statuses.toString(), statuses.stream().allMatch(x -> x == 200 || x == 409 || x == 404));
        // the photo arrived normalised; the ticket is used up
        Session s = visit;
        await("the photo in the visit", 10_000, () -> s.data().get("photo.jpeg") instanceof byte[]);
        byte[] jpeg = (byte[]) s.data().get("photo.jpeg");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertEquals(260, img.getWidth());
        assertEquals(378, img.getHeight());
        assertTrue(jpeg.length + " bytes", jpeg.length <= 30 * 1024);
        assertEquals(404, PhoneCamera.post(url, "image/jpeg", good).status);
        // retry on the kiosk: a new ticket, the old one stays dead
        s.submit(Map.of("retry", true));
        await("a new URL", 10_000, () -> s.data().get("photo.url") != null && !url.equals(s.data().get("photo.url")));
        assertEquals(404, PhoneCamera.get(url).status);
        assertEquals(200, PhoneCamera.get((String) s.data().get("photo.url")).status);
        // the visit ends: its ticket dies with it
        String last = (String) s.data().get("photo.url");
        s.cancel();
        assertEquals(404, PhoneCamera.get(last).status);
    }

    /** Staff check the phone path with a link that belongs to no visit: checked, answered, discarded. */
    @Test
    public void staffTestLinksCheckThePhotoAndKeepNothing() throws Exception {
        int visitsBefore = sessions.sessions().size();
        String out = console("kiosk:upload-check --count 2");
        List<String> links = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("http")) {
                links.add(line.trim());
            }
        }
        assertEquals(out, 2, links.size());
        assertTrue(out, out.contains("each usable once"));
        PhoneCamera.Response blue = PhoneCamera.post(links.get(0), "image/jpeg", PhoneCamera.portrait(new java.awt.Color(40, 90, 200)));
        assertEquals(blue.body, 422, blue.status);
        assertTrue(blue.body, blue.body.contains("BACKGROUND"));
        PhoneCamera.Response ok = PhoneCamera.post(links.get(0), "image/jpeg", PhoneCamera.portrait(java.awt.Color.WHITE));
        assertEquals(ok.body, 200, ok.status);
        assertTrue(ok.body, ok.body.contains("CHECK_OK") && ok.body.contains("已丢弃"));
        assertEquals("used once", 404, PhoneCamera.post(links.get(0), "image/jpeg", PhoneCamera.portrait(java.awt.Color.WHITE)).status);
        assertEquals("the other link still works", 200, PhoneCamera.get(links.get(1)).status);
        assertEquals("no visit was started", visitsBefore, sessions.sessions().size());
        String bad = console("kiosk:upload-check --count 0");
        assertTrue(bad, bad.contains("--count must be between 1 and 1000"));
    }

    /** A link left too long (the shortest lifetime an integrator may set, 30 s) stops working. */
    @Test
    public void anExpiredTicketIsRefusedWithAClearMessage() throws Exception {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("org.opendmv.upload", null);
        java.util.Dictionary<String, Object> old = cfg.getProperties();
        java.util.Hashtable<String, Object> shortLived = new java.util.Hashtable<>();
        if (old != null) {
            for (java.util.Enumeration<String> k = old.keys(); k.hasMoreElements();) {
                String key = k.nextElement();
                shortLived.put(key, old.get(key));
            }
        }
        shortLived.put("ttl.seconds", 30);
        cfg.update(shortLived);
        try {
            await("the 30 s lifetime in force", 10_000, () -> {
                try {
                    String out = console("kiosk:upload-check");
                    return out.contains("for 30 s") || out.contains("for 29 s");
                } catch (Exception e) {
                    return false;
                }
            });
            String link = console("kiosk:upload-check").lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow();
            assertEquals(200, PhoneCamera.get(link).status);
            Thread.sleep(31_000);
            PhoneCamera.Response late = PhoneCamera.post(link, "image/jpeg", PhoneCamera.portrait(java.awt.Color.WHITE));
            assertEquals(late.body, 404, late.status);
            assertTrue(late.body, late.body.contains("失效"));
            PhoneCamera.Response page = PhoneCamera.get(link);
            assertTrue(page.status + " " + page.body, page.body.contains("失效") || page.body.contains("过期"));
        } finally {
            if (old == null) {
                cfg.delete();
            } else {
                cfg.update(old);
            }
        }
    }

    /** A tiny PNG whose header claims 50,000 x 50,000 pixels. */
    static byte[] pngBomb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(50_000);
        d.writeInt(50_000);
        d.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws Exception {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
