package org.opendmv.engine.internal;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptPrinter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RECEIPT: the serial number (流水号) on screen and on paper. On entry the application is stored
 * if no earlier step did (a business without SIGN), then the receipt is printed; progress data
 * {@code receipt.printed} or {@code receipt.problem}. The serial stays on screen whatever the
 * printer does. {@code {done: true}} (完成) ends the visit; {@code {print: true}} prints again.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.RECEIPT)
public final class ReceiptStep implements StepType {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptStep.class);
    static final String ID_NUMBER_KEY = Facts.ID_NUMBER;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final LocalizedText PRINTER = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.RECEIPT_PRINTER);

    private final Applications applications;
    private final DeviceCalls calls = new DeviceCalls();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    /** How long each device command may take (org.opendmv.engine.deadlines); the defaults when absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceDeadlines deadlines;

    @Activate
    public ReceiptStep(@Reference Applications applications) {
        this.applications = applications;
    }

    ReceiptStep(Applications applications, DeviceManager devices) {
        this(applications);
        this.devices = devices;
    }

    @Override
    public String id() {
        return StepTypes.RECEIPT;
    }

    @Override
    public boolean allowsBackAfter() {
        return false;
    }

    @Override
    public Duration defaultIdleTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public void enter(StepContext ctx) {
        ctx.post(Map.of("issue", true));
    }

    @Override
    public void exit(StepContext ctx) {
        calls.cancel(ctx.sessionId());
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        if (input.containsKey(DeviceCalls.EVENT)) {
            return StepResult.progress(Map.of("receipt.event", String.valueOf(input.get(DeviceCalls.EVENT))));
        }
        var error = DeviceCalls.error(input);
        if (error.isPresent()) {
            StepResult p = DeviceCalls.problem(PRINTER, error.get());
            // staff must refill or clear the printer; the citizen keeps the serial on screen
            LOG.warn("OPERATOR ALERT receipt printer: {} (receipt of {} not printed; serial shown on screen)",
                    error.get(), ctx.data().get(Facts.SERIAL));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("receipt.printed", false);
            d.put("receipt.problem", p.errors().values().iterator().next().get(ctx.locale()));
            return StepResult.progress(d);
        }
        if (input.get(DeviceCalls.RESULT) instanceof PrintResult) {
            return StepResult.progress(Map.of("receipt.printed", true, "receipt.problem", StepResult.REMOVE));
        }
        boolean issue = Boolean.TRUE.equals(input.get("issue")) || Boolean.TRUE.equals(input.get("print"));
        Object serial = ctx.data().get(Facts.SERIAL);
        if (issue || serial == null) {
            String s;
            try {
                s = applications.ensure(ctx);
            } catch (RuntimeException e) {
                LOG.error("Session {} could not store its application", ctx.sessionId(), e);
                return StepResult.invalid(Map.of("", LocalizedText.of("申请保存失败，请重试；如仍不成功请联系工作人员",
                        "The application could not be saved; please try again or ask staff")));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(Facts.SERIAL, s);
            d.putAll(print(ctx, s));
            if (Boolean.TRUE.equals(input.get("done"))) {
                return StepResult.completed(d);
            }
            return StepResult.progress(d);
        }
        if (Boolean.TRUE.equals(input.get("done"))) {
            return StepResult.completed(Map.of());
        }
        return StepResult.invalid(Map.of("", LocalizedText.of("请取走凭条后点击“完成”", "Take your receipt and press Done")));
    }

    private Map<String, Object> print(StepContext ctx, String serial) {
        DeviceManager dm = devices;
        ReceiptPrinter p = dm == null ? null : dm.role(ReceiptPrinter.class).orElse(null);
        if (p == null) {
            LOG.warn("OPERATOR ALERT receipt printer: none ready (receipt of {} not printed; serial shown on screen)", serial);
            return Map.of("receipt.printed", false, "receipt.problem",
                    LocalizedText.of("凭条打印机未就绪，请记下流水号或联系工作人员", "The receipt printer is not ready; note the serial number or ask staff").get(ctx.locale()));
        }
        Receipt r = receipt(ctx, serial);
        calls.start(ctx, DeviceDeadlines.of(deadlines).deadline("receiptPrinter", "print"), cc -> p.print(r, cc));
        return Map.of("receipt.printing", true);
    }

    static Receipt receipt(StepContext ctx, String serial) {
        long fen = Fees.of(ctx.business(), ctx.data());
        Receipt.Builder b = Receipt.builder()
                .line("车管所自助业务受理凭条")
                .line("业务：" + ctx.business().name().zh())
                .line("流水号：" + serial)
                .line("金额：" + (fen == 0 ? "免费" : String.format("%d.%02d 元", fen / 100, fen % 100)));
        Object ref = ctx.data().get(Facts.PAYMENT_REF);
        if (ref != null) {
            b.line("支付单号：" + ref);
        }
        b.line("时间：" + TIME.format(LocalDateTime.now(ctx.clock())));
        // the serial is yyyyMMdd + kiosk id + 6-digit sequence (store)
        if (serial.length() > 14) {
            b.line("自助机：" + serial.substring(8, serial.length() - 6));
        }
        b.line("请妥善保管本凭条，凭流水号查询办理进度。").qrText(serial);
        return b.build();
    }
}
