package org.opendmv.itests.servers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.Test;

/** The helper starts a real PostgreSQL, keeps its data across a restart, refuses a wrong password, and stops by PID. */
public class PostgresServerTest {
    @Test
    public void startsOnAFreePortKeepsDataAcrossARestartAndStops() throws Exception {
        long pid;
        try (PostgresServer pg = PostgresServer.start(Path.of("target/pg-selftest"))) {
            assertNotEquals("never the system's port", 5432, pg.port());
            String url = pg.createDatabase("selftest");
            try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password()); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (v TEXT)");
                st.execute("INSERT INTO t VALUES ('kept')");
            }
            try {
                DriverManager.getConnection(url, pg.user(), "wrong").close();
                fail("a wrong password must be refused");
            } catch (SQLException e) {
                assertEquals("28P01", e.getSQLState());
            }
            pg.restart();
            try (Connection c = pg.connect("selftest"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM t")) {
                assertTrue(rs.next());
                assertEquals("kept", rs.getString(1));
            }
            pid = pg.pid();
            assertTrue(pid > 0);
        }
        assertFalse("the postmaster is gone after close", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
