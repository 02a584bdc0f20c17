package org.opendmv.central.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The operator's page, {@code /central/}: three static files from this bundle (HTML, CSS, a script that reads the
 * fleet API every few seconds). Nothing else is served: the names are a fixed list, so no path from the request
 * reaches the class loader. {@code /central/api/*} is the longer pattern and stays with the API servlet.
 * The script sets text only (never HTML from data); the Content-Security-Policy forbids inline and foreign scripts
 * so that a mistake there cannot run anything.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("opendmv-central-operator-page")
@HttpWhiteboardServletPattern("/central/*")
public final class OperatorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/operator.js", "operator.js",
            "/operator.css", "operator.css");
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=UTF-8",
            "operator.js", "text/javascript; charset=UTF-8",
            "operator.css", "text/css; charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            // /central → /central/ so that the page's relative links resolve under /central/
            resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
            return;
        }
        String file = FILES.get(path);
        if (file == null) {
            resp.sendError(404);
            return;
        }
        byte[] body;
        try (InputStream in = OperatorPageServlet.class.getResourceAsStream("operator/" + file)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            body = in.readAllBytes();
        }
        resp.setStatus(200);
        resp.setContentType(TYPES.get(file));
        // a new bundle version shows at the next reload
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
