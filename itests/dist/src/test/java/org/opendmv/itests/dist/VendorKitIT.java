package org.opendmv.itests.dist;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.example.netidcard.emulator.NetIdCardEmulator;

/**
 * The vendor kit as a new hardware vendor uses it, against the unpacked distribution: a driver project
 * generated from {@code org.opendmv:opendmv-driver-archetype} for an ID card reader (its handler speaks
 * the protocol of the example reader, whose emulator this test runs), built with {@code mvn -o} against
 * a repository holding only the archetype, the kiosk's API artifacts and the pinned plugins
 * (target/it-repo) so that its conformance test runs, delivered as a KAR into {@code deploy/}, serving
 * the ID card role in place of the simulator, self-tested with {@code kiosk:device-test}, visited with
 * {@code kiosk:simulate} (no --card: the card comes from the emulator), its faults seen, upgraded and
 * rolled back by KAR, and removed (the device goes DRIVER_MISSING). One kiosk start.
 */
public class VendorKitIT {
    private static final String ARTIFACT = "acme-idcard";
    private static final String TYPE = "acme-netid";
    private static final String DEVICE = "id-card-reader";
    private static final String PID = "org.opendmv.device-" + DEVICE;
    private static final Duration BUILD = Duration.ofMinutes(5);

    private KioskProcess kiosk;
    private NetIdCardEmulator reader;
    private Path work;

    @After
    public void stop() throws Exception {
        if (kiosk != null) {
            kiosk.close();
        }
        if (reader != null) {
            reader.close();
        }
    }

    @Test
    public void fromTheArchetypeToAVisitThroughTheNewReaderAndBack() throws Exception {
        work = Files.createTempDirectory("opendmv-vendor-");
        Path kar = generateAndPackage("1.0.0");

        // the reader on the network (its emulator, with the synthetic card adult-male on it)
        reader = NetIdCardEmulator.start(0);

        // the instance that served the ID card role with the simulator now names the new driver
        kiosk = KioskProcess.unpack("vendor");
        kiosk.headless();
        kiosk.config(PID, "driver.type", TYPE);
        kiosk.config(PID, "host", reader.host());
        kiosk.config(PID, "port", String.valueOf(reader.port()));
        kiosk.config(PID, "poll.interval", "1s");
        kiosk.start();
        awaitDevice("DRIVER_MISSING", "DRIVER_MISSING");

        // deploy: the KAR (bundle + feature repository) dropped into deploy/
        Path deployed = Commands.deploy(kiosk, kar, kar.getFileName().toString());
        awaitDevice("READY ONLINE", "READY", "ONLINE");
        String devices = shown("kiosk:devices " + DEVICE, kiosk.shell("kiosk:devices " + DEVICE));
        assertTrue(devices, devices.contains(TYPE) && devices.contains("OpenDMV Example / NetID-1"));
        assertTrue(shown("kar:list", kiosk.shell("kar:list")).contains(ARTIFACT + "-1.0.0"));

        // self-test through the core (queue, deadline, completion codes)
        String test = shown("kiosk:device-test " + DEVICE, kiosk.shell("kiosk:device-test " + DEVICE));
        assertTrue(test, test.contains("PASS card read: 110101********0019"));

        // a visit through the new reader: no --card, the card is the one on the emulated reader
        String visit = result(kiosk.shell("kiosk:simulate --step-timeout 120 dl-renewal"));
        assertTrue(visit, visit.contains("COMPLETED"));

        faults();
        upgradeAndRollBack(deployed);

        // removal: the device stays configured and shows DRIVER_MISSING
        shown("kar:uninstall " + ARTIFACT + "-1.0.0", kiosk.shell("kar:uninstall " + ARTIFACT + "-1.0.0"));
        awaitDevice("DRIVER_MISSING after removal", "DRIVER_MISSING");
        shown("kiosk:devices " + DEVICE, kiosk.shell("kiosk:devices " + DEVICE));
        String refused = shown("kiosk:device-test " + DEVICE, kiosk.shell("kiosk:device-test " + DEVICE));
        assertTrue(refused, refused.contains("FAIL DEVICE_NOT_READY"));
        assertFalse(kiosk.shell("kar:list").contains(ARTIFACT));
        assertFalse("no personal data in the kiosk's log", kiosk.log().contains("110101198504120019"));
    }

    /** What the citizen and the operator see of the reader's faults, each through kiosk:device-test. */
    private void faults() throws Exception {
        reader.failNextRead("CHIP");
        String chip = shown("kiosk:device-test " + DEVICE + "   # reader answers ERR CHIP", kiosk.shell("kiosk:device-test " + DEVICE));
        assertTrue(chip, chip.contains("FAIL HARDWARE_ERROR/CHIP_ERROR"));

        reader.removeCard();
        String none = shown("kiosk:device-test -t 3 " + DEVICE + "   # no card on the reader", kiosk.shell("kiosk:device-test -t 3 " + DEVICE));
        assertTrue(none, none.contains("FAIL TIMEOUT"));
        reader.insertCard();

        int port = reader.port();
        reader.close();
        awaitDevice("OFFLINE once the reader stops answering", "READY", "OFFLINE");
        shown("kiosk:devices " + DEVICE + "   # reader unplugged", kiosk.shell("kiosk:devices " + DEVICE));
        reader = NetIdCardEmulator.start(port);
        awaitDevice("ONLINE again", "READY", "ONLINE");

        kiosk.config(PID, "port", "not-a-port");
        awaitDevice("CONFIGURATION_ERROR", "CONFIGURATION_ERROR");
        String bad = shown("kiosk:devices " + DEVICE + "   # port = not-a-port", kiosk.shell("kiosk:devices " + DEVICE));
        assertTrue(bad, bad.contains("'port'") && !bad.contains("not-a-port"));
        kiosk.config(PID, "port", String.valueOf(port));
        awaitDevice("ONLINE with the port restored", "READY", "ONLINE");
    }

    /**
     * Upgrade: the 1.0.0 KAR taken out of deploy/ and {@code kar:uninstall}ed, 1.0.1 installed with
     * {@code kar:install}; rollback: {@code kar:uninstall} of 1.0.1, {@code kar:install} of 1.0.0. The device keeps its
     * configuration throughout and serves again on each version.
     */
    private void upgradeAndRollBack(Path v100) throws Exception {
        Path v101 = generateAndPackage("1.0.1");
        // deleting a KAR from deploy/ does not uninstall it (Karaf 4.4): kar:uninstall does
        Files.delete(v100);
        shown("kar:uninstall " + ARTIFACT + "-1.0.0", kiosk.shell("kar:uninstall " + ARTIFACT + "-1.0.0"));
        KioskProcess.await("1.0.0 uninstalled", Duration.ofSeconds(60), () -> !shell("kar:list").contains(ARTIFACT));
        awaitDevice("DRIVER_MISSING between the versions", "DRIVER_MISSING");
        shown("kar:install file:" + v101, kiosk.shell("kar:install file:" + v101));
        KioskProcess.await("bundle 1.0.1 active", Duration.ofSeconds(60), () -> bundle().contains("1.0.1") && bundle().contains("Active"));
        awaitDevice("ONLINE on 1.0.1", "READY", "ONLINE");
        shown("kar:list", kiosk.shell("kar:list"));
        shown("bundle:list -s | grep " + ARTIFACT, bundle());

        shown("kar:uninstall " + ARTIFACT + "-1.0.1", kiosk.shell("kar:uninstall " + ARTIFACT + "-1.0.1"));
        Path old = work.resolve("v1.0.0/" + ARTIFACT + "/target/" + ARTIFACT + "-1.0.0.kar");
        shown("kar:install file:" + old, kiosk.shell("kar:install file:" + old));
        KioskProcess.await("bundle 1.0.0 active again", Duration.ofSeconds(60),
                () -> bundle().contains("1.0.0") && bundle().contains("Active") && !bundle().contains("1.0.1"));
        awaitDevice("ONLINE on 1.0.0 again", "READY", "ONLINE");
        shown("bundle:list -s | grep " + ARTIFACT, bundle());
        String test = shown("kiosk:device-test " + DEVICE, kiosk.shell("kiosk:device-test " + DEVICE));
        assertTrue(test, test.contains("PASS card read"));
    }

    /** The driver's row(s) in bundle:list -s (symbolic name com.acme.acme-idcard). */
    private String bundle() {
        return grep(shell("bundle:list -s"), "com.acme." + ARTIFACT);
    }

    /** mvn -o archetype:generate, then mvn -o package (runs the conformance test), against target/it-repo only. */
    private Path generateAndPackage(String version) throws Exception {
        Path repo = Path.of(System.getProperty("it.repo", "target/it-repo")).toAbsolutePath();
        String kit = System.getProperty("opendmv.version", "0.1.0-SNAPSHOT");
        Path dir = Files.createDirectories(work.resolve("v" + version));
        Commands.run(dir, BUILD, List.of("mvn", "-B", "-o", "-Dmaven.repo.local=" + repo,
                "org.apache.maven.plugins:maven-archetype-plugin:3.2.1:generate",
                "-DarchetypeGroupId=org.opendmv", "-DarchetypeArtifactId=opendmv-driver-archetype", "-DarchetypeVersion=" + kit,
                "-DgroupId=com.acme", "-DartifactId=" + ARTIFACT, "-Dversion=" + version, "-Dpackage=com.acme.idcard",
                "-DdeviceClass=ID_CARD_READER", "-DdriverType=" + TYPE, "-DinteractiveMode=false"));
        Path project = dir.resolve(ARTIFACT);
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/com/acme/idcard/internal/Handler.java")));
        String built = Commands.run(project, BUILD, List.of("mvn", "-B", "-o", "-Dmaven.repo.local=" + repo, "package"));
        assertTrue(built, built.contains("Running com.acme.idcard.internal.HandlerConformanceTest"));
        assertTrue(built, built.matches("(?s).*Tests run: [1-9]\\d*, Failures: 0, Errors: 0.*"));
        Path kar = project.resolve("target/" + ARTIFACT + "-" + version + ".kar");
        assertTrue(built, Files.isRegularFile(kar) && Files.isRegularFile(project.resolve("target/" + ARTIFACT + "-" + version + ".jar")));
        return kar;
    }

    /** Waits until kiosk:devices shows the device with all of {@code words}. */
    private void awaitDevice(String what, String... words) throws InterruptedException {
        KioskProcess.await(DEVICE + " " + what, Duration.ofSeconds(60), () -> {
            String row = grep(shell("kiosk:devices " + DEVICE), DEVICE);
            for (String w : words) {
                if (!row.contains(w)) {
                    return false;
                }
            }
            return true;
        });
    }



    private static String grep(String text, String word) {
        return text.lines().filter(l -> l.contains(word)).reduce("", (a, b) -> a + b + "\n");
    }

    /** What the guide shows: a command and its output, in the test's output file (devices and results: no personal data). */
    private static String shown(String cmd, String out) {
        System.out.println("admin@opendmv()> " + cmd + "\n" + out);
        return out;
    }

    /** The result lines of a kiosk:simulate run (the steps print the synthetic citizen's data). */
    private static String result(String out) {
        shown("kiosk:simulate --step-timeout 120 dl-renewal", out.lines()
                .filter(l -> l.contains("Result") || l.contains("--card") || l.contains("IDENTIFY")).reduce("", (a, b) -> a + b + "\n"));
        return out;
    }

    private String shell(String cmd) {
        try {
            return kiosk.shell(cmd);
        } catch (IOException e) {
            return "";
        }
    }
}
