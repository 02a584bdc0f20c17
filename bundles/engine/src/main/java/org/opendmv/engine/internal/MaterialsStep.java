package org.opendmv.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * MATERIALS: each document of the business scanned with the document camera. Input
 * {@code {scan: code}} (scan or rescan one), {@code {retake: code}} (discard it),
 * {@code {done: true}} (checks required documents and page counts). Scans are kept as
 * {@code materials.<code>} until the visit ends or becomes an application.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.MATERIALS)
public final class MaterialsStep implements StepType {
    static final String PREFIX = "materials.";
    static final String SCANNING = "materials.scanning";
    /** Posted after a failed scan: an INVALID result carries no data, so the flag is cleared just after it. */
    private static final String SCAN_ENDED = "materials.scanEnded";
    private static final LocalizedText SCANNER = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.DOCUMENT_SCANNER);

    private final DeviceCalls calls = new DeviceCalls();
    private final Map<String, String> scanning = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    /** How long each device command may take (org.opendmv.engine.deadlines); the defaults when absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceDeadlines deadlines;

    public MaterialsStep() {
    }

    MaterialsStep(DeviceManager devices) {
        this.devices = devices;
    }

    @Override
    public String id() {
        return StepTypes.MATERIALS;
    }

    @Override
    public Duration defaultIdleTimeout() {
        return Duration.ofSeconds(180);
    }

    @Override
    public void enter(StepContext ctx) {
        if (ctx.business().materials().isEmpty()) {
            ctx.post(Map.of("done", true));
        }
    }

    @Override
    public void exit(StepContext ctx) {
        calls.cancel(ctx.sessionId());
        scanning.remove(ctx.sessionId());
    }

    private static Optional<MaterialSpec> material(StepContext ctx, Object code) {
        return ctx.business().materials().stream().filter(m -> m.code().equals(code)).findFirst();
    }

    private static void scanEnded(StepContext ctx) {
        ctx.post(Map.of(SCAN_ENDED, true));
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        if (input.containsKey(DeviceCalls.EVENT)) {
            return StepResult.progress(Map.of("materials.event", String.valueOf(input.get(DeviceCalls.EVENT))));
        }
        if (input.containsKey(SCAN_ENDED)) {
            return StepResult.progress(Map.of(SCANNING, StepResult.REMOVE));
        }
        var error = DeviceCalls.error(input);
        if (error.isPresent()) {
            scanning.remove(ctx.sessionId());
            scanEnded(ctx);
            return DeviceCalls.problem(SCANNER, error.get());
        }
        Object result = input.get(DeviceCalls.RESULT);
        if (result instanceof ScanResult) {
            ScanResult r = (ScanResult) result;
            String code = scanning.remove(ctx.sessionId());
            MaterialSpec m = code == null ? null : material(ctx, code).orElse(null);
            if (m == null) {
                r.wipe();
                scanEnded(ctx);
                return StepResult.invalid(Map.of("", LocalizedText.of("请重新扫描", "Please scan again")));
            }
            if (r.pages().size() > m.maxPages()) {
                r.wipe();
                scanEnded(ctx);
                return StepResult.invalid(Map.of(m.code(), LocalizedText.of(m.name().zh() + "最多" + m.maxPages() + "页，请重新扫描",
                        m.name().en() + " allows at most " + m.maxPages() + " page(s); please scan again")));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(PREFIX + m.code(), r);
            d.put(SCANNING, StepResult.REMOVE);
            return StepResult.progress(d);
        }
        if (input.containsKey("scan")) {
            MaterialSpec m = material(ctx, input.get("scan")).orElse(null);
            if (m == null) {
                return StepResult.invalid(Map.of("", LocalizedText.of("没有这项材料", "No such document")));
            }
            DeviceManager dm = devices;
            DocumentScanner s = dm == null ? null : dm.role(DocumentScanner.class).orElse(null);
            if (s == null) {
                return DeviceCalls.missing(SCANNER);
            }
            scanning.put(ctx.sessionId(), m.code());
            calls.start(ctx, DeviceDeadlines.of(deadlines).deadline("documentScanner", "scan"), cc -> s.scan(ScanRequest.of(m.code()).withMaxPages(m.maxPages()), cc));
            return StepResult.progress(Map.of(SCANNING, m.code()));
        }
        if (input.containsKey("retake")) {
            MaterialSpec m = material(ctx, input.get("retake")).orElse(null);
            if (m == null) {
                return StepResult.invalid(Map.of("", LocalizedText.of("没有这项材料", "No such document")));
            }
            return StepResult.progress(Map.of(PREFIX + m.code(), StepResult.REMOVE));
        }
        if (Boolean.TRUE.equals(input.get("done"))) {
            Map<String, LocalizedText> missing = new LinkedHashMap<>();
            List<Map<String, Object>> summary = new ArrayList<>();
            for (MaterialSpec m : ctx.business().materials()) {
                Object v = ctx.data().get(PREFIX + m.code());
                int pages = v instanceof ScanResult ? ((ScanResult) v).pages().size() : 0;
                if (m.required() && pages == 0) {
                    missing.put(m.code(), LocalizedText.of("请扫描" + m.name().zh(), "Please scan: " + m.name().en()));
                } else if (pages > 0 && pages < m.minPages()) {
                    missing.put(m.code(), LocalizedText.of(m.name().zh() + "至少" + m.minPages() + "页",
                            m.name().en() + " needs at least " + m.minPages() + " page(s)"));
                } else if (pages > 0) {
                    summary.add(Map.of("code", m.code(), "name", m.name().zh(), "pages", pages));
                }
            }
            if (!missing.isEmpty()) {
                return StepResult.invalid(missing);
            }
            return StepResult.completed(Map.of(Facts.MATERIALS, List.copyOf(summary)));
        }
        if (result != null) {
            SessionImpl.wipeValue(result);
        }
        return StepResult.invalid(Map.of("", LocalizedText.of("请逐项扫描材料，完成后点击“下一步”",
                "Scan each document, then press Next")));
    }
}
