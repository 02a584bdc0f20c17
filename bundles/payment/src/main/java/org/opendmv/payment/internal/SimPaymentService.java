package org.opendmv.payment.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentListener;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.api.PaymentState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated provider: a QR code that "pays itself" after a delay. Orders live in memory; the
 * payment issue replaces this with stored orders and real providers behind the same API.
 */
@Component(service = PaymentService.class, configurationPid = SimPaymentService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "payment.provider=sim")
@Designate(ocd = SimPaymentConfig.class)
public final class SimPaymentService implements PaymentService {
    static final String PID = "org.opendmv.payment.sim";
    private static final Logger LOG = LoggerFactory.getLogger(SimPaymentService.class);
    private static final Pattern SERIAL = Pattern.compile("[0-9A-Za-z]{6,28}");

    private final Map<String, PaymentOrder> orders = new ConcurrentHashMap<>();
    private final List<PaymentListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "opendmv-payment-sim");
        t.setDaemon(true);
        return t;
    });
    private volatile SimPaymentConfig config;

    @Activate
    public SimPaymentService(SimPaymentConfig config) {
        timer.setRemoveOnCancelPolicy(true);
        modified(config);
    }

    @Modified
    void modified(SimPaymentConfig c) {
        if (!List.of("PAY", "FAIL", "NEVER").contains(c.outcome())) {
            throw new IllegalArgumentException("outcome must be PAY, FAIL or NEVER");
        }
        this.config = c;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public synchronized PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("serial must be 6-28 letters or digits");
        }
        if (amountFen <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        List<PaymentOrder> existing = forSerial(serial);
        for (PaymentOrder o : existing) {
            if (o.state() == PaymentState.PAID || (!o.state().isFinal() && o.expiresAt().isAfter(Instant.now()))) {
                return o;
            }
        }
        String outTradeNo = serial + "P" + (existing.size() + 1);
        PaymentOrder o = new PaymentOrder(outTradeNo, serial, amountFen, description,
                "weixin://wxpay/bizpayurl?pr=SIM" + outTradeNo, PaymentState.PENDING, expiresAt, null, null);
        orders.put(outTradeNo, o);
        SimPaymentConfig c = config;
        long expireMs = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
        timer.schedule(() -> expire(outTradeNo), expireMs, TimeUnit.MILLISECONDS);
        if (!c.outcome().equals("NEVER")) {
            timer.schedule(() -> settle(outTradeNo, c.outcome()), c.pay_after_ms(), TimeUnit.MILLISECONDS);
        }
        LOG.info("Simulated payment order {} created, {} fen", outTradeNo, amountFen);
        fire(o);
        return o;
    }

    private void settle(String outTradeNo, String outcome) {
        PaymentOrder changed;
        synchronized (this) {
            PaymentOrder o = orders.get(outTradeNo);
            if (o == null || o.state() != PaymentState.PENDING) {
                return;
            }
            changed = outcome.equals("PAY") ? o.with(PaymentState.PAID, "SIMTX" + outTradeNo, null)
                    : o.with(PaymentState.FAILED, null, "支付失败 (PAYERROR)");
            orders.put(outTradeNo, changed);
        }
        fire(changed);
    }

    private void expire(String outTradeNo) {
        PaymentOrder changed;
        synchronized (this) {
            PaymentOrder o = orders.get(outTradeNo);
            if (o == null || o.state() != PaymentState.PENDING) {
                return;
            }
            changed = o.with(PaymentState.CLOSED, null, "订单已过期");
            orders.put(outTradeNo, changed);
        }
        fire(changed);
    }

    @Override
    public Optional<PaymentOrder> find(String outTradeNo) {
        return Optional.ofNullable(orders.get(outTradeNo));
    }

    @Override
    public List<PaymentOrder> forSerial(String serial) {
        List<PaymentOrder> l = new ArrayList<>();
        orders.values().forEach(o -> {
            if (o.serial().equals(serial)) {
                l.add(o);
            }
        });
        l.sort(Comparator.comparing(PaymentOrder::outTradeNo));
        return l;
    }

    @Override
    public PaymentOrder query(String outTradeNo) {
        return find(outTradeNo).orElseThrow(() -> new PaymentException("unknown order " + outTradeNo));
    }

    @Override
    public PaymentOrder close(String outTradeNo) {
        PaymentOrder changed;
        synchronized (this) {
            PaymentOrder o = query(outTradeNo);
            if (o.state().isFinal()) {
                return o;
            }
            changed = o.with(PaymentState.CLOSED, null, "订单已关闭");
            orders.put(outTradeNo, changed);
        }
        fire(changed);
        return changed;
    }

    @Override
    public void addListener(PaymentListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PaymentListener listener) {
        listeners.remove(listener);
    }

    private void fire(PaymentOrder o) {
        for (PaymentListener l : listeners) {
            try {
                l.changed(o);
            } catch (RuntimeException e) {
                LOG.error("payment listener failed", e);
            }
        }
    }

    /** For the console: pay an order now (kiosk:sim pay). */
    public void payNow(String outTradeNo) {
        settle(outTradeNo, "PAY");
    }
}
