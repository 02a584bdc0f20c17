package org.opendmv.devices.sim.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.devices.api.spi.DeviceCallback;

/**
 * Simulated document camera: PLACE_DOCUMENT_PROMPT, MEDIA_INSERTED after one latency, then one generated
 * A4 page (1240×1754 PNG, "SIMULATED PAGE n") per latency with PAGE_SCANNED(n), up to the smaller of
 * {@value #KEY_PAGES} and the request's maxPages. JAMMED fails with MEDIA_JAM.
 */
final class SimDocumentScanner extends SimDevice implements DocumentScanner {
    /** Per-instance key: pages the "citizen" puts down per scan (default 1, 1..50). */
    static final String KEY_PAGES = "sim.scanner.pages";

    // guarded by lock
    private int pages;
    private boolean jammed;

    SimDocumentScanner(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control) {
        super(config, callback, control, "SIM-DOCCAM");
    }

    @Override
    void configure(DeviceInstanceConfigView c) {
        pages = c.range(KEY_PAGES, 1, 1, 50);
    }

    @Override
    void resetScript() {
        jammed = false;
    }

    @Override
    void applyScript(SimState state) {
        if (state == SimState.JAMMED) {
            jammed = true;
        }
    }

    @Override
    void raiseErrorFor(SimState state) {
        super.raiseErrorFor(state);
        if (state == SimState.JAMMED) {
            error(ScanError.MEDIA_JAM.name(), "simulated document jam", ActionHint.CLEAR);
        }
    }

    @Override
    DeviceStatus withSubstatus(DeviceStatus s) {
        return s.withSubstatus(jammed ? MediaStatus.JAMMED : MediaStatus.NOT_PRESENT);
    }

    @Override
    String scriptSummary() {
        synchronized (lock) {
            return "pages=" + pages + (jammed ? " JAMMED" : "");
        }
    }

    @Override
    public CompletionStage<ScanResult> scan(ScanRequest request, CommandContext ctx) {
        ScanRequest req = request == null ? ScanRequest.of("") : request;
        return start(ctx, op -> {
            int n;
            boolean jam;
            synchronized (lock) {
                n = Math.min(pages, req.maxPages());
                jam = jammed;
            }
            long step = latency();
            op.ctx().event(IntermediateEvent.PLACE_DOCUMENT_PROMPT);
            op.after(step, () -> {
                op.ctx().event(IntermediateEvent.MEDIA_INSERTED);
                if (jam) {
                    throw new DeviceException(CompletionCode.HARDWARE_ERROR, ScanError.MEDIA_JAM.name(),
                            "simulated document jam", ActionHint.CLEAR, null);
                }
                capture(op, req, 1, n, step, new ArrayList<>());
            });
        });
    }

    private void capture(SimOperation<ScanResult> op, ScanRequest req, int page, int total, long step,
            List<ScannedPage> done) {
        op.after(step, () -> {
            byte[] png = SimImages.page(page, total, req.materialCode(), req.colour());
            done.add(ScannedPage.of(png, "image/png", SimImages.PAGE_WIDTH, SimImages.PAGE_HEIGHT));
            op.ctx().event(IntermediateEvent.PAGE_SCANNED.withDetail(Integer.toString(page)));
            if (page >= total) {
                op.complete(new ScanResult(done));
            } else {
                capture(op, req, page + 1, total, step, done);
            }
        });
    }
}
