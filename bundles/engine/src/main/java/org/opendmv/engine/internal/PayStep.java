package org.opendmv.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * asks the provider now ("我已支付"); {@code {retry: true}} makes a new order after a failure or
 * expiry. Leaving unpaid closes the order and cancels the application, purging its personal data.
 * A fee of 0 never reaches this step (the engine skips it).
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.PAY)
public final class PayStep implements StepType {
    private static final Logger LOG = LoggerFactory.getLogger(PayStep.class);
    static final String STATE = "pay.state";
    static final String OUT_TRADE_NO = "pay.outTradeNo";

    private final Applications applications;
    private final Map<String, PaymentListener> listening = new ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PaymentService payments;

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

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        PaymentService ps = payments;
        if (ps == null) {
            return StepResult.invalid(Map.of("pay:SUSPEND", LocalizedText.of("支付服务暂时不可用，请稍后再试或联系工作人员",
                    "Payment is unavailable right now; please wait or ask staff")));
        }
        Object order = input.get("order");
        if (order instanceof PaymentOrder) {
            return update(ctx, (PaymentOrder) order);
        }
        Object current = ctx.data().get(OUT_TRADE_NO);
        if (Boolean.TRUE.equals(input.get("check")) && current instanceof String) {
            try {
                return update(ctx, ps.query((String) current));
            } catch (PaymentException e) {
                return StepResult.invalid(Map.of("pay:RETRY", LocalizedText.of("暂时无法查询支付结果，请稍后再试", "Cannot check the payment right now; please try again shortly")));
            }
        }
        boolean create = Boolean.TRUE.equals(input.get("create")) && current == null;
        boolean retry = Boolean.TRUE.equals(input.get("retry"))
                && !"PENDING".equals(ctx.data().get(STATE)) && !"PAID".equals(ctx.data().get(STATE));
        if (create || retry) {
            return create(ctx, ps);
        }
        return StepResult.invalid(Map.of("", LocalizedText.of("请使用微信扫描二维码支付", "Scan the QR code with WeChat to pay")));
    }

    private StepResult create(StepContext ctx, PaymentService ps) {
        String serial;
        try {
            serial = applications.ensure(ctx);
        } catch (RuntimeException e) {
            LOG.error("Session {}: no application to pay for", ctx.sessionId(), e);
            return StepResult.invalid(Map.of("", LocalizedText.of("申请保存失败，请联系工作人员", "The application could not be saved; please ask staff")));
        }
        Duration ttl = ctx.step().idleTimeout().orElse(defaultIdleTimeout());
        PaymentOrder o;
        try {
            o = ps.create(serial, Fees.of(ctx.business(), ctx.data()), ctx.business().name().zh(), Instant.now(ctx.clock()).plus(ttl));
        } catch (PaymentException | IllegalArgumentException e) {
            LOG.warn("Session {}: payment order not created: {}", ctx.sessionId(), e.getMessage());
            return StepResult.invalid(Map.of("pay:RETRY", LocalizedText.of("支付二维码生成失败，请点击“重试”", "The payment QR code could not be created; press Retry")));
        }
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
        d.put(Facts.SERIAL, serial);
        d.put(OUT_TRADE_NO, no);
        d.put("pay.codeUrl", o.codeUrl());
        d.put("pay.expiresAt", o.expiresAt());
        d.put("pay.amountFen", o.amountFen());
        d.put(STATE, o.state().name());
        // the order may have been paid before the listener was in place
        PaymentOrder now = ps.find(no).orElse(o);
        if (now.state() == PaymentState.PAID) {
            return paid(ctx, now, d);
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

    /** Idempotent: a second PAID report for the same order changes nothing. */
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
        PaymentListener l = listening.remove(ctx.sessionId());
        if (ps != null && l != null) {
            ps.removeListener(l);
        }
        if (ctx.data().containsKey(Facts.PAYMENT_REF)) {
            return;
        }
        Object serial = ctx.data().get(Facts.SERIAL);
        Object no = ctx.data().get(OUT_TRADE_NO);
        if (!(serial instanceof String)) {
            return;
        }
        ApplicationStore store = applications.store();
        try {
            if (ps != null && no instanceof String) {
                PaymentOrder closed = ps.close((String) no);
                if (closed.state() == PaymentState.PAID) {
                    // paid in the last second: keep the application
                    recordPaid(store, (String) serial, closed);
                    return;
                }
            }
            store.changeStatus((String) serial, Application.CANCELLED, "visit ended before payment");
            store.purgePersonalData((String) serial, "unpaid, visit ended");
        } catch (RuntimeException e) {
            LOG.error("Session {}: could not close unpaid application {}", ctx.sessionId(), serial, e);
        }
    }
}
