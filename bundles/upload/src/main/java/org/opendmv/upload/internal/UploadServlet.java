package org.opendmv.upload.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.upload.api.PhotoNormaliser;
import org.opendmv.upload.api.PhotoRejected;
import org.opendmv.upload.api.UploadTicket;
import org.opendmv.upload.api.UploadTickets;
import org.opendmv.upload.internal.console.UploadCheckCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone side: {@code GET /upload/<ticket>} serves the page, {@code POST /upload/<ticket>}
 * takes one JPEG or PNG body. Everything the page needs comes from this bundle (no CDN). The
 * ticket is the only credential, so it never reaches a log or a Referer header.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletName("opendmv-upload")
@HttpWhiteboardServletPattern("/upload/*")
public final class UploadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UploadServlet.class);
    /** Body limit; the normaliser has its own pixel limit against decompression bombs. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    private final transient UploadTickets tickets;
    private final transient PhotoNormaliser normaliser;
    private final transient PhotoUploads uploads;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public UploadServlet(@Reference UploadTickets tickets, @Reference PhotoNormaliser normaliser, @Reference PhotoUploads uploads) {
        this.tickets = tickets;
        this.normaliser = normaliser;
        this.uploads = uploads;
    }

    private static void secure(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        secure(resp);
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (path.equals("/static/app.js") || path.equals("/static/app.css")) {
            resource(resp, path.substring("/static/".length()), path.endsWith(".js") ? "text/javascript" : "text/css");
            return;
        }
        String token = token(path);
        boolean valid = token != null && tickets.peek(token).isPresent();
        resp.setStatus(valid ? 200 : 404);
        resource(resp, valid ? "page.html" : "expired.html", "text/html");
    }

    private void resource(HttpServletResponse resp, String name, String type) throws IOException {
        try (InputStream in = UploadServlet.class.getResourceAsStream("/upload/" + name)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType(type + ";charset=utf-8");
            in.transferTo(resp.getOutputStream());
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        secure(resp);
        String token = token(req.getPathInfo() == null ? "" : req.getPathInfo());
        if (token == null) {
            answer(resp, 404, "NO_TICKET", LocalizedText.of("二维码已失效，请在自助机上重新扫码", "This QR code is no longer valid; scan the new one on the kiosk"));
            return;
        }
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (!(type.startsWith("image/jpeg") || type.startsWith("image/png"))) {
            answer(resp, 415, "WRONG_TYPE", LocalizedText.of("请上传 JPG 或 PNG 格式的照片", "Please upload a JPG or PNG photo"));
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY) {
            answer(resp, 413, "TOO_BIG", LocalizedText.of("照片文件超过 10 MB，请换一张", "The photo is larger than 10 MB; please choose another"));
            return;
        }
        Optional<UploadTicket> claimed = tickets.claim(token);
        if (claimed.isEmpty()) {
            boolean stillValid = tickets.peek(token).isPresent();
            answer(resp, stillValid ? 409 : 404, stillValid ? "BUSY" : "NO_TICKET", stillValid
                    ? LocalizedText.of("照片正在上传，请稍候", "A photo is already being uploaded; please wait")
                    : LocalizedText.of("二维码已失效，请在自助机上重新扫码", "This QR code is no longer valid; scan the new one on the kiosk"));
            return;
        }
        UploadTicket t = claimed.get();
        byte[] body = null;
        byte[] jpeg = null;
        boolean settled = false; // ticket redeemed or released
        try {
            body = read(req.getInputStream());
            if (body == null) {
                tickets.release(token);
                settled = true;
                answer(resp, 413, "TOO_BIG", LocalizedText.of("照片文件超过 10 MB，请换一张", "The photo is larger than 10 MB; please choose another"));
                return;
            }
            jpeg = normaliser.normalise(body);
            if (t.visitId().startsWith(UploadCheckCommand.CHECK_VISIT_PREFIX)) {
                // a staff test link (kiosk:upload-check): the photo passed, and is not kept
                tickets.redeem(token);
                settled = true;
                answer(resp, 200, "CHECK_OK", LocalizedText.of("测试上传成功：照片符合要求，已丢弃（不属于任何办理）",
                        "Test upload passed: the photo meets the rules and was discarded (no visit)"));
                return;
            }
            if (!uploads.deliver(t.visitId(), jpeg)) {
                tickets.redeem(token);
                settled = true;
                answer(resp, 410, "VISIT_GONE", LocalizedText.of("自助机上的办理已结束", "The visit on the kiosk has ended"));
                return;
            }
            tickets.redeem(token);
            settled = true;
            answer(resp, 200, "OK", LocalizedText.of("上传成功，请在自助机上确认照片", "Uploaded; please confirm the photo on the kiosk"));
        } catch (PhotoRejected e) {
            tickets.release(token); // before the answer: the phone may send another photo at once
            settled = true;
            uploads.rejected(t.visitId(), e.reason());
            answer(resp, DefaultPhotoNormaliser.BUSY.equals(e.code()) ? 503 : 422, e.code(), e.reason());
        } catch (OutOfMemoryError e) {
            tickets.release(token);
            settled = true;
            // one photo too much for the heap just now; the kiosk goes on, the phone may send it again
            LOG.error("Photo upload for visit {}: out of memory while normalising", t.visitId());
            answer(resp, 503, DefaultPhotoNormaliser.BUSY, LocalizedText.of("系统繁忙，请稍后再上传",
                    "The kiosk is busy; please upload again in a moment."));
        } catch (RuntimeException e) {
            tickets.release(token);
            settled = true;
            LOG.error("Photo upload for visit {} failed", t.visitId(), e);
            answer(resp, 500, "FAILED", LocalizedText.of("上传失败，请重试", "The upload failed; please try again"));
        } finally {
            // any other way out (a broken connection, another Error): the ticket is not left claimed
            if (!settled) {
                tickets.release(token);
            }
            // the original upload is discarded; the visit keeps only the normalised photo
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
            if (jpeg != null) {
                Arrays.fill(jpeg, (byte) 0);
            }
        }
    }

    /** The body, or null when it is longer than the limit (whatever Content-Length said). */
    static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        long total = 0;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_BODY) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static String token(String path) {
        String t = path.startsWith("/") ? path.substring(1) : path;
        return TicketStore.wellFormed(t) ? t : null;
    }

    private void answer(HttpServletResponse resp, int status, String code, LocalizedText text) throws IOException {
        ObjectNode o = json.createObjectNode();
        o.put("ok", status == 200);
        o.put("code", code);
        o.put("zh", text.zh());
        o.put("en", text.en());
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.getOutputStream().write(json.writeValueAsString(o).getBytes(StandardCharsets.UTF_8));
    }
}
