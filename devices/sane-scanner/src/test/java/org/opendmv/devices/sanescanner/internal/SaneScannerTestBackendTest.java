package org.opendmv.devices.sanescanner.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.DocumentScanner.ScanError;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/** The driver against SANE's virtual test scanner, as the kiosk core would use it. */
public class SaneScannerTestBackendTest {
    private static final String ADF = "Automatic Document Feeder";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SaneTestBackend sane;
    private SaneTestBackend.RecordingCallback cb;
    private final List<SaneScannerHandler> handlers = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        sane = new SaneTestBackend(tmp.getRoot());
        cb = new SaneTestBackend.RecordingCallback();
    }

    @After
    public void tearDown() throws Exception {
        handlers.forEach(SaneScannerHandler::dispose);
        cb.close();
    }

    private SaneScannerHandler online(String... kv) throws InterruptedException {
        SaneScannerHandler h = start(sane.config(kv));
        cb.await(s -> s.operational() == OperationalState.ONLINE);
        return h;
    }

    private SaneScannerHandler start(DeviceInstanceConfig c) {
        SaneScannerHandler h = new SaneScannerHandler(c, cb, SaneTestBackend.defaults());
        handlers.add(h);
        h.initialize();
        return h;
    }

    private static ScanResult scan(SaneScannerHandler h, ScanRequest r, List<IntermediateEvent> events) throws Exception {
        CommandContext ctx = CommandContext.withTimeout(Duration.ofSeconds(60), events::add);
        return h.scan(r, ctx).toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    private static DeviceException failure(SaneScannerHandler h, ScanRequest r) throws Exception {
        try {
            ScanResult res = scan(h, r, new ArrayList<>());
            res.wipe();
            throw new AssertionError("scan should fail");
        } catch (ExecutionException e) {
            return DeviceException.find(e).orElseThrow(() -> new AssertionError("untyped failure", e));
        }
    }

    private void assertWorkDirEmpty() throws Exception {
        try (Stream<java.nio.file.Path> s = Files.list(sane.workDir)) {
            assertEquals("scan directories are removed", 0, s.count());
        }
    }

    @Test
    public void a4At300DpiColourGivesOneJpegPageOfA4Size() throws Exception {
        SaneScannerHandler h = online();
        assertEquals("Noname", h.info().vendor());
        List<IntermediateEvent> events = new CopyOnWriteArrayList<>();
        ScanResult r = scan(h, ScanRequest.of("ID_COPY"), events);
        assertEquals(1, r.pages().size());
        ScannedPage p = r.pages().get(0);
        assertEquals("image/jpeg", p.mime());
        assertEquals(2480, p.widthPx());
        assertEquals(3507, p.heightPx());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.image()));
        assertEquals(2480, img.getWidth());
        assertEquals(3507, img.getHeight());
        assertTrue(events.contains(IntermediateEvent.PAGE_SCANNED.withDetail("1")));
        assertWorkDirEmpty();
    }

    @Test
    public void pngAndGreyscaleOnRequest() throws Exception {
        SaneScannerHandler h = online(ScannerSettings.KEY_FORMAT, "png");
        ScanResult r = scan(h, ScanRequest.of("X").withDpi(100).withColour(false), new ArrayList<>());
        ScannedPage p = r.pages().get(0);
        assertEquals("image/png", p.mime());
        assertEquals("210 mm at 100 dpi", 826, p.widthPx());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.image()));
        assertEquals(p.heightPx(), img.getHeight());
        assertEquals(1, img.getColorModel().getNumComponents());
    }

    @Test
    public void feederScansUpToMaxPagesAndZipHoldsThemInOrder() throws Exception {
        SaneScannerHandler h = online(ScannerSettings.KEY_SOURCE, ADF, ScannerSettings.KEY_FEEDER, "true");
        List<IntermediateEvent> events = new CopyOnWriteArrayList<>();
        ScanResult r = scan(h, ScanRequest.of("HOUSEHOLD").withDpi(50).withMaxPages(3), events);
        assertEquals(3, r.pages().size());
        for (int i = 1; i <= 3; i++) {
            assertTrue(events.contains(IntermediateEvent.PAGE_SCANNED.withDetail(Integer.toString(i))));
        }
        assertEquals("the material file comes with the result", "application/zip", r.documentMime());
        byte[] zip = r.documentFile().orElseThrow();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            int i = 0;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                assertTrue(Arrays.equals(r.pages().get(i++).image(), in.readAllBytes()));
            }
        }
        assertEquals(List.of("page-001.jpg", "page-002.jpg", "page-003.jpg"), names);
        assertWorkDirEmpty();
    }

    @Test
    public void feederStopsWhenEmptyBeforeMaxPages() throws Exception {
        // the test backend's feeder holds 10 sheets
        SaneScannerHandler h = online(ScannerSettings.KEY_SOURCE, ADF, ScannerSettings.KEY_FEEDER, "true");
        assertEquals(10, scan(h, ScanRequest.of("M").withDpi(50).withMaxPages(25), new ArrayList<>()).pages().size());
    }

    @Test
    public void flatbedCapturesOnePagePerCommand() throws Exception {
        SaneScannerHandler h = online();
        assertEquals(1, scan(h, ScanRequest.of("M").withDpi(50).withMaxPages(5), new ArrayList<>()).pages().size());
    }

    @Test
    public void jamIsAHardwareErrorStaffCanClear() throws Exception {
        SaneScannerHandler h = online(ScannerSettings.KEY_SOURCE, ADF, ScannerSettings.KEY_FEEDER, "true",
                "option.read-return-value", "SANE_STATUS_JAMMED");
        DeviceException e = failure(h, ScanRequest.of("M").withDpi(50).withMaxPages(2));
        assertEquals(CompletionCode.HARDWARE_ERROR, e.code());
        assertTrue(e.hasErrorCode(ScanError.MEDIA_JAM));
        assertEquals(ActionHint.CLEAR, e.hint());
        assertEquals(MediaStatus.JAMMED, cb.last().substatus(MediaStatus.class).orElse(null));
        assertEquals("MEDIA_JAM", cb.errors.get(0).errorCode());
        assertWorkDirEmpty();
    }

    @Test
    public void noDocumentAsksTheCitizenToPlaceIt() throws Exception {
        for (boolean feeder : new boolean[] {false, true}) {
            SaneScannerHandler h = online(ScannerSettings.KEY_SOURCE, feeder ? ADF : "Flatbed",
                    ScannerSettings.KEY_FEEDER, Boolean.toString(feeder), "option.read-return-value", "SANE_STATUS_NO_DOCS");
            DeviceException e = failure(h, ScanRequest.of("M").withDpi(50));
            assertEquals("feeder=" + feeder, CompletionCode.USER_ERROR, e.code());
            assertTrue(e.hasErrorCode(ScanError.NO_MEDIA));
            assertEquals(ActionHint.RETRY, e.hint());
            assertTrue(e.getMessage().contains("place the document"));
            assertEquals(MediaStatus.NOT_PRESENT, h.status().substatus(MediaStatus.class).orElse(null));
        }
    }

    @Test
    public void coverOpenIsForStaff() throws Exception {
        SaneScannerHandler h = online("option.read-return-value", "SANE_STATUS_COVER_OPEN");
        DeviceException e = failure(h, ScanRequest.of("M").withDpi(50));
        assertEquals(CompletionCode.HARDWARE_ERROR, e.code());
        assertTrue(e.hasErrorCode(SaneScanError.COVER_OPEN));
        assertEquals(ActionHint.CLEAR, e.hint());
    }

    @Test
    public void otherSaneFaultsAreTyped() throws Exception {
        Object[][] cases = {
            {"SANE_STATUS_IO_ERROR", CompletionCode.HARDWARE_ERROR, SaneScanError.IO_ERROR},
            {"SANE_STATUS_DEVICE_BUSY", CompletionCode.DEVICE_NOT_READY, SaneScanError.DEVICE_BUSY},
            {"SANE_STATUS_ACCESS_DENIED", CompletionCode.DEVICE_NOT_READY, SaneScanError.ACCESS_DENIED},
        };
        for (Object[] c : cases) {
            SaneScannerHandler h = online("option.read-return-value", (String) c[0]);
            DeviceException e = failure(h, ScanRequest.of("M").withDpi(50));
            assertEquals((String) c[0], c[1], e.code());
            assertTrue(e.toString(), e.hasErrorCode((Enum<?>) c[2]));
        }
    }

    @Test
    public void cancelKillsScanimageAndCleansUp() throws Exception {
        SaneScannerHandler h = online("option.read-delay", "yes", "option.read-delay-duration", "200000");
        CommandContext ctx = CommandContext.withTimeout(Duration.ofSeconds(60));
        CompletableFuture<ScanResult> f = h.scan(ScanRequest.of("M"), ctx).toCompletableFuture();
        awaitScanimage(true);
        ctx.cancel();
        try {
            f.get(20, TimeUnit.SECONDS);
            fail("cancelled scan must not succeed");
        } catch (ExecutionException e) {
            assertEquals(CompletionCode.CANCELED, DeviceException.codeOf(e));
        }
        awaitScanimage(false);
        assertWorkDirEmpty();
    }

    @Test
    public void disposeDuringAScanStopsScanimage() throws Exception {
        SaneScannerHandler h = online("option.read-delay", "yes", "option.read-delay-duration", "200000");
        CompletableFuture<ScanResult> f = h.scan(ScanRequest.of("M"), CommandContext.withTimeout(Duration.ofSeconds(60)))
                .toCompletableFuture();
        awaitScanimage(true);
        h.dispose();
        try {
            f.get(20, TimeUnit.SECONDS);
            fail("disposed scan must not succeed");
        } catch (ExecutionException e) {
            // BaseDeviceHandler fails the commands of a disposed device with DEVICE_NOT_READY (every driver alike)
            assertEquals(CompletionCode.DEVICE_NOT_READY, DeviceException.codeOf(e));
        }
        awaitScanimage(false);
    }

    @Test
    public void deadlineStopsASlowScan() throws Exception {
        SaneScannerHandler h = online("option.read-delay", "yes", "option.read-delay-duration", "200000");
        CommandContext ctx = CommandContext.withTimeout(Duration.ofMillis(800));
        try {
            h.scan(ScanRequest.of("M"), ctx).toCompletableFuture().get(20, TimeUnit.SECONDS);
            fail("must time out");
        } catch (ExecutionException e) {
            assertEquals(CompletionCode.TIMEOUT, DeviceException.codeOf(e));
        }
        awaitScanimage(false);
    }

    /** Waits until this test's scanimage (its batch goes to this test's work dir) runs / is gone. */
    private void awaitScanimage(boolean running) throws InterruptedException {
        String mine = sane.workDir.toString();
        for (int i = 0; i < 200; i++) {
            boolean any = ProcessHandle.current().descendants()
                    .anyMatch(p -> p.info().command().map(c -> c.endsWith("scanimage")).orElse(false)
                            && p.info().arguments().map(a -> String.join(" ", a).contains(mine)).orElse(false));
            if (any == running) {
                return;
            }
            Thread.sleep(50);
        }
        fail("scanimage " + (running ? "never started" : "still running"));
    }

    @Test
    public void missingScannerIsNoDeviceAndRefusesScans() throws Exception {
        SaneScannerHandler h = start(sane.config(ScannerSettings.KEY_DEVICE, "test:9"));
        DeviceStatus s = cb.await(x -> x.lifecycle() == Lifecycle.READY);
        assertEquals(OperationalState.NO_DEVICE, s.operational());
        assertTrue(s.description(), s.description().contains("test:9"));
        DeviceException e = failure(h, ScanRequest.of("M"));
        assertEquals(CompletionCode.DEVICE_NOT_READY, e.code());
    }

    @Test
    public void missingScanimageIsNoDeviceWithAHint() throws Exception {
        start(sane.config(ScannerSettings.KEY_SCANIMAGE, tmp.getRoot() + "/no-such-scanimage"));
        DeviceStatus s = cb.await(x -> x.lifecycle() == Lifecycle.READY);
        assertEquals(OperationalState.NO_DEVICE, s.operational());
        assertTrue(s.description(), s.description().contains("sane-utils"));
    }

    @Test
    public void badSettingIsAConfigurationError() throws Exception {
        start(sane.config("option.batch", "x"));
        DeviceStatus s = cb.last();
        assertNotNull(s);
        assertEquals(LifecycleDetail.CONFIGURATION_ERROR, s.detail());
        assertFalse(s.isUsable());
    }

    @Test
    public void unknownBackendOptionIsUnsupported() throws Exception {
        SaneScannerHandler h = online("option.no-such-option", "1");
        DeviceException e = failure(h, ScanRequest.of("M").withDpi(50));
        assertEquals(e.toString(), CompletionCode.UNSUPPORTED, e.code());
    }

    /** Prints (does not assert) the time from command to one compressed file for an A4 300 dpi page. */
    @Test
    public void timeOfA4ScanToCompressedFile() throws Exception {
        SaneScannerHandler h = online();
        long[] ms = new long[5];
        int size = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            ScanResult r = scan(h, ScanRequest.of("M"), new ArrayList<>());
            byte[] zip = MaterialArchive.zip(r);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            size = zip.length;
            r.wipe();
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.println("[sane-scanner] A4 300 dpi colour -> ZIP(JPEG) " + size + " bytes: median " + sorted[2]
                + " ms of " + Arrays.toString(ms));
    }
}
