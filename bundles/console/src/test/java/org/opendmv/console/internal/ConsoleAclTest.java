package org.opendmv.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.karaf.service.guard.tools.ACLConfigurationParser;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every kiosk:* command and option of every bundle of the reactor has a role in the distribution's
 * etc/org.apache.karaf.command.acl.kiosk.cfg, evaluated with Karaf's own ACL parser the way its
 * secured shell does. A new command or option fails here until it is classified, in the cfg and in
 * the table below (what the ACL must decide).
 */
public class ConsoleAclTest {
    /** Least role that may run the command without options. */
    private static final Map<String, String> COMMANDS = new TreeMap<>();
    /** Least role that may use the option ("command option"), for every name and alias. */
    private static final Map<String, String> OPTIONS = new TreeMap<>();

    static {
        for (String c : List.of("businesses", "devices", "device-events", "applications", "application", "payments",
                "outbox", "sessions", "ui")) {
            COMMANDS.put(c, "viewer");
        }
        for (String c : List.of("refund", "payment-query", "payment-sim", "outbox-retry", "sim", "simulate",
                "device-test", "upload-check", "business-validate", "face-check")) {
            COMMANDS.put(c, "admin");
        }
        viewer("businesses", "--invalid", "--en");
        viewer("device-events", "-n", "--max", "--errors");
        viewer("applications", "-n", "--max", "--business");
        viewer("payments", "-s", "--state", "-n", "--max", "--refunding");
        viewer("outbox", "-s", "--state", "-n", "--max");
        viewer("ui", "--timings");
        OPTIONS.put("sessions --cancel", "manager");
        for (String o : List.of("--tap", "--stroke", "--text", "--screenshot", "--ids")) {
            OPTIONS.put("ui " + o, "admin");
        }
        admin("refund", "-r", "--reason");
        admin("simulate", "--card", "--answers", "--en", "--step-timeout", "--repeat", "--pause-at", "--resume");
        admin("device-test", "-t", "--timeout");
        admin("upload-check", "--count");
        admin("face-check", "--video", "--photo", "--seed", "--threshold", "--challenges", "--challenge-time", "--fps",
                "--timings");
    }

    private static void viewer(String command, String... options) {
        Arrays.stream(options).forEach(o -> OPTIONS.put(command + " " + o, "viewer"));
    }

    private static void admin(String command, String... options) {
        Arrays.stream(options).forEach(o -> OPTIONS.put(command + " " + o, "admin"));
    }

    /** The roles of the groups in etc/users.properties and of bin/setenv's admin. */
    private static final Map<String, Set<String>> USERS = Map.of(
            "viewer", Set.of("viewer", "ssh"),
            "manager", Set.of("manager", "viewer", "ssh"),
            "admin", Set.of("group", "admin", "manager", "viewer", "systembundles", "ssh"));
    private static final List<String> LADDER = List.of("viewer", "manager", "admin");

    private static final Path ROOT = Paths.get(System.getProperty("basedir", ".")).resolve("../..").normalize();
    private static final Pattern COMMAND = Pattern.compile("@Command\\(scope\\s*=\\s*\"kiosk\",\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern OPTION = Pattern.compile("@Option\\(name\\s*=\\s*\"([^\"]+)\"(?:,\\s*aliases\\s*=\\s*(\\{[^}]*\\}|\"[^\"]*\"))?");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private static Map<String, Set<String>> sourceCommands;
    private static Dictionary<String, Object> acl;

    @BeforeClass
    public static void read() throws IOException {
        sourceCommands = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).collect(Collectors.toList());
        }
        for (Path p : sources) {
            String src = Files.readString(p, StandardCharsets.UTF_8);
            Matcher c = COMMAND.matcher(src);
            if (!c.find()) {
                continue;
            }
            Set<String> options = new TreeSet<>();
            Matcher o = OPTION.matcher(src);
            while (o.find()) {
                options.add(o.group(1));
                if (o.group(2) != null) {
                    Matcher q = QUOTED.matcher(o.group(2));
                    while (q.find()) {
                        options.add(q.group(1));
                    }
                }
            }
            sourceCommands.put(c.group(1), options);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(
                ROOT.resolve("karaf-distribution/src/main/resources/assembly/etc/org.apache.karaf.command.acl.kiosk.cfg"))) {
            p.load(r);
        }
        acl = new Hashtable<>();
        p.stringPropertyNames().forEach(k -> acl.put(k, p.getProperty(k)));
        acl.put("service.pid", "org.apache.karaf.command.acl.kiosk");
    }

    @Test
    public void theScanFindsTheKnownCommands() {
        // guards the scan itself: commands of five bundles, options with aliases
        assertTrue(sourceCommands.keySet().containsAll(List.of("sessions", "ui", "sim", "payment-sim", "upload-check", "refund")));
        assertEquals(Set.of("-r", "--reason"), sourceCommands.get("refund"));
    }

    @Test
    public void everyKioskCommandAndOptionIsClassified() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : sourceCommands.entrySet()) {
            if (!COMMANDS.containsKey(e.getKey())) {
                missing.add("kiosk:" + e.getKey());
            }
            for (String o : e.getValue()) {
                if (!OPTIONS.containsKey(e.getKey() + " " + o)) {
                    missing.add("kiosk:" + e.getKey() + " " + o);
                }
            }
        }
        assertTrue("give these a role in etc/org.apache.karaf.command.acl.kiosk.cfg and in ConsoleAclTest: " + missing,
                missing.isEmpty());
        assertEquals("commands classified here but gone from the sources", sourceCommands.keySet(), COMMANDS.keySet());
    }

    @Test
    public void everyCommandHasItsOwnLineInTheAcl() {
        for (String c : sourceCommands.keySet()) {
            assertTrue("no line '" + c + " = ...' in the kiosk ACL", acl.get(c) instanceof String);
        }
    }

    @Test
    public void eachCommandWithoutOptionsNeedsItsRole() {
        for (Map.Entry<String, String> e : COMMANDS.entrySet()) {
            assertEquals("kiosk:" + e.getKey(), e.getValue(), leastRole(e.getKey(), List.of()));
        }
    }

    @Test
    public void eachOptionNeedsItsRole() {
        for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
            String[] co = e.getKey().split(" ");
            // a value after the option, and the option in the middle of other arguments
            assertEquals("kiosk:" + e.getKey(), e.getValue(), leastRole(co[0], List.of(co[1], "x1")));
            assertEquals("kiosk:" + e.getKey(), e.getValue(), leastRole(co[0], List.of("y", co[1], "x1")));
            assertEquals("kiosk:" + e.getKey() + "=x1", e.getValue(), leastRole(co[0], List.of(co[1] + "=x1")));
        }
    }

    @Test
    public void aManagerCancelsButNeitherTapsNorRefunds() {
        assertTrue(allowed("manager", "sessions", List.of("--cancel", "v1")));
        assertFalse(allowed("viewer", "sessions", List.of("--cancel", "v1")));
        assertFalse(allowed("manager", "ui", List.of("--tap", "sign.confirm")));
        assertFalse(allowed("manager", "refund", List.of("P1")));
        assertTrue(allowed("admin", "ui", List.of("--tap", "sign.confirm")));
    }

    @Test
    public void anUnknownKioskCommandIsAdminOnly() {
        assertEquals("admin", leastRole("some-future-command", List.of()));
    }

    @Test
    public void aConsoleUserWithoutAKioskRoleRunsNoKioskCommand() {
        for (String c : COMMANDS.keySet()) {
            assertFalse(c, visible(Set.of("ssh"), c));
        }
    }

    private static String leastRole(String command, List<String> args) {
        String least = null;
        for (String user : LADDER) {
            boolean ok = allowed(user, command, args);
            if (ok && least == null) {
                least = user;
            }
            if (!ok && least != null) {
                fail(user + " may not run kiosk:" + command + " " + args + " although " + least + " may");
            }
        }
        return least == null ? "nobody" : least;
    }

    /** What Karaf's SecuredSessionFactoryImpl decides: hidden, refused, or run. */
    private static boolean allowed(String user, String command, List<String> args) {
        Set<String> roles = USERS.get(user);
        if (!visible(roles, command)) {
            return false;
        }
        List<String> needed = new ArrayList<>();
        ACLConfigurationParser.Specificity s = ACLConfigurationParser.getRolesForInvocation(command,
                new Object[] {args.toString()}, null, acl, needed);
        return s == ACLConfigurationParser.Specificity.NO_MATCH || needed.stream().anyMatch(roles::contains);
    }

    private static boolean visible(Set<String> roles, String command) {
        List<String> needed = new ArrayList<>();
        ACLConfigurationParser.getRolesForInvocation(command, null, null, acl, needed);
        return needed.isEmpty() || needed.stream().anyMatch(roles::contains);
    }
}
