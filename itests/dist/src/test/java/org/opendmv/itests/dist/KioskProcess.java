package org.opendmv.itests.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * The kiosk as an operator runs it: the distribution unpacked into a temporary folder, every port
 * a free one (never Karaf's defaults), started with {@code bin/karaf server} in its own JVM, and
 * driven through its SSH console with the console user the first start generates. {@link #kill()}
 * is SIGKILL, so what survives it is what survives a power cut.
 */
final class KioskProcess implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("(?m)^password=(.+)$");

    final Path home;
    final int sshPort;
    final int httpPort;
    private final int rmiRegistryPort;
    private final int rmiServerPort;
    private final List<String> extraOpts = new ArrayList<>();
    private boolean headless;
    private Process launcher;
    private ProcessHandle java;
    private SshClient ssh;
    private String password;

    private KioskProcess(Path home) throws IOException {
        this.home = home;
        this.sshPort = freePort();
        this.httpPort = freePort();
        this.rmiRegistryPort = freePort();
        this.rmiServerPort = freePort();
    }

    /** Unpacks the distribution named by the {@code kiosk.tar} system property and gives it free ports. */
    static KioskProcess unpack(String name) throws Exception {
        Path tar = Path.of(System.getProperty("kiosk.tar", "../../karaf-distribution/target/opendmv-kiosk.tar.gz"));
        if (!Files.isRegularFile(tar)) {
            throw new IllegalStateException("no distribution at " + tar + ": build it first (mvn -B install)");
        }
        Path home = Files.createTempDirectory("opendmv-" + name + "-");
        run(List.of("tar", "-xzf", tar.toString(), "-C", home.toString(), "--strip-components=1"));
        KioskProcess k = new KioskProcess(home);
        k.edit("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(k.sshPort));
        k.edit("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(k.httpPort));
        k.edit("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(k.rmiRegistryPort));
        k.edit("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(k.rmiServerPort));
        // the phone reaches the kiosk on loopback in the tests
        k.config("org.opendmv.upload", "public.base.url", "http://127.0.0.1:" + k.httpPort);
        return k;
    }

    /** Sets {@code key = value} in an existing etc file (replacing the line) or appends it. */
    void edit(String file, String key, String value) throws IOException {
        Path p = home.resolve(file);
        List<String> lines = Files.exists(p) ? new ArrayList<>(Files.readAllLines(p)) : new ArrayList<>();
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("^\\s*" + Pattern.quote(key) + "\\s*=.*")) {
                lines.set(i, key + " = " + value);
                done = true;
            }
        }
        if (!done) {
            lines.add(key + " = " + value);
        }
        Files.write(p, lines);
    }

    /** A Config Admin setting, as an integrator would put it in etc/PID.cfg. */
    void config(String pid, String key, String value) throws IOException {
        edit("etc/" + pid + ".cfg", key, value);
    }

    /** A JVM option for the next start (e.g. a test fault-injection property). */
    void javaOption(String opt) {
        extraOpts.add(opt);
    }

    /** Options for the next start: replaces the ones given before. */
    void javaOptions(List<String> opts) {
        extraOpts.clear();
        extraOpts.addAll(opts);
    }

    /** Start without a display: the kiosk runs its headless mode (no touch UI). */
    void headless() {
        headless = true;
    }

    /** Adds a feature to featuresBoot, next to an existing one, as an integrator would. */
    void bootFeature(String after, String feature) throws IOException {
        Path p = home.resolve("etc/org.apache.karaf.features.cfg");
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String line : Files.readAllLines(p)) {
            out.add(line);
            if (!done && line.trim().startsWith(after + "/") && line.trim().endsWith("\\")) {
                out.add(line.replace(after + "/", feature + "/"));
                done = true;
            }
        }
        if (!done) {
            throw new IllegalStateException(after + " is not in featuresBoot");
        }
        Files.write(p, out);
    }

    /** Starts the kiosk and waits until its health endpoint answers and the console logs in. */
    void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        pb.directory(home.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        // test kiosks live for seconds to minutes: without C2 they boot about a third faster on 2 cores
        // (docs/performance.md); a test's own options come after and may override it
        List<String> opts = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        opts.addAll(extraOpts);
        pb.environment().put("EXTRA_JAVA_OPTS", String.join(" ", opts));
        if (headless) {
            pb.environment().remove("DISPLAY");
        }
        launcher = pb.start();
        await("the kiosk JVM", Duration.ofSeconds(60), () -> javaProcess().isPresent());
        java = javaProcess().orElseThrow();
        try {
            await("GET /api/health", Duration.ofSeconds(180), () -> {
                String h = get("/api/health");
                return h != null && (h.contains("\"UP\"") || h.contains("\"DEGRADED\""));
            });
        } catch (AssertionError e) {
            // the kiosk's home is removed with it: say here why it did not come up
            throw new AssertionError(e.getMessage() + "; /api/health: " + get("/api/health") + "\n--- karaf.log (tail) ---\n"
                    + tail(home.resolve("data/log/karaf.log"), 80) + "\n--- console.out (tail) ---\n" + tail(home.resolve("console.out"), 30), e);
        }
        connect();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(" + file + ": " + e + ")";
        }
    }

    private Optional<ProcessHandle> javaProcess() {
        String marker = "-Dkaraf.home=" + home;
        return launcher.descendants().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .findFirst();
    }

    long pid() {
        return java.pid();
    }

    private void connect() throws Exception {
        String cred = Files.readString(home.resolve("etc/console.credentials"));
        Matcher m = CREDENTIAL.matcher(cred);
        if (!m.find()) {
            throw new IllegalStateException("no password in etc/console.credentials");
        }
        password = m.group(1).trim();
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        ssh.start();
        // the kiosk:* commands come up with their bundles, shortly after SSH
        await("kiosk:sessions on the console", Duration.ofSeconds(60), () -> {
            try {
                return shell("kiosk:sessions").contains("active visit(s)");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    /** Runs one console command and returns what it printed (stdout and stderr). */
    String shell(String command) throws IOException {
        // one SSH session per command: Karaf ends a session when its exec command ends
        try (ClientSession console = ssh.connect("admin", "127.0.0.1", sshPort).verify(Duration.ofSeconds(10)).getSession()) {
            console.addPasswordIdentity(password);
            console.auth().verify(Duration.ofSeconds(20));
            return exec(console, command);
        }
    }

    private static String exec(ClientSession console, String command) throws IOException {
        try (ChannelExec ch = console.createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ch.setOut(out);
            ch.setErr(out);
            ch.open().verify(Duration.ofSeconds(10));
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(120));
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** GET on the kiosk's HTTP port; null if it does not answer. */
    String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + httpPort + path).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream();
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL: no shutdown hooks, no flushing, as in a power cut. */
    void kill() throws Exception {
        disconnect();
        if (java != null && java.isAlive()) {
            run(List.of("kill", "-9", String.valueOf(java.pid())));
            java.onExit().get(30, TimeUnit.SECONDS);
        }
        if (launcher != null) {
            launcher.waitFor(30, TimeUnit.SECONDS);
            launcher.destroyForcibly();
        }
    }

    /** An orderly stop (bin/stop), then SIGKILL if it has not ended in 30 s. */
    void stop() throws Exception {
        disconnect();
        if (java != null && java.isAlive()) {
            run(List.of(home.resolve("bin/stop").toString()));
            try {
                java.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                java.destroyForcibly();
            }
        }
        if (launcher != null) {
            launcher.waitFor(30, TimeUnit.SECONDS);
            launcher.destroyForcibly();
        }
    }

    private void disconnect() throws IOException {
        if (ssh != null) {
            ssh.stop();
            ssh = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        run(List.of("rm", "-rf", home.toString()));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
