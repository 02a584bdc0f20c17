package org.opendmv.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentListener;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.api.PaymentState;
import org.opendmv.payment.api.Settlement;
import org.opendmv.engine.api.Aftermath;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PAY: the fee of the stored application, through the PaymentService. On entry an order is
 * created (progress data {@code pay.codeUrl}, {@code pay.outTradeNo}, {@code pay.expiresAt},
 * {@code pay.state}); the step completes when the provider reports PAID. {@code {check: true}}
 * asks the provider now ("我已支付"); {@code {retry: true}} tries again after a failure or expiry
 * (the payment core reuses an order the provider never confirmed, so the out_trade_no stays the
 * same after a temporary failure). The order expires with the step's countdown as the citizen sees
 * it ({@link StepContext#effectiveIdleTimeout}). Leaving unpaid hands the application to
 * {@link PaymentService#abandon}: cancelled and purged only once the provider confirmed the order
 * closed and unpaid, otherwise kept (PAYMENT_UNSETTLED) and settled later; the next screen learns
 * the outcome through {@link Aftermaths}, and a slip with the serial is printed unless cancelled.
 * A fee of 0 never reaches this step (the engine skips it).
 *
 * <p>Provider calls (create, query, close) may take seconds and run on {@link #CALLS}, never under
 * the session's lock: the step answers at once with {@code pay.state = CREATING} (or nothing for a
 * check) and the result comes back through {@link StepContext#post}, like CHECK's records look-up.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.PAY)
public final class PayStep implements StepType {
    private static final Logger LOG = LoggerFactory.getLogger(PayStep.class);
    static final String STATE = "pay.state";
    static final String OUT_TRADE_NO = "pay.outTradeNo";
    /** {@link #STATE} while the order is being placed with the provider. */
    static final String CREATING = "CREATING";
    private static final String CREATED = "pay.result.created";
    private static final String CREATE_FAILED = "pay.result.createFailed";
    private static final String CHECKED = "pay.result.checked";
    private static final String CHECK_FAILED = "pay.result.checkFailed";
    /** Provider calls, one thread per waiting visit (a kiosk has one or two at a time). */
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "opendmv-payment-call");
        t.setDaemon(true);
        return t;
    });

    private final Applications applications;
    private final Map<String, PaymentListener> listening = new ConcurrentHashMap<>();
    /** Visits with a provider call in flight: a second press of Retry or 我已支付 waits for it. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PaymentService payments;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Aftermaths aftermaths;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    /** How long each device command may take (org.opendmv.engine.deadlines); the defaults when absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceDeadlines deadlines;

    @Activate
    public PayStep(@Reference Applications applications) {
        this.applications = applications;
    }

    PayStep(Applications applications, PaymentService payments) {
        this(applications);
        this.payments = payments;
    }

    @Override
    public String id() {
        return StepTypes.PAY;
    }

    @Override
    public boolean allowsBackAfter() {
        return false;
    }

    @Override
    public Duration defaultIdleTimeout() {
        return Duration.ofSeconds(300);
    }

    @Override
    public void enter(StepContext ctx) {
        ctx.post(Map.of("create", true));
    }

    private static StepResult retry() {
        return StepResult.invalid(Map.of("pay:RETRY", LocalizedText.of("支付二维码生成失败，请点击“重试”", "The payment QR code could not be created; press Retry")));
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        PaymentService ps = payments;
        if (ps == null) {
            return StepResult.invalid(Map.of("pay:SUSPEND", LocalizedText.of("支付服务暂时不可用，请稍后再试或联系工作人员",
                    "Payment is unavailable right now; please wait or ask staff")));
        }
        // results of provider calls made off the lock
        if (input.get(CREATED) instanceof PaymentOrder) {
            busy.remove(ctx.sessionId());
            return created(ctx, ps, (PaymentOrder) input.get(CREATED));
        }
        if (input.containsKey(CREATE_FAILED)) {
            busy.remove(ctx.sessionId());
            return retry();
        }
        if (input.containsKey(CHECK_FAILED)) {
            busy.remove(ctx.sessionId());
            return StepResult.invalid(Map.of("pay:RETRY", LocalizedText.of("暂时无法查询支付结果，请稍后再试", "Cannot check the payment right now; please try again shortly")));
        }
        Object order = input.get("order");
        if (order instanceof PaymentOrder) {
            if (input.containsKey(CHECKED)) {
                busy.remove(ctx.sessionId());
            }
            return update(ctx, (PaymentOrder) order);
        }
        Object current = ctx.data().get(OUT_TRADE_NO);
        if (Boolean.TRUE.equals(input.get("check")) && current instanceof String) {
            if (!busy.add(ctx.sessionId())) {
                return StepResult.invalid(Map.of("", LocalizedText.of("正在查询，请稍候", "Checking, please wait")));
            }
            String no = (String) current;
            String session = ctx.sessionId();
            CALLS.execute(() -> {
                try {
                    ctx.post(Map.of("order", ps.query(no), CHECKED, true));
                } catch (RuntimeException e) {
                    LOG.warn("Session {}: payment query failed: {}", session, e.getMessage());
                    ctx.post(Map.of(CHECK_FAILED, true));
                }
            });
            return StepResult.progress(Map.of());
        }
        boolean create = Boolean.TRUE.equals(input.get("create")) && current == null && !CREATING.equals(ctx.data().get(STATE));
        boolean retry = Boolean.TRUE.equals(input.get("retry"))
                && !"PENDING".equals(ctx.data().get(STATE)) && !"PAID".equals(ctx.data().get(STATE));
        if (create || retry) {
            if (busy.contains(ctx.sessionId())) {
                return StepResult.invalid(Map.of("", LocalizedText.of("正在生成支付二维码，请稍候", "Preparing the payment code, please wait")));
            }
            return create(ctx, ps);
        }
        return StepResult.invalid(Map.of("", LocalizedText.of("请使用微信扫描二维码支付", "Scan the QR code with WeChat to pay")));
    }

    /** Stores the application if needed (a database write) and places the order off the lock. */
    private StepResult create(StepContext ctx, PaymentService ps) {
        String serial;
        try {
            serial = applications.ensure(ctx);
        } catch (RuntimeException e) {
            LOG.error("Session {}: no application to pay for", ctx.sessionId(), e);
            return StepResult.invalid(Map.of("", LocalizedText.of("申请保存失败，请联系工作人员", "The application could not be saved; please ask staff")));
        }
        // the order lives as long as the PAY countdown the citizen sees (elder mode is slower)
        Duration ttl = ctx.effectiveIdleTimeout();
        long fee = Fees.of(ctx.business(), ctx.data());
        String description = ctx.business().name().zh();
        Instant expiresAt = Instant.now(ctx.clock()).plus(ttl);
        String session = ctx.sessionId();
        busy.add(session);
        try {
            CALLS.execute(() -> {
                try {
                    ctx.post(Map.of(CREATED, ps.create(serial, fee, description, expiresAt)));
                } catch (PaymentException | IllegalArgumentException e) {
                    LOG.warn("Session {}: payment order not created: {}", session, e.getMessage());
                    ctx.post(Map.of(CREATE_FAILED, true));
                } catch (RuntimeException e) {
                    LOG.error("Session {}: payment order not created", session, e);
                    ctx.post(Map.of(CREATE_FAILED, true));
                }
            });
        } catch (RuntimeException e) {
            busy.remove(session);
            return retry();
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(Facts.SERIAL, serial);
        d.put(STATE, CREATING);
        return StepResult.progress(d);
    }

    private StepResult created(StepContext ctx, PaymentService ps, PaymentOrder o) {
        String no = o.outTradeNo();
        PaymentListener l = changed -> {
            if (changed.outTradeNo().equals(no)) {
                ctx.post(Map.of("order", changed));
            }
        };
        PaymentListener old = listening.put(ctx.sessionId(), l);
        if (old != null) {
            ps.removeListener(old);
        }
        ps.addListener(l);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(Facts.SERIAL, o.serial());
        d.put(OUT_TRADE_NO, no);
        if (o.codeUrl() != null) {
            d.put("pay.codeUrl", o.codeUrl());
        }
        d.put("pay.expiresAt", o.expiresAt());
        d.put("pay.amountFen", o.amountFen());
        d.put(STATE, o.state().name());
        // the order may have changed before the listener was in place (a stored read, no provider call)
        PaymentOrder now = ps.find(no).orElse(o);
        if (now.state() == PaymentState.PAID) {
            return paid(ctx, now, d);
        }
        d.put(STATE, now.state().name());
        if (now.message() != null) {
            d.put("pay.message", now.message());
        }
        return StepResult.progress(d);
    }

    private StepResult update(StepContext ctx, PaymentOrder o) {
        if (!o.outTradeNo().equals(ctx.data().get(OUT_TRADE_NO))) {
            return StepResult.progress(Map.of());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(STATE, o.state().name());
        switch (o.state()) {
            case PAID:
                return paid(ctx, o, d);
            case FAILED:
            case CLOSED:
                d.put("pay.message", o.message() == null ? "" : o.message());
                return StepResult.progress(d);
            default:
                if (o.message() != null) {
                    d.put("pay.message", o.message());
                }
                return StepResult.progress(d);
        }
    }

    private StepResult paid(StepContext ctx, PaymentOrder o, Map<String, Object> d) {
        String serial = String.valueOf(d.getOrDefault(Facts.SERIAL, ctx.data().get(Facts.SERIAL)));
        recordPaid(applications.store(), serial, o);
        d.put(STATE, PaymentState.PAID.name());
        d.put(Facts.PAYMENT_REF, o.outTradeNo());
        return StepResult.completed(d);
    }

    /**
     * Idempotent: a second PAID report for the same order changes nothing. The stored payment core
     * has already done this in one transaction with the order; this covers other PaymentServices.
     */
    static void recordPaid(ApplicationStore store, String serial, PaymentOrder o) {
        if (store.paymentReference(serial).isPresent()) {
            return;
        }
        store.setPaymentReference(serial, o.outTradeNo());
        store.changeStatus(serial, Application.PAID, o.outTradeNo());
        store.changeStatus(serial, Application.SUBMITTED, null);
    }

    @Override
    public void exit(StepContext ctx) {
        PaymentService ps = payments;
        busy.remove(ctx.sessionId());
        PaymentListener l = listening.remove(ctx.sessionId());
        if (ps != null && l != null) {
            ps.removeListener(l);
        }
        if (ctx.data().containsKey(Facts.PAYMENT_REF)) {
            return;
        }
        Object serial = ctx.data().get(Facts.SERIAL);
        if (!(serial instanceof String)) {
            return;
        }
        ApplicationStore store = applications.store();
        String session = ctx.sessionId();
        // a QR code was shown: the citizen may have paid; the next screen tells what became of it
        boolean ordered = ctx.data().get(OUT_TRADE_NO) != null;
        Aftermaths am = aftermaths;
        if (ordered && am != null) {
            am.put(session, new Aftermath((String) serial, Aftermath.State.CONFIRMING, false));
        }
        String business = ctx.business().name().zh();
        // closing asks the provider: off the lock (the visit has ended; the next screen waits for this)
        try {
            CALLS.execute(() -> {
                Settlement s = settleUnpaid(ps, store, (String) serial, session);
                if (ordered) {
                    boolean slip = s != Settlement.CANCELLED && printSlip((String) serial, business, s);
                    if (am != null) {
                        am.put(session, new Aftermath((String) serial, state(s), slip));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.error("Session {}: could not settle unpaid application {}", session, serial, e);
        }
    }

    private static Aftermath.State state(Settlement s) {
        switch (s) {
            case CANCELLED:
                return Aftermath.State.CANCELLED;
            case PAID:
                return Aftermath.State.SUBMITTED;
            default:
                return Aftermath.State.UNSETTLED;
        }
    }

    /**
     * The visit left PAY without a confirmed payment. The payment core closes the application's open
     * orders and cancels and purges it only when the provider has confirmed every order closed and
     * unpaid; otherwise the application is parked PAYMENT_UNSETTLED, data kept, and settled later. Without
     * a payment service it is parked here, for the payment core to settle when it is back.
     */
    static Settlement settleUnpaid(PaymentService ps, ApplicationStore store, String serial, String session) {
        try {
            if (ps != null) {
                return ps.abandon(serial);
            }
            LOG.warn("Session {}: no payment service; application {} parked as {} until it is back", session, serial,
                    Application.PAYMENT_UNSETTLED);
        } catch (RuntimeException e) {
            LOG.error("Session {}: could not settle application {} now ({}); parked as {}", session, serial, e.getMessage(),
                    Application.PAYMENT_UNSETTLED);
        }
        try {
            if (store.changeStatusIf(serial, Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED,
                    "visit ended; payment could not be settled now")) {
                return Settlement.UNSETTLED;
            }
            String now = store.find(serial).map(Application::status).orElse("");
            return Application.CANCELLED.equals(now) ? Settlement.CANCELLED
                    : Application.SUBMITTED.equals(now) || Application.PAID.equals(now) ? Settlement.PAID : Settlement.UNSETTLED;
        } catch (RuntimeException e) {
            LOG.error("Session {}: could not park application {}", session, serial, e);
            return Settlement.UNSETTLED;
        }
    }

    /** The citizen leaves with the serial on paper: their money and their application can be traced. */
    private boolean printSlip(String serial, String business, Settlement s) {
        DeviceManager dm = devices;
        ReceiptPrinter p = dm == null ? null : dm.role(ReceiptPrinter.class).orElse(null);
        if (p == null) {
            LOG.warn("OPERATOR ALERT receipt printer: none ready (payment slip of {} not printed; serial shown on screen)", serial);
            return false;
        }
        Receipt.Builder b = Receipt.builder().line("车管所自助业务凭条").line("业务：" + business).line("流水号：" + serial);
        if (s == Settlement.PAID) {
            b.line("已支付，申请已提交。");
        } else {
            b.line("支付结果确认中：如已付款，申请将自动提交；")
                    .line("如未付款，订单关闭后申请自动取消，不会扣费。")
                    .line("如有疑问请凭流水号咨询工作人员。");
        }
        b.qrText(serial);
        try {
            Duration deadline = DeviceDeadlines.of(deadlines).deadline("receiptPrinter", "print");
            p.print(b.build(), CommandContext.withTimeout(deadline)).toCompletableFuture()
                    .get(deadline.toMillis() + 5000, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            LOG.warn("OPERATOR ALERT receipt printer: payment slip of {} not printed ({})", serial, e.toString());
            return false;
        }
    }
}
