package org.opendmv.upload.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.upload.api.PhotoNormaliser;
import org.opendmv.upload.api.UploadTicket;

/** The phone's POST with a normaliser that fails badly: the ticket is never left claimed. */
public class UploadServletTest {
    private final TicketStore tickets = new TicketStore(TicketStoreTest.config(300, "http://192.0.2.7:18080"));
    private final PhotoUploads uploads = new PhotoUploads(proxy(SessionManager.class, Map.of("session", Optional.empty())), tickets);

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> m.getName().equals("toString") ? type.getSimpleName() : answers.get(m.getName()));
    }

    /** A POST of {@code body} to the ticket's path; returns status and JSON answer. */
    private static String[] post(UploadServlet servlet, String token, InputStream body) throws IOException {
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return body.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return body.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        Map<String, Object> req = new HashMap<>();
        req.put("getPathInfo", "/" + token);
        req.put("getContentType", "image/jpeg");
        req.put("getContentLengthLong", -1L);
        req.put("getInputStream", in);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        int[] status = {200};
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus":
                            status[0] = (Integer) args[0];
                            return null;
                        case "getOutputStream":
                            return out;
                        default:
                            return null;
                    }
                });
        servlet.doPost(proxy(HttpServletRequest.class, req), resp);
        return new String[] {String.valueOf(status[0]), bytes.toString(StandardCharsets.UTF_8)};
    }

    private static final byte[] JPEG_START = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};

    @Test
    public void outOfMemoryWhileNormalisingAnswersBusyAndFreesTheTicket() throws Exception {
        PhotoNormaliser exploding = upload -> {
            throw new OutOfMemoryError("Java heap space (test)");
        };
        UploadTicket t = tickets.issue("visit-1");
        String[] answer = post(new UploadServlet(tickets, exploding, uploads), t.token(), new ByteArrayInputStream(JPEG_START));
        assertEquals("503", answer[0]);
        assertTrue(answer[1], answer[1].contains("SERVER_BUSY") && answer[1].contains("系统繁忙"));
        assertTrue("the phone may send again at once", tickets.claim(t.token()).isPresent());
    }

    @Test
    public void anyOtherErrorStillFreesTheTicket() throws Exception {
        PhotoNormaliser broken = upload -> {
            throw new StackOverflowError("test");
        };
        UploadTicket t = tickets.issue("visit-2");
        try {
            post(new UploadServlet(tickets, broken, uploads), t.token(), new ByteArrayInputStream(JPEG_START));
        } catch (StackOverflowError expected) {
            // the container answers 500
        }
        assertTrue(tickets.claim(t.token()).isPresent());
    }

    @Test
    public void aConnectionBrokenDuringTheUploadFreesTheTicket() throws Exception {
        PhotoNormaliser unused = upload -> {
            throw new AssertionError("not reached");
        };
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by peer (test)");
            }
        };
        UploadTicket t = tickets.issue("visit-3");
        try {
            post(new UploadServlet(tickets, unused, uploads), t.token(), broken);
        } catch (IOException expected) {
            // nothing to answer on a dead connection
        }
        assertTrue(tickets.claim(t.token()).isPresent());
    }

    @Test
    public void aPhotoRefusedByTheFaceRulesShowsTheReasonOnThePhoneAndTheKiosk() throws Exception {
        java.util.List<Map<String, Object>> kiosk = new java.util.ArrayList<>();
        org.opendmv.engine.api.Session session = (org.opendmv.engine.api.Session) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.opendmv.engine.api.Session.class}, (p, m, args) -> {
                    if (m.getName().equals("submit")) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> input = (Map<String, Object>) args[0];
                        kiosk.add(input);
                    }
                    return m.getName().equals("toString") ? "Session" : null;
                });
        PhotoUploads toKiosk = new PhotoUploads(proxy(SessionManager.class, Map.of("session", Optional.of(session))), tickets);
        DefaultPhotoNormaliser normaliser = new DefaultPhotoNormaliser(TestPhotos.config());
        normaliser.setFaceCheck(new org.opendmv.face.internal.photo.FaceLicencePhotoCheck(
                new org.opendmv.face.internal.onnx.OnnxFaceAnalyzer(null, 0.6, 1)));
        // white wall and dark shoulders, nobody's face
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(900, 1200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(TestPhotos.WHITE_WALL);
        g.fillRect(0, 0, 900, 1200);
        g.setColor(new java.awt.Color(34, 40, 58));
        g.fillOval(-90, 880, 1080, 840);
        g.dispose();
        UploadTicket t = tickets.issue("visit-4");
        String[] answer = post(new UploadServlet(tickets, normaliser, toKiosk), t.token(),
                new ByteArrayInputStream(TestPhotos.jpeg(img, 0.9f)));
        assertEquals("422", answer[0]);
        assertTrue(answer[1], answer[1].contains("\"code\":\"NO_FACE\"") && answer[1].contains("没有找到人脸"));
        assertEquals(1, kiosk.size());
        org.opendmv.business.api.LocalizedText shown = (org.opendmv.business.api.LocalizedText) kiosk.get(0).get("upload.rejected");
        assertEquals("照片中没有找到人脸，请正对镜头、露出整张脸重新拍摄", shown.zh());
        assertTrue("the phone may send another photo at once", tickets.claim(t.token()).isPresent());
    }
}
