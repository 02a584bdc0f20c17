package org.opendmv.itests.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's package, {@code /usr/lib/postgresql/<major>/bin}) for one test: a
 * fresh cluster made by {@code initdb} in a private directory, {@code postgres} on a free port of
 * 127.0.0.1 (never 5432, never the system's service), password authentication (SCRAM) over TCP for one
 * superuser, and the process stopped by its PID at {@link #close()} (fast shutdown, then a kill).
 *
 * <p><b>Running as root</b> (CI containers): PostgreSQL refuses to run as root. The data directory is then
 * given to {@code nobody:nogroup} and {@code initdb} and {@code postgres} are started through
 * {@code setpriv --reuid=nobody --regid=nogroup --clear-groups} — like {@code runuser -u nobody}, but
 * {@code setpriv} replaces itself with the program instead of forking, so the PID this class holds is the
 * postmaster's own and stopping it by PID stops the server. Set {@code OPENDMV_PG_BIN} to use another
 * installation's bin directory.
 *
 * <p>Usage: {@code try (PostgresServer pg = PostgresServer.start(Path.of("target/pg"))) { String url =
 * pg.createDatabase("central"); ... }}. The server log is {@code <dir>/postgres.log}; as root the cluster is
 * in a temp directory named by {@code <dir>/where.txt} (see above), removed at {@link #close()}.
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser created by initdb. */
    public static final String USER = "opendmv";
    private static final int NOBODY = 65534;

    private final Path dir;
    private final Path data;
    private final int port;
    private final String password;
    private Process process;
    private boolean temporaryHome;

    private PostgresServer(Path dir, int port, String password) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.password = password;
    }

    /**
     * Makes a new cluster under {@code dir} (which must not hold one already: it is emptied) and starts it.
     * Returns once the server accepts connections.
     */
    public static PostgresServer start(Path dir) throws IOException, InterruptedException {
        Path abs = dir.toAbsolutePath();
        deleteTree(abs);
        Files.createDirectories(abs);
        Path home = abs;
        if (root()) {
            // nobody must reach its files: a checkout under a mode-700 directory (mktemp -d, a home directory)
            // is out of its reach, so the cluster lives in a temp directory of its own, removed at close
            home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "opendmv-pg-");
            Files.writeString(abs.resolve("where.txt"), home + "\n", StandardCharsets.UTF_8);
        }
        byte[] pw = new byte[18];
        new SecureRandom().nextBytes(pw);
        PostgresServer pg = new PostgresServer(home, freePort(), HexFormat.of().formatHex(pw));
        pg.temporaryHome = root();
        try {
            pg.initdb();
            pg.launch();
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** The directory holding Debian's PostgreSQL programs: {@code OPENDMV_PG_BIN}, else the newest /usr/lib/postgresql/N/bin. */
    public static Path binDir() {
        String env = System.getenv("OPENDMV_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env.trim());
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+") && Files.isExecutable(p.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/N/bin/postgres):"
                            + " apt-get install -y postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed (" + root + " unreadable): apt-get install -y postgresql", e);
        }
    }

    /** True when this process runs as root and the servers must be started as {@code nobody}. */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void initdb() throws IOException, InterruptedException {
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (root()) {
            chown(dir);
        }
        List<String> cmd = asServerUser(binDir().resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        Path log = dir.resolve("initdb.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("initdb did not finish within 120 s; see " + log);
        }
        Files.deleteIfExists(pwfile);
        if (p.exitValue() != 0) {
            throw new IOException("initdb failed (exit " + p.exitValue() + "): " + tail(log));
        }
    }

    private void launch() throws IOException, InterruptedException {
        Path log = dir.resolve("postgres.log");
        // a unix socket directory of its own (not /var/run/postgresql); fsync off: a test server, its data is thrown away
        List<String> cmd = asServerUser(binDir().resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                "-c", "max_connections=60", "-c", "shared_buffers=32MB");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("postgres exited (" + process.exitValue() + ") at start: " + tail(log));
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("postgres did not accept connections on port " + port + " within 60 s: "
                + (last == null ? "" : last.getMessage()) + "; " + tail(log));
    }

    private static List<String> asServerUser(String... command) {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void chown(Path p) throws IOException, InterruptedException {
        Process c = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, p.toString()).redirectErrorStream(true).start();
        String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (c.waitFor() != 0) {
            throw new IOException("chown " + p + " failed: " + out);
        }
    }

    /** Creates a database owned by {@link #USER} and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database name: lower-case letters, digits, _");
        }
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} (user {@link #USER}, {@link #password()}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new connection to {@code database} as {@link #USER}. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The postmaster's PID (for a test that kills it), or -1 when not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Fast shutdown (SIGINT to the postmaster: sessions are ended, data kept), a kill after 30 s. */
    public void stop() throws InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            p.destroy();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the same cluster again (after {@link #stop()}), on the same port. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
            Thread.currentThread().interrupt();
        }
        if (temporaryHome && (process == null || !process.isAlive())) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                // a test server's throw-away files: left in the temp directory
            }
        }
    }

    /** A free TCP port on 127.0.0.1 (never a well-known server port). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
