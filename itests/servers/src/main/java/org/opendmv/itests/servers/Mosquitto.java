package org.opendmv.itests.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian mosquitto broker for one test: {@code mosquitto -c FILE} with {@code listener PORT 127.0.0.1}
 * on a free port, {@code allow_anonymous false}, a {@code password_file} made with {@code mosquitto_passwd -b},
 * persistence in a private directory. Started as a child process and stopped by its PID ({@link #stop()},
 * {@link #kill()}); {@link #start()} again reuses port and data, so a test can take the broker away and bring
 * it back. Never the system service, never port 1883.
 *
 * <p>When the tests run as root the configuration says {@code user root}: mosquitto would otherwise drop to
 * the {@code mosquitto} user, which cannot read the password file under {@code target/}.
 *
 * <p>Use in a {@code try}-with-resources or an {@code @After}: {@link #close()} stops the process also when the
 * test failed.
 */
public final class Mosquitto implements AutoCloseable {

    /** Debian's binaries (package {@code mosquitto}). */
    public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    public static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Path dir;
    private final int port;
    private final Map<String, String> users;
    private final List<String> extraConfig = new ArrayList<>();
    private Process process;
    private TestCa tls;

    private Mosquitto(Path dir, int port, Map<String, String> users) {
        this.dir = dir;
        this.port = port;
        this.users = users;
    }

    /**
     * A broker (not started yet) with its files in {@code dir} (created; e.g. {@code target/mosquitto-<test>})
     * and these username → password pairs.
     */
    public static Mosquitto in(Path dir, Map<String, String> users) {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException(MOSQUITTO + " is missing: apt-get install mosquitto (see ./kiosk TEST_PACKAGES)");
        }
        return new Mosquitto(dir.toAbsolutePath(), freePort(), new LinkedHashMap<>(users));
    }

    /** Adds a line to the broker configuration, e.g. TLS settings for the listener; call before {@link #start()}. */
    public Mosquitto config(String line) {
        extraConfig.add(line);
        return this;
    }

    /**
     * Makes the listener speak TLS only, with the server certificate of {@code ca}; clients then connect to
     * {@link #sslUrl()}. Call before {@link #start()}.
     */
    public Mosquitto tls(TestCa ca) {
        tls = ca;
        return this;
    }

    /** {@code ssl://127.0.0.1:PORT}, for a broker with {@link #tls(TestCa)}. */
    public String sslUrl() {
        return "ssl://127.0.0.1:" + port;
    }

    /** Starts (or restarts after {@link #stop()}) the broker and waits until it accepts connections. */
    public synchronized Mosquitto start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            Path passwd = dir.resolve("passwd");
            Files.deleteIfExists(passwd);
            Files.writeString(passwd, "");
            for (Map.Entry<String, String> u : users.entrySet()) {
                run(List.of(MOSQUITTO_PASSWD.toString(), "-b", passwd.toString(), u.getKey(), u.getValue()));
            }
            List<String> conf = new ArrayList<>();
            conf.add("listener " + port + " 127.0.0.1");
            if (tls != null) {
                conf.add("certfile " + tls.serverCert());
                conf.add("keyfile " + tls.serverKey());
            }
            conf.add("allow_anonymous false");
            conf.add("password_file " + passwd);
            conf.add("persistence true");
            conf.add("persistence_location " + dir.resolve("data") + "/");
            conf.add("log_dest stdout");
            conf.add("log_type error");
            conf.add("log_type warning");
            conf.add("log_type notice");
            conf.add("log_type information");
            conf.add("connection_messages true");
            conf.add("user " + System.getProperty("user.name"));
            conf.addAll(extraConfig);
            Path confFile = dir.resolve("mosquitto.conf");
            Files.write(confFile, conf, StandardCharsets.UTF_8);
            process = new ProcessBuilder(MOSQUITTO.toString(), "-c", confFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!accepts()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ", see "
                            + dir.resolve("mosquitto.log"));
                }
                if (System.nanoTime() > deadline) {
                    stop();
                    throw new IllegalStateException("mosquitto did not listen on " + port + " within 15 s");
                }
                Thread.sleep(50);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker with SIGTERM (it saves its persistence) and waits for it; no-op if not running. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the broker with SIGKILL, as a crash or a pulled cable would. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean force) {
        Process p = process;
        process = null;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker's process id (for logs and tests), -1 when not running. */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, the URL a Paho client takes. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** The broker's log so far (connections, refused logins), for assertions and failure messages. */
    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed: " + out);
        }
    }

    /** A TCP port free on the loopback interface right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
