package org.opendmv.devices.sanescanner.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.testkit.RecordingCallback;

/** Factory, settings and probing with stand-in scanimage scripts (no SANE needed). */
public class SaneScannerDriverFactoryTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final RecordingCallback cb = new RecordingCallback();
    private DeviceHandler handler;

    @After
    public void tearDown() throws Exception {
        if (handler != null) {
            handler.dispose();
        }
        cb.close();
    }

    private static DeviceInstanceConfig config(Map<String, String> p) {
        return DeviceInstanceConfig.of("scanner-1", DeviceClass.DOCUMENT_SCANNER, "sane-scanner", null, p);
    }

    private Path script(String body) throws Exception {
        Path s = tmp.getRoot().toPath().resolve("scanimage");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    @Test
    public void servesDocumentScannersAsSaneScanner() {
        SaneScannerDriverFactory f = new SaneScannerDriverFactory(SaneTestBackend.defaults());
        assertEquals("sane-scanner", f.driverType());
        assertEquals(EnumSet.of(DeviceClass.DOCUMENT_SCANNER), f.supportedClasses());
        handler = f.createHandler(config(Map.of()), cb);
        assertSame(handler, handler.device());
        assertTrue("creating a handler touches no hardware", cb.statuses().isEmpty());
    }

    @Test
    public void initializeReturnsAtOnceAndAHangingProbeEndsAsNoDevice() throws Exception {
        Path s = script("exec sleep 30");
        handler = new SaneScannerDriverFactory(SaneTestBackend.defaults())
                .createHandler(config(Map.of(ScannerSettings.KEY_SCANIMAGE, s.toString(), ScannerSettings.KEY_PROBE_TIMEOUT, "1")), cb);
        handler.initialize();
        assertEquals(Lifecycle.INITIALIZING, cb.lastStatus().orElse(null).lifecycle());
        DeviceStatus st = awaitStatus(cb, x -> x.lifecycle() == Lifecycle.READY);
        assertEquals(OperationalState.NO_DEVICE, st.operational());
        assertTrue(st.description(), st.description().contains("did not finish"));
    }

    /** Scanned pages of a run killed during a scan are removed when the driver starts; a running scan's are not. */
    @Test
    public void aScanFolderLeftByACrashIsRemovedAtStart() throws Exception {
        Path work = Files.createDirectory(tmp.getRoot().toPath().resolve("work"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = Files.createDirectory(work.resolve("opendmv-scan-p" + gone.pid() + "-4242"));
        Files.write(left.resolve("page-1.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        Files.writeString(left.resolve("scanimage.err"), "Scanned page 1.");
        Path running = Files.createDirectory(work.resolve(Scanimage.SCAN_PREFIX + "7"));
        Path foreign = Files.createDirectory(work.resolve("not-ours"));
        handler = new SaneScannerDriverFactory(SaneTestBackend.defaults()).createHandler(config(Map.of(
                ScannerSettings.KEY_SCANIMAGE, script("exit 0").toString(), ScannerSettings.KEY_WORK_DIR, work.toString())), cb);
        assertTrue(Files.exists(left));
        handler.initialize();
        assertTrue("removed at start", Files.notExists(left));
        assertTrue("a scan of a live process stays", Files.isDirectory(running));
        assertTrue(Files.isDirectory(foreign));
    }

    @Test
    public void firstListedDeviceIsUsedWhenNoneConfiguredAndGarbageIsIgnored() throws Exception {
        Path s = script("printf 'garbage\\n\\t\\t\\t\\nfujitsu:fi-7160:1\\tFUJITSU\\tfi-7160\\tscanner\\n'");
        handler = new SaneScannerDriverFactory(SaneTestBackend.defaults())
                .createHandler(config(Map.of(ScannerSettings.KEY_SCANIMAGE, s.toString())), cb);
        handler.initialize();
        DeviceStatus st = awaitStatus(cb, x -> x.lifecycle() == Lifecycle.READY);
        assertEquals(OperationalState.ONLINE, st.operational());
        assertEquals("FUJITSU", handler.device().info().vendor());
        assertEquals("fi-7160", handler.device().info().model());
    }

    /** scanimage that reports a jam and then hangs while closing the device (seen with the test backend). */
    @Test
    public void scanimageHangingAfterTheBatchStillGivesTheTypedFault() throws Exception {
        Path s = script("if [ \"$1\" = -f ]; then printf 'fake:0\\tACME\\tDocCam\\tcamera\\n'; exit 0; fi\n"
                + "echo 'Scanning page 1' >&2\necho 'scanimage: sane_read: Document feeder jammed' >&2\n"
                + "echo 'Scanned page 1. (scanner status = 6)' >&2\necho 'Batch terminated, 1 page scanned' >&2\nexec sleep 30");
        handler = new SaneScannerDriverFactory(SaneTestBackend.defaults()).createHandler(config(Map.of(
                ScannerSettings.KEY_SCANIMAGE, s.toString(), ScannerSettings.KEY_WORK_DIR, tmp.getRoot().toString())), cb);
        handler.initialize();
        awaitStatus(cb, x -> x.operational() == OperationalState.ONLINE);
        org.opendmv.devices.api.DocumentScanner scanner = (org.opendmv.devices.api.DocumentScanner) handler.device();
        try {
            scanner.scan(ScanRequest.of("M"), org.opendmv.devices.api.CommandContext.withTimeout(java.time.Duration.ofSeconds(60)))
                    .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            throw new AssertionError("must fail");
        } catch (java.util.concurrent.ExecutionException e) {
            org.opendmv.devices.api.DeviceException d = org.opendmv.devices.api.DeviceException.find(e).orElseThrow();
            assertTrue(d.toString(), d.hasErrorCode(org.opendmv.devices.api.DocumentScanner.ScanError.MEDIA_JAM));
            assertEquals(org.opendmv.devices.api.ActionHint.CLEAR, d.hint());
        }
    }

    @Test
    public void scanArgumentsFollowRequestAndSettings() {
        ScannerSettings s = ScannerSettings.from(config(Map.of(ScannerSettings.KEY_SOURCE, "ADF Duplex",
                ScannerSettings.KEY_FEEDER, "true", "option.brightness", "10")), SaneTestBackend.defaults());
        List<String> a = new Scanimage(s).scanArgs("dev:1", ScanRequest.of("M").withDpi(200).withColour(false),
                Path.of("/w/d"), 4);
        assertEquals(List.of("-d", "dev:1", "--source", "ADF Duplex", "--mode", "Gray", "--resolution", "200",
                "-l", "0", "-t", "0", "-x", "210", "-y", "297", "--brightness=10", "--format=jpeg",
                "--batch=/w/d/page-%d.jpg", "--batch-count=4"), a);
    }

    @Test
    public void frontendSwitchesCannotBeSmuggledInAsOptions() {
        for (String bad : new String[] {"option.batch", "option.output-file", "option.format", "option.Bad Name", "image.format"}) {
            try {
                ScannerSettings.from(config(Map.of(bad, "x")), SaneTestBackend.defaults());
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // CONFIGURATION_ERROR
            }
        }
    }

    /** Waits up to 20 s for the last reported status to match. */
    private static org.opendmv.devices.api.DeviceStatus awaitStatus(RecordingCallback cb,
            java.util.function.Predicate<org.opendmv.devices.api.DeviceStatus> p) throws InterruptedException {
        return cb.awaitStatus(p, java.time.Duration.ofSeconds(20));
    }
}
