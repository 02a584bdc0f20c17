package org.opendmv.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.junit.Before;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.BundleContext;

/** Boots the real kiosk distribution on free ports. */
public abstract class KioskTestSupport {
    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration
    public Option[] config() {
        String tar = System.getProperty("kiosk.tar");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(new File(tar).toURI().toString()).name("OpenDMV Kiosk")
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            // a test container lives for seconds to minutes: without C2 it boots about a third faster on 2 cores
            vmOption("-XX:TieredStopAtLevel=1"),
            logLevel(LogLevelOption.LogLevel.INFO),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort())),
            systemProperty("opendmv.test.http.port").value(String.valueOf(httpPort())),
            systemProperty("opendmv.test.fixtures").value(System.getProperty("fixtures.dir", "")),
            // @Inject waits this long for a service (Pax Exam's default is 10 s): the store opens its
            // database off the boot thread and offers its services when open, which on a busy machine's
            // first boot (Derby created, Liquibase run) can take longer than that
            systemProperty("pax.exam.service.timeout").value("120000"),
        };
    }

    private static int httpPort;

    protected static synchronized int httpPort() {
        if (httpPort == 0) {
            httpPort = freePort();
        }
        return httpPort;
    }

    /**
     * Services are injected as soon as they exist, before Jetty serves and the shell commands
     * are registered: wait for what an operator waits for.
     */
    @Before
    public void awaitKioskReady() throws Exception {
        await("GET /api/health to answer 200", 120_000, () -> {
            try {
                return httpGet("/api/health").startsWith("200 ");
            } catch (IOException e) {
                return false;
            }
        });
        await("kiosk:* commands", 120_000, () -> {
            try {
                console("kiosk:sessions");
                console("kiosk:devices");
                console("kiosk:businesses");
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Runs a console command as the admin created at first start would and returns what it printed. */
    protected String console(String command) throws Exception {
        return consoleAs(command, "admin", "manager", "viewer", "ssh");
    }

    /**
     * Runs a console command as a user with these roles (the command ACLs of etc/ apply, as for a
     * user logged in over SSH) and returns what it printed.
     */
    protected String consoleAs(String command, String... roles) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("test-" + String.join("-", roles)));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> execute(command));
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }

    private String execute(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session s = sessionFactory.create(InputStream.nullInputStream(), out, out);
        try {
            Object result = s.execute(command);
            if (result != null) {
                out.println(result);
            }
        } finally {
            s.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    protected static String httpGet(String path) throws IOException {
        URL url = new URL("http://127.0.0.1:" + System.getProperty("opendmv.test.http.port") + path);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return c.getResponseCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    /** Polls until the condition holds; returns milliseconds waited. Fails after the limit. */
    protected static long await(String what, long limitMs, BooleanSupplier condition) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if ((System.nanoTime() - t0) / 1_000_000 > limitMs) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
