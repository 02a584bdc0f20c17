package org.opendmv.health.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the hall network may reach. A request from another machine gets only the hall paths (the
 * phone upload page, payment notifications) and the bare status of /api/health; everything else
 * answers 403. Requests from this machine (loopback) get everything. The peer address is the
 * socket's: no X-Forwarded-For is trusted.
 */
@Component(service = Filter.class, configurationPid = HallExposureFilter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardFilterName("opendmv-hall-exposure")
@HttpWhiteboardFilterPattern("/*")
@Designate(ocd = HallExposureFilter.Config.class)
public final class HallExposureFilter implements Filter {
    public static final String PID = "org.opendmv.http.exposure";
    static final String HEALTH = "/api/health";
    private static final Logger LOG = LoggerFactory.getLogger(HallExposureFilter.class);
    private static final Pattern IP_LITERAL = Pattern.compile(
            "[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[\\w.-]+)?\\]?");

    @ObjectClassDefinition(name = "OpenDMV HTTP exposure",
            description = "Which paths answer requests from other machines (the hall network); this machine gets everything")
    public @interface Config {
        @AttributeDefinition(name = "Hall paths", description = "Path prefixes other machines may reach: the phone upload page and,"
                + " with a real payment provider, its notifications")
        String[] hall_paths() default {"/upload/", "/payment/notify/"};

        @AttributeDefinition(name = "Hall over HTTPS only", description = "Refuse plain-HTTP requests from other machines to the hall paths"
                + " (once HTTPS is configured in etc/org.ops4j.pax.web.cfg)")
        boolean hall_https_only() default false;
    }

    private volatile List<String> hallPaths;
    private volatile boolean httpsOnly;

    @Activate
    public HallExposureFilter(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        List<String> paths = new ArrayList<>();
        // an etc/*.cfg value is one string: "/upload/, /payment/notify/"
        for (String p : String.join(",", config.hall_paths()).split(",")) {
            String t = p.trim();
            if (!t.startsWith("/") || t.equals("/")) {
                LOG.error("{}: hall.paths entry '{}' ignored: a path prefix such as /upload/ is needed", PID, t);
                continue;
            }
            paths.add(t);
        }
        hallPaths = List.copyOf(paths);
        httpsOnly = config.hall_https_only();
        LOG.info("HTTP from other machines: {} and the status of {}{}", hallPaths, HEALTH,
                httpsOnly ? ", over HTTPS only" : "");
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        switch (decide(isLoopback(req.getRemoteAddr()), path(req), req.isSecure())) {
            case PASS:
                chain.doFilter(request, response);
                return;
            case HTTPS_NEEDED:
                refuse(resp, "请使用 https:// 地址访问。 Please use the https:// address.");
                return;
            default:
                refuse(resp, "此地址不对外开放。 Not available from this network.");
        }
    }

    enum Decision { PASS, HTTPS_NEEDED, REFUSED }

    Decision decide(boolean loopback, String path, boolean secure) {
        if (loopback || HEALTH.equals(path)) {
            // /api/health itself keeps its details for loopback (HealthServlet)
            return Decision.PASS;
        }
        for (String p : hallPaths) {
            if (path.startsWith(p) || path.equals(p.substring(0, p.length() - (p.endsWith("/") ? 1 : 0)))) {
                return httpsOnly && !secure ? Decision.HTTPS_NEEDED : Decision.PASS;
            }
        }
        return Decision.REFUSED;
    }

    /** The path inside the context, decoded and normalised by the container ("/upload/../api" never gets here raw). */
    static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String info = req.getPathInfo() == null ? "" : req.getPathInfo();
        String p = servletPath + info;
        return p.isEmpty() ? "/" : p;
    }

    /** True for 127.0.0.0/8, ::1 and ::ffff:127.x; anything that is not an IP literal is not loopback. */
    public static boolean isLoopback(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isBlank() || !IP_LITERAL.matcher(remoteAddr).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(remoteAddr).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse resp, String text) throws IOException {
        resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
