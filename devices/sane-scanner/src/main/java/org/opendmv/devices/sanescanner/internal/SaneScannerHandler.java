package org.opendmv.devices.sanescanner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SANE scanner / document camera. {@link #start()} only schedules a probe ({@code scanimage -f})
 * on the core's scheduler; the device is READY/ONLINE once the configured SANE device (or, if none is
 * configured, the first one listed) is found, else READY/NO_DEVICE with a description, re-probed every
 * {@code probe.interval.s}. Scans run scanimage on a command thread of {@link BaseDeviceHandler#runCommand}
 * (see {@link Scanimage}), one at a time; a deadline, a cancel or dispose interrupts it, which kills scanimage.
 *
 * <p>Pages: flatbed/document camera ({@code feeder=false}) captures one page per command; with
 * {@code feeder=true} scanimage runs in batch mode for up to {@link ScanRequest#maxPages()} pages. A fault in
 * the middle of a batch fails the whole command (an incomplete material is useless) and wipes the pages.
 */
final class SaneScannerHandler extends BaseDeviceHandler implements DocumentScanner {
    private static final Logger LOG = LoggerFactory.getLogger(SaneScannerHandler.class);

    private final SaneScannerDriverFactory.Config defaults;
    /** One scanimage at a time: a scan given up on is still being stopped when the next one starts. */
    private final ReentrantLock scanning = new ReentrantLock();
    private volatile ScannerSettings settings;
    private volatile Scanimage scanimage;
    private volatile String deviceName;

    SaneScannerHandler(DeviceInstanceConfig config, DeviceCallback callback, SaneScannerDriverFactory.Config defaults) {
        super(config, callback);
        this.defaults = defaults;
    }

    @Override
    protected void start() {
        ScannerSettings s = ScannerSettings.from(config(), defaults); // IllegalArgumentException: CONFIGURATION_ERROR
        settings = s;
        scanimage = new Scanimage(s);
        // pages of a scan a crash interrupted must not outlive it
        List<String> leftovers = Scanimage.removeLeftovers(s.workDir());
        if (!leftovers.isEmpty()) {
            LOG.info("device {}: removed {} scan folder(s) left by an interrupted run: {}", id(), leftovers.size(), leftovers);
        }
        updateStatus(DeviceStatus.initializing("probing SANE"));
        scheduleProbe(0);
    }

    private void scheduleProbe(long delayS) {
        schedule(this::probe, Duration.ofSeconds(delayS));
    }

    /** Looks for the scanner; reports ONLINE or NO_DEVICE and schedules the next probe if not found. */
    void probe() {
        if (isDisposed()) {
            return;
        }
        ScannerSettings s = settings;
        String problem;
        try {
            List<DeviceList.Entry> found = scanimage.listDevices();
            DeviceList.Entry hit = null;
            for (DeviceList.Entry e : found) {
                if (s.deviceName().isBlank() || e.name().equals(s.deviceName())) {
                    hit = e;
                    break;
                }
            }
            if (hit != null) {
                deviceName = hit.name();
                updateInfo(config().infoBuilder().vendor(hit.vendor()).model(hit.model()).build());
                LOG.info("device {}: SANE scanner {} ({} {}) found", id(), hit.name(), hit.vendor(), hit.model());
                updateStatus(DeviceStatus.ready(OperationalState.ONLINE).withSubstatus(MediaStatus.UNKNOWN)
                        .withDescription("SANE " + hit.name()));
                return;
            }
            problem = s.deviceName().isBlank() ? "no SANE scanner found"
                    : "SANE scanner " + s.deviceName() + " not found (" + found.size() + " other devices)";
        } catch (IOException e) {
            problem = "cannot run " + s.scanimagePath() + " (install Debian package sane-utils): " + e.getMessage();
        } catch (ScanOutputException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.warn("device {}: {}; next probe in {} s", id(), problem, s.probeIntervalS());
        updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription(problem));
        scheduleProbe(s.probeIntervalS());
    }

    @Override
    public CompletionStage<ScanResult> scan(ScanRequest request, CommandContext ctx) {
        ScanRequest req = request == null ? ScanRequest.of("") : request;
        if (settings == null) { // start() found the configuration unusable
            return CompletableFuture.failedFuture(new DeviceException(CompletionCode.DEVICE_NOT_READY,
                    "scanner not configured: " + status().description()));
        }
        return runCommand(ctx, () -> doScan(req, ctx), ScanResult::wipe);
    }

    private ScanResult doScan(ScanRequest req, CommandContext ctx) throws InterruptedException {
        scanning.lockInterruptibly();
        try {
            return doScan2(req, ctx);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DeviceException) {
                throw (DeviceException) e;
            }
            LOG.error("device {}: scan failed", id(), e);
            throw new DeviceException(CompletionCode.INTERNAL_ERROR, null, "scan failed: " + e, null, e);
        } finally {
            scanning.unlock();
        }
    }

    private ScanResult doScan2(ScanRequest req, CommandContext ctx) throws IOException, InterruptedException {
        ctx.ensureActive();
        DeviceStatus status = status();
        String dev = deviceName;
        if (dev == null || status.operational() != OperationalState.ONLINE && status.operational() != OperationalState.BUSY) {
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, SaneScanError.NO_DEVICE,
                    "scanner not ready: " + status.description());
        }
        ScannerSettings s = settings;
        int count = s.feeder() ? req.maxPages() : 1;
        ctx.event(IntermediateEvent.PLACE_DOCUMENT_PROMPT);
        Scanimage.Run run;
        try {
            run = scanimage.scan(dev, req, count, ctx, callback().scheduler(),
                    page -> ctx.event(IntermediateEvent.PAGE_SCANNED.withDetail(Integer.toString(page))));
        } catch (IOException e) {
            if (isDisposed() || ctx.isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new DeviceException(CompletionCode.CANCELED, "scan stopped");
            }
            updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription("cannot run scanimage: " + e.getMessage()));
            scheduleProbe(s.probeIntervalS());
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, SaneScanError.SCANIMAGE_MISSING.name(),
                    "cannot run scanimage", null, e);
        }
        List<ScannedPage> pages = new ArrayList<>();
        try {
            ctx.ensureActive();
            // scanimage's exit code is the SANE status, but not always (the test backend's reader can make it
            // exit 0 after a failed sane_read): the "scanner status" it prints per page counts as well
            SaneStatus logged = run.log().status().filter(x -> x != SaneStatus.EOF).orElse(null);
            boolean exited = run.exitCode() >= 0; // -1: stopped while closing the device, stderr tells all
            SaneStatus effective = exited && run.exitCode() != 0 ? SaneStatus.ofCode(run.exitCode()).orElse(null) : logged;
            boolean feederEmptied = effective == SaneStatus.NO_DOCS && s.feeder() && !run.pages().isEmpty();
            if ((exited && run.exitCode() != 0 || logged != null) && !feederEmptied) {
                LOG.warn("device {}: scanimage exited with {} (stderr status {}, {} page file(s))", id(),
                        run.exitCode(), run.log().status().orElse(null), run.pages().size());
                throw failure(run);
            }
            for (Map.Entry<Integer, Path> e : run.pages().entrySet()) {
                if (pages.size() >= req.maxPages()) {
                    break;
                }
                byte[] img = Files.readAllBytes(e.getValue());
                try {
                    int[] wh = ImageHeaders.size(img, s.mime());
                    pages.add(ScannedPage.of(img, s.mime(), wh[0], wh[1]));
                } catch (ScanOutputException x) {
                    java.util.Arrays.fill(img, (byte) 0);
                    throw new DeviceException(CompletionCode.HARDWARE_ERROR, ScanError.IMAGE_FAILURE,
                            "page " + e.getKey() + " unreadable: " + x.getMessage());
                }
            }
            if (pages.isEmpty()) {
                LOG.warn("device {}: no page (scanimage exit {}): {}", id(), run.exitCode(), run.log().tail());
                media(MediaStatus.NOT_PRESENT);
                throw noMedia();
            }
            media(MediaStatus.UNKNOWN);
            LOG.info("device {}: scanned {} page(s) for material '{}'", id(), pages.size(), req.materialCode());
            // one compressed file per material for the back office, next to the page images
            return new ScanResult(pages, MaterialArchive.zip(new ScanResult(pages)), MaterialArchive.MIME);
        } catch (RuntimeException | IOException e) {
            pages.forEach(ScannedPage::wipe); // documents carry personal data
            throw e;
        } finally {
            Scanimage.deleteQuietly(run.dir());
        }
    }

    private static DeviceException noMedia() {
        return new DeviceException(CompletionCode.USER_ERROR, ScanError.NO_MEDIA.name(),
                "no document: please place the document on the scanner", ActionHint.RETRY, null);
    }

    private void media(MediaStatus m) {
        DeviceStatus s = status();
        if (s.substatus(MediaStatus.class).orElse(null) != m && s.operational() == OperationalState.ONLINE) {
            updateStatus(s.withSubstatus(m));
        }
    }

    /** Maps a failed run (exit code = SANE_Status, refined by stderr) to a typed exception. */
    private DeviceException failure(Scanimage.Run run) {
        if (run.exitCode() < 0) {
            return map(run.log().status().orElse(null), run.log(), run.exitCode());
        }
        if (run.exitCode() >= 128) { // killed by a signal: our scan timeout watchdog
            return new DeviceException(CompletionCode.TIMEOUT, "scan did not finish in " + settings.scanTimeoutS() + " s");
        }
        SaneStatus st = SaneStatus.ofCode(run.exitCode()).orElse(null);
        // exit code 1 is also scanimage's generic failure: prefer what stderr says
        if (run.log().status().isPresent() && (st == null || st == SaneStatus.GOOD || st == SaneStatus.UNSUPPORTED)) {
            st = run.log().status().get();
        }
        return map(st, run.log(), run.exitCode());
    }

    DeviceException map(SaneStatus st, ScanimageLog log, int rc) {
        if (log.openFailed()) {
            updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription("cannot open SANE device " + deviceName));
            scheduleProbe(settings.probeIntervalS());
            return new DeviceException(CompletionCode.DEVICE_NOT_READY, SaneScanError.NO_DEVICE.name(),
                    "cannot open scanner " + deviceName + (st == null ? "" : ": " + st), null, null);
        }
        if (log.badOption() && (st == null || st == SaneStatus.UNSUPPORTED || st == SaneStatus.INVAL)) {
            return new DeviceException(CompletionCode.UNSUPPORTED, SaneScanError.BAD_OPTION.name(),
                    "scanimage rejected an option (check the driver settings)", null, null);
        }
        if (st == null) {
            return new DeviceException(CompletionCode.HARDWARE_ERROR, ScanError.IMAGE_FAILURE.name(),
                    "scanimage exited with " + rc, null, null);
        }
        switch (st) {
            case JAMMED:
                media(MediaStatus.JAMMED);
                errorEvent(ScanError.MEDIA_JAM.name(), "document jammed in the feeder", ActionHint.CLEAR);
                return new DeviceException(CompletionCode.HARDWARE_ERROR, ScanError.MEDIA_JAM.name(),
                        "document jammed", ActionHint.CLEAR, null);
            case NO_DOCS:
                media(MediaStatus.NOT_PRESENT);
                return noMedia();
            case COVER_OPEN:
                errorEvent(SaneScanError.COVER_OPEN.name(), "scanner cover open", ActionHint.CLEAR);
                return new DeviceException(CompletionCode.HARDWARE_ERROR, SaneScanError.COVER_OPEN.name(),
                        "scanner cover is open", ActionHint.CLEAR, null);
            case DEVICE_BUSY:
                return new DeviceException(CompletionCode.DEVICE_NOT_READY, SaneScanError.DEVICE_BUSY.name(),
                        "scanner busy (used by another program)", ActionHint.SUSPEND, null);
            case CANCELLED:
                return new DeviceException(CompletionCode.CANCELED, "scan cancelled by the scanner");
            case ACCESS_DENIED:
                return new DeviceException(CompletionCode.DEVICE_NOT_READY, SaneScanError.ACCESS_DENIED.name(),
                        "access to the scanner denied (permissions)", ActionHint.MAINTENANCE, null);
            case IO_ERROR:
                errorEvent(SaneScanError.IO_ERROR.name(), "scanner I/O error", ActionHint.MAINTENANCE);
                return new DeviceException(CompletionCode.HARDWARE_ERROR, SaneScanError.IO_ERROR.name(),
                        "scanner I/O error", null, null);
            case UNSUPPORTED:
            case INVAL:
                return new DeviceException(CompletionCode.UNSUPPORTED, SaneScanError.BAD_OPTION.name(),
                        "scanner refused the settings: " + st, null, null);
            default:
                return new DeviceException(CompletionCode.HARDWARE_ERROR, ScanError.IMAGE_FAILURE.name(),
                        "scan failed: " + st, null, null);
        }
    }

    private void errorEvent(String code, String text, ActionHint hint) {
        raiseError(code, text, hint);
    }
}
