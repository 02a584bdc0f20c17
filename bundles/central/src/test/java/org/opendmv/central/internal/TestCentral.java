package org.opendmv.central.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import javax.servlet.MultipartConfigElement;
import javax.servlet.Servlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.opendmv.itests.servers.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A central for a test: a real PostgreSQL (started here, on a free port, data under target/), the schema
 * migrated by Liquibase, and the real servlet in an embedded Jetty (the servlet container Pax Web runs in Karaf)
 * with the multipart settings the whiteboard gives it.
 */
final class TestCentral implements AutoCloseable {
    final PostgresServer pg;
    final PGSimpleDataSource ds = new PGSimpleDataSource();
    CentralDatabase db;
    private Server jetty;
    private int port;

    TestCentral(String name) throws Exception {
        pg = PostgresServer.start(Path.of("target", "pg-" + name));
        try {
            pg.createDatabase("central");
            ds.setUrl(pg.jdbcUrl("central"));
            ds.setUser(pg.user());
            ds.setPassword(pg.password());
            Schema.migrateOnClassPath(ds);
            db = new CentralDatabase(ds, Clock.systemDefaultZone());
        } catch (Exception e) {
            pg.close();
            throw e;
        }
    }

    /** Starts the servlet on a free port of 127.0.0.1. */
    void serve(CentralApiServlet servlet) throws Exception {
        serve(servlet, Map.of());
    }

    /** Also the other servlets of the central, by their whiteboard pattern (e.g. {@code /metrics}, {@code /central/*}). */
    void serve(CentralApiServlet servlet, Map<String, Servlet> more) throws Exception {
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        ServletHolder h = new ServletHolder(servlet);
        h.getRegistration().setMultipartConfig(new MultipartConfigElement(Path.of("target").toAbsolutePath().toString(), -1, -1,
                CentralApiServlet.IN_MEMORY));
        ctx.addServlet(h, "/central/api/*");
        more.forEach((pattern, s) -> ctx.addServlet(new ServletHolder(s), pattern));
        jetty.setHandler(ctx);
        jetty.start();
        port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Empties every table (between tests). */
    void clear() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE application_files, applications, error_events, device_states, daily_summaries, kiosks");
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (jetty != null) {
                jetty.stop();
            }
        } finally {
            pg.close();
        }
    }
}
