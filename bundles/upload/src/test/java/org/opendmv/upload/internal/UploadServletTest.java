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
}
