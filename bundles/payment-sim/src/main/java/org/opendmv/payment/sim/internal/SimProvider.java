package org.opendmv.payment.sim.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.RefundResult;
import org.opendmv.payment.spi.TradeState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated provider: behaves like WeChat Pay Native as the core sees it (idempotent create,
 * query, close that fails with ORDERPAID for a paid order, refunds that end at once or stay PROCESSING
 * for pay_after_ms ({@code refund_outcome}), refund query) with its "provider side"
 * orders in memory. The simulated citizen pays {@code pay_after_ms} after the QR code was issued
 * (outcome PAY), fails (FAIL), never pays (NEVER) or pays just after the expiry (LATE).
 *
 * <p>The core learns of a payment by polling, as with WeChat; to keep demos snappy the simulator
 * also nudges it right after a simulated payment by asking {@link PaymentService#query} (the
 * equivalent of a notification, without HTTP). LATE does not nudge: the core must find the
 * payment with its last query after closing. A notification may also be POSTed to
 * {@code /payment/notify/sim} with the body {@code {"out_trade_no":"…"}}: it carries no state,
 * the simulator reports its own view of that order, so a forged one can claim nothing.
 *
 * <p>Like a real provider it does not forget: its orders are written to {@code state_file}
 * (inside Karaf {@code ${karaf.data}/payment-sim/orders.txt}) after every change, so a crash test
 * that kills the JVM after a simulated payment finds it paid after the restart.
 */
@Component(service = {PaymentProvider.class, SimProvider.class}, configurationPid = SimProvider.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = PaymentProvider.PROVIDER + "=" + SimProvider.ID)
@Designate(ocd = SimConfig.class)
public final class SimProvider implements PaymentProvider {
    static final String PID = "org.opendmv.payment.sim";
    static final String ID = "sim";
    static final List<String> OUTCOMES = List.of("PAY", "FAIL", "NEVER", "LATE");
    static final List<String> REFUND_OUTCOMES = List.of("SUCCESS", "PROCESSING", "ABNORMAL", "CLOSED");
    static final long LATE_MS = 500;
    private static final int MAX_ORDERS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SimProvider.class);
    private static final Pattern OUT_TRADE_NO = Pattern.compile("\"out_trade_no\"\\s*:\\s*\"([0-9A-Za-z_|*-]{6,32})\"");

    /** One order as the simulated provider sees it. */
    static final class SimOrder {
        final String outTradeNo;
        final long amountFen;
        final Instant expiresAt;
        final Instant createdAt;
        final String codeUrl;
        TradeState state = TradeState.NOTPAY;
        Instant paidAt;

        SimOrder(OrderRequest r, Instant now) {
            this(r.outTradeNo(), r.amountFen(), r.timeExpire(), now);
        }

        SimOrder(String outTradeNo, long amountFen, Instant expiresAt, Instant createdAt) {
            this.outTradeNo = outTradeNo;
            this.amountFen = amountFen;
            this.expiresAt = expiresAt;
            this.createdAt = createdAt;
            this.codeUrl = "weixin://wxpay/bizpayurl?pr=SIM" + outTradeNo;
        }

        String line() {
            return outTradeNo + "\t" + amountFen + "\t" + expiresAt + "\t" + createdAt + "\t" + state + "\t" + (paidAt == null ? "-" : paidAt);
        }

        static SimOrder parse(String line) {
            String[] f = line.split("\t");
            SimOrder o = new SimOrder(f[0], Long.parseLong(f[1]), Instant.parse(f[2]), Instant.parse(f[3]));
            o.state = TradeState.valueOf(f[4]);
            o.paidAt = "-".equals(f[5]) ? null : Instant.parse(f[5]);
            return o;
        }
    }

    /** One refund as the simulated provider sees it: PROCESSING until {@code due}, then {@code outcome}. */
    static final class SimRefund {
        final String outRefundNo;
        final String outTradeNo;
        final long amountFen;
        final String outcome;
        final Instant due;

        SimRefund(String outRefundNo, String outTradeNo, long amountFen, String outcome, Instant due) {
            this.outRefundNo = outRefundNo;
            this.outTradeNo = outTradeNo;
            this.amountFen = amountFen;
            this.outcome = outcome;
            this.due = due;
        }

        String status(Instant now) {
            return now.isBefore(due) ? "PROCESSING" : outcome;
        }

        String line() {
            return "refund\t" + outRefundNo + "\t" + outTradeNo + "\t" + amountFen + "\t" + outcome + "\t" + due;
        }

        static SimRefund parse(String line) {
            String[] f = line.split("\t");
            return new SimRefund(f[1], f[2], Long.parseLong(f[3]), f[4], Instant.parse(f[5]));
        }
    }

    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, SimRefund> refunds = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "opendmv-payment-sim");
        t.setDaemon(true);
        return t;
    });
    private volatile SimConfig config;
    private final Path stateFile;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PaymentService core;

    @Activate
    public SimProvider(SimConfig config) {
        timer.setRemoveOnCancelPolicy(true);
        modified(config);
        String f = config.state_file() == null ? "" : config.state_file().trim();
        String data = System.getProperty("karaf.data");
        stateFile = !f.isEmpty() ? Path.of(f) : data == null ? null : Path.of(data, "payment-sim", "orders.txt");
        load();
    }

    /** Orders the simulated provider had before a restart (a real provider does not forget either). */
    private synchronized void load() {
        if (stateFile == null || !Files.isRegularFile(stateFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
                if (line.startsWith("refund\t")) {
                    SimRefund r = SimRefund.parse(line);
                    refunds.put(r.outRefundNo, r);
                } else if (!line.isBlank()) {
                    SimOrder o = SimOrder.parse(line);
                    orders.put(o.outTradeNo, o);
                }
            }
            LOG.info("Simulated provider: {} order(s) from {}", orders.size(), stateFile);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Simulated provider: could not read {} ({}); starting empty", stateFile, e.toString());
        }
    }

    /** Writes every order (callers hold the lock); a kill -9 right after a change keeps it. */
    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            StringBuilder sb = new StringBuilder();
            orders.values().forEach(o -> sb.append(o.line()).append('\n'));
            refunds.values().forEach(r -> sb.append(r.line()).append('\n'));
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Simulated provider: could not write {}: {}", stateFile, e.toString());
        }
    }

    @Modified
    void modified(SimConfig c) {
        String outcome = c.outcome() == null ? "" : c.outcome().trim().toUpperCase(java.util.Locale.ROOT);
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("outcome must be PAY, FAIL, NEVER or LATE, not '" + c.outcome() + "'");
        }
        String refund = c.refund_outcome() == null ? "" : c.refund_outcome().trim().toUpperCase(java.util.Locale.ROOT);
        if (!REFUND_OUTCOMES.contains(refund)) {
            throw new IllegalArgumentException("refund_outcome must be SUCCESS, PROCESSING, ABNORMAL or CLOSED, not '" + c.refund_outcome() + "'");
        }
        if (c.pay_after_ms() < 0) {
            throw new IllegalArgumentException("pay_after_ms must not be negative");
        }
        this.config = c;
    }

    String outcome() {
        return config.outcome().trim().toUpperCase(java.util.Locale.ROOT);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String createNative(OrderRequest request) throws ProviderException {
        SimOrder o;
        synchronized (this) {
            o = orders.get(request.outTradeNo());
            if (o != null) {
                if (o.amountFen != request.amountFen()) {
                    throw new ProviderException(false, "OUT_TRADE_NO_USED", "out_trade_no used for another amount");
                }
                if (o.state == TradeState.SUCCESS || o.state == TradeState.REFUND) {
                    throw new ProviderException(false, "ORDERPAID", "order paid already");
                }
                if (o.state != TradeState.NOTPAY && o.state != TradeState.USERPAYING) {
                    throw new ProviderException(false, "ORDERCLOSED", "order is " + o.state);
                }
                return o.codeUrl;
            }
            o = new SimOrder(request, Instant.now());
            orders.put(o.outTradeNo, o);
            while (orders.size() > MAX_ORDERS) {
                orders.remove(orders.keySet().iterator().next());
            }
            save();
        }
        String outcome = outcome();
        String no = o.outTradeNo;
        switch (outcome) {
            case "PAY":
                timer.schedule(() -> settle(no, TradeState.SUCCESS, true, false), config.pay_after_ms(), TimeUnit.MILLISECONDS);
                break;
            case "FAIL":
                timer.schedule(() -> settle(no, TradeState.PAYERROR, true, false), config.pay_after_ms(), TimeUnit.MILLISECONDS);
                break;
            case "LATE":
                long late = Math.max(0, Duration.between(Instant.now(), o.expiresAt).toMillis()) + LATE_MS;
                timer.schedule(() -> settle(no, TradeState.SUCCESS, false, true), late, TimeUnit.MILLISECONDS);
                break;
            default:
                break;
        }
        LOG.info("Simulated provider: order {} placed, {} fen, outcome {}", no, o.amountFen, outcome);
        return o.codeUrl;
    }

    /**
     * Moves a NOTPAY order to {@code to}.
     *
     * @param nudge     tell the core right away
     * @param afterExpiry allowed past the order's expiry (LATE, or staff through the console)
     * @return false if the order is unknown or not NOTPAY/USERPAYING, or expired (unless allowed)
     */
    boolean settle(String outTradeNo, TradeState to, boolean nudge, boolean afterExpiry) {
        synchronized (this) {
            SimOrder o = orders.get(outTradeNo);
            if (o == null || (o.state != TradeState.NOTPAY && o.state != TradeState.USERPAYING)) {
                return false;
            }
            if (!afterExpiry && Instant.now().isAfter(o.expiresAt)) {
                return false;
            }
            o.state = to;
            if (to == TradeState.SUCCESS) {
                o.paidAt = Instant.now();
            }
            save();
        }
        LOG.info("Simulated provider: order {} is now {}", outTradeNo, to);
        if (nudge) {
            nudge(outTradeNo);
        }
        return true;
    }

    /** Asks the core to query the order now (a notification without HTTP). */
    void nudge(String outTradeNo) {
        PaymentService ps = core;
        if (ps == null) {
            return;
        }
        try {
            timer.execute(() -> {
                try {
                    ps.query(outTradeNo);
                } catch (RuntimeException e) {
                    LOG.debug("Nudge of {} failed: {}", outTradeNo, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("not nudging: shutting down");
        }
    }

    /** For the console: closes an unpaid order at the simulated provider, as an expiry would. */
    boolean expire(String outTradeNo) {
        synchronized (this) {
            SimOrder o = orders.get(outTradeNo);
            if (o == null || (o.state != TradeState.NOTPAY && o.state != TradeState.USERPAYING)) {
                return false;
            }
            o.state = TradeState.CLOSED;
            save();
        }
        nudge(outTradeNo);
        return true;
    }

    synchronized Optional<TradeState> state(String outTradeNo) {
        SimOrder o = orders.get(outTradeNo);
        return o == null ? Optional.empty() : Optional.of(o.state);
    }

    /** Orders the simulator knows, newest first: out_trade_no, amount, state, expiry. */
    synchronized List<String[]> list() {
        List<SimOrder> l = new ArrayList<>(orders.values());
        l.sort(Comparator.comparing((SimOrder o) -> o.createdAt).reversed());
        List<String[]> out = new ArrayList<>();
        for (SimOrder o : l) {
            out.add(new String[] {o.outTradeNo, String.format("¥%d.%02d", o.amountFen / 100, o.amountFen % 100), o.state.name(),
                    o.expiresAt.toString()});
        }
        return out;
    }

    synchronized List<String> ids(boolean openOnly) {
        List<String> l = new ArrayList<>();
        orders.values().forEach(o -> {
            if (!openOnly || o.state == TradeState.NOTPAY || o.state == TradeState.USERPAYING) {
                l.add(o.outTradeNo);
            }
        });
        return l;
    }

    @Override
    public synchronized ProviderStatus query(String outTradeNo) {
        SimOrder o = orders.get(outTradeNo);
        if (o == null) {
            return new ProviderStatus(outTradeNo, TradeState.UNKNOWN_ORDER, -1, null, "订单不存在", null);
        }
        boolean paid = o.state == TradeState.SUCCESS || o.state == TradeState.REFUND;
        return new ProviderStatus(outTradeNo, o.state, o.amountFen, paid ? "SIMTX" + outTradeNo : null, describe(o.state), o.paidAt);
    }

    private static String describe(TradeState s) {
        switch (s) {
            case SUCCESS: return "支付成功";
            case REFUND: return "转入退款";
            case NOTPAY: return "未支付";
            case CLOSED: return "已关闭";
            case PAYERROR: return "支付失败(模拟)";
            default: return s.name();
        }
    }

    @Override
    public synchronized void close(String outTradeNo) throws ProviderException {
        SimOrder o = orders.get(outTradeNo);
        if (o == null) {
            throw new ProviderException(false, "ORDER_NOT_EXIST", "订单不存在");
        }
        if (o.state == TradeState.SUCCESS || o.state == TradeState.REFUND) {
            throw new ProviderException(false, "ORDERPAID", "订单已支付");
        }
        if (o.state == TradeState.NOTPAY || o.state == TradeState.USERPAYING) {
            o.state = TradeState.CLOSED;
            save();
        }
    }

    @Override
    public synchronized RefundResult refund(RefundRequest request) throws ProviderException {
        SimRefund existing = refunds.get(request.outRefundNo());
        if (existing != null) {
            // the same number again: that refund as it is now, never a second one
            return result(existing);
        }
        SimOrder o = orders.get(request.outTradeNo());
        if (o == null || (o.state != TradeState.SUCCESS && o.state != TradeState.REFUND)) {
            throw new ProviderException(false, "INVALID_REQUEST", "订单未支付，不能退款");
        }
        if (request.totalFen() != o.amountFen) {
            throw new ProviderException(false, "INVALID_REQUEST", "订单金额不符");
        }
        Instant now = Instant.now();
        long refunded = refunds.values().stream().filter(r -> r.outTradeNo.equals(o.outTradeNo) && !"CLOSED".equals(r.status(now)))
                .mapToLong(r -> r.amountFen).sum();
        if (refunded + request.refundFen() > o.amountFen) {
            throw new ProviderException(false, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
        }
        String outcome = config.refund_outcome().trim().toUpperCase(java.util.Locale.ROOT);
        Instant due = "SUCCESS".equals(outcome) ? now : now.plusMillis(config.pay_after_ms());
        SimRefund r = new SimRefund(request.outRefundNo(), o.outTradeNo, request.refundFen(), "PROCESSING".equals(outcome) ? "SUCCESS" : outcome,
                due);
        refunds.put(r.outRefundNo, r);
        o.state = TradeState.REFUND;
        save();
        LOG.info("Simulated provider: refund {} of order {} ({} fen), outcome {}", r.outRefundNo, o.outTradeNo, r.amountFen, r.outcome);
        return result(r);
    }

    @Override
    public synchronized RefundResult queryRefund(String outTradeNo, String outRefundNo) throws ProviderException {
        SimRefund r = refunds.get(outRefundNo);
        if (r == null || !r.outTradeNo.equals(outTradeNo)) {
            throw new ProviderException(false, REFUND_NOT_FOUND, "退款单不存在");
        }
        return result(r);
    }

    private static RefundResult result(SimRefund r) {
        return new RefundResult(r.outRefundNo, "SIMRF" + r.outRefundNo, r.status(Instant.now()));
    }

    @Override
    public ProviderStatus parseNotification(Map<String, String> headers, byte[] body) throws NotificationRejected {
        Matcher m = OUT_TRADE_NO.matcher(new String(body, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new NotificationRejected("expected {\"out_trade_no\":\"…\"}");
        }
        synchronized (this) {
            if (!orders.containsKey(m.group(1))) {
                throw new NotificationRejected("unknown order " + m.group(1));
            }
        }
        return query(m.group(1));
    }
}
