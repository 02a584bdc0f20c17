package org.opendmv.payment.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentListener;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.api.PaymentState;
import org.opendmv.payment.api.Settlement;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.TradeState;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.PaidOutcome;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment core: orders live in the store ({@link PaymentOrders}), providers
 * ({@link PaymentProvider} services, picked by {@code payment.provider}) only place, query,
 * close and refund them.
 *
 * <h2>Life of an order</h2>
 * <ol>
 * <li>{@link #create}: one order per application. A PAID order, or an open one that has not expired,
 * is returned as it is; an open CREATED order (the provider call failed before) is placed again
 * with the <em>same</em> out_trade_no (WeChat Pay treats that idempotently); otherwise a new row
 * {@code <serial>P<attempt>} is written in state CREATED and committed <em>before</em> the provider
 * is asked. A temporary provider failure leaves it CREATED and throws {@link PaymentException}
 * (the PAY step offers Retry); a refusal makes it FAILED. Success: PENDING with the code_url.</li>
 * <li>Polling: every PENDING order is polled by this service, not only those on screen — the order
 * knows its own expiry, and polling needs no bookkeeping from the PAY step (a visit that ends,
 * crashes or is restarted cannot leave an order un-watched). First query after
 * {@code poll_initial_ms}, then doubling up to {@code poll_max_ms}. A kiosk has one or two open
 * orders at a time, so this costs a handful of queries a minute.</li>
 * <li>Expiry: the poller closes the order at the provider, then queries once more; a payment that
 * raced the close is kept (PAID wins). {@link #close} does the same on demand.</li>
 * <li>A SUCCESS, from a query or a notification, is cross-checked against the stored order
 * (out_trade_no and amount in fen). <b>A mismatch never fails the order and never marks it
 * paid</b>: money may have been taken, so the order keeps its state, gets the message "金额不符"
 * (or "订单号不符") and an ALERT is logged for staff, who settle it at the merchant platform; it is
 * still polled until it expires, in case a genuine payment follows. Otherwise {@link PaymentOrders#markPaid} moves the order to PAID and the
 * application to PAID, SUBMITTED in one transaction, exactly once however often it is called;
 * listeners hear of every change once. PAYERROR → FAILED, CLOSED/REVOKED → CLOSED, REFUND →
 * REFUNDED (a PAID order waits for its refund's SUCCESS: {@link RefundFollower}). Duplicate notifications change nothing.</li>
 * <li>Reconciler: when a provider appears and every {@code reconcile_interval_s}, every open order
 * is asked for again (expired ones closed and queried; a CREATED order the provider never saw is
 * CLOSED once it has expired) and every PAID order whose application lacks its payment reference
 * is completed. This makes a crash between "the provider said SUCCESS" and "the application was
 * updated" safe.</li>
 * </ol>
 */
@Component(service = {PaymentService.class, NotificationHandler.class}, configurationPid = StoredPaymentService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PaymentConfig.class)
public final class StoredPaymentService implements PaymentService, NotificationHandler {
    static final String PID = "org.opendmv.payment";
    static final String AMOUNT_MISMATCH = "金额不符";
    static final String ORDER_MISMATCH = "订单号不符";
    private static final Logger LOG = LoggerFactory.getLogger(StoredPaymentService.class);
    private static final Pattern SERIAL = Pattern.compile("[0-9A-Za-z]{6,28}");

    private final PaymentOrders orders;
    private final Clock clock;
    private final Map<String, PaymentProvider> providers = new ConcurrentHashMap<>();
    private final List<PaymentListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ScheduledFuture<?>> polls = new ConcurrentHashMap<>();
    private final Map<String, Object> serialLocks = new ConcurrentHashMap<>();
    private final ReentrantLock reconciling = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicBoolean reconcileAgain = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, r -> {
        Thread t = new Thread(r, "opendmv-payment");
        t.setDaemon(true);
        return t;
    });
    private volatile PaymentConfig config;
    private volatile ScheduledFuture<?> reconciler;
    /** Refunds from the request to SUCCESS, CLOSED or ABNORMAL (its own timer). */
    private final RefundFollower refunds;
    private volatile boolean active = true;
    /** Create calls of this run: in flight (absent value = {@link Instant#MAX}) or when they ended. */
    private final Map<String, Instant> createCalls = new ConcurrentHashMap<>();
    volatile ApplicationStore applications;

    @Activate
    public StoredPaymentService(@Reference PaymentOrders orders, PaymentConfig config) {
        this(orders, config, Clock.systemUTC());
    }

    StoredPaymentService(PaymentOrders orders, PaymentConfig config, Clock clock) {
        this.orders = orders;
        this.clock = clock;
        this.refunds = new RefundFollower(orders, providers::get, this::fire, () -> this.config.poll_initial_ms(),
                () -> this.config.refund_poll_max_s() * 1000);
        timer.setRemoveOnCancelPolicy(true);
        modified(config);
    }

    @Modified
    void modified(PaymentConfig c) {
        if (c.poll_initial_ms() < 10 || c.poll_max_ms() < c.poll_initial_ms()) {
            throw new IllegalArgumentException("poll intervals must be at least 10 ms and poll_max_ms at least poll_initial_ms");
        }
        if (c.reconcile_interval_s() < 0) {
            throw new IllegalArgumentException("reconcile_interval_s must not be negative");
        }
        this.config = c;
        ScheduledFuture<?> old = reconciler;
        if (old != null) {
            old.cancel(false);
        }
        long every = c.reconcile_interval_s();
        reconciler = every > 0 ? timer.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.SECONDS) : null;
        LOG.info("Payment: new orders go to provider '{}'; polling {}..{} ms; reconciling {}", c.provider(), c.poll_initial_ms(),
                c.poll_max_ms(), every > 0 ? "every " + every + " s" : "off");
    }

    @Deactivate
    void deactivate() {
        active = false;
        timer.shutdownNow();
        refunds.shutdown();
    }

    /**
     * The application store comes with the store, which opens on its own thread: it may be bound after a
     * provider's reconciliation already ran without it (which then could not tell a crashed run's orders).
     * Reconcile again once it is there.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindApplications(ApplicationStore store) {
        this.applications = store;
        if (config.reconcile_interval_s() > 0 && active) {
            try {
                timer.execute(this::reconcileQuietly);
            } catch (RuntimeException e) {
                LOG.debug("not reconciling: shutting down");
            }
        }
    }

    void unbindApplications(ApplicationStore store) {
        if (applications == store) {
            applications = null;
        }
    }

    @Reference(service = PaymentProvider.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(PaymentProvider provider, Map<String, Object> properties) {
        String id = providerId(provider, properties);
        providers.put(id, provider);
        LOG.info("Payment provider '{}' available", id);
        refunds.resume(id);
        if (config.reconcile_interval_s() > 0 && active) {
            // on activation and whenever a provider (re)appears: settle what was left open
            try {
                timer.execute(this::reconcileQuietly);
            } catch (RuntimeException e) {
                LOG.debug("not reconciling: shutting down");
            }
        }
    }

    void removeProvider(PaymentProvider provider, Map<String, Object> properties) {
        String id = providerId(provider, properties);
        if (providers.remove(id, provider)) {
            LOG.info("Payment provider '{}' gone", id);
        }
    }

    private static String providerId(PaymentProvider provider, Map<String, Object> properties) {
        Object id = properties == null ? null : properties.get(PaymentProvider.PROVIDER);
        return id instanceof String ? (String) id : provider.id();
    }

    private PaymentProvider provider(String id) {
        PaymentProvider p = providers.get(id);
        if (p == null) {
            throw new PaymentException("payment provider '" + id + "' is not available");
        }
        return p;
    }

    private static PaymentOrder api(PaymentOrderRecord r) {
        return new PaymentOrder(r.outTradeNo(), r.serial(), r.amountFen(), r.description(), r.codeUrl(),
                PaymentState.valueOf(r.state()), r.expiresAt(), r.transactionId(), r.message());
    }

    private PaymentOrderRecord stored(String outTradeNo) {
        return orders.order(outTradeNo).orElseThrow(() -> new PaymentException("unknown order " + outTradeNo));
    }

    private boolean expired(PaymentOrderRecord o) {
        return !clock.instant().isBefore(o.expiresAt());
    }

    private static boolean flagged(PaymentOrderRecord o) {
        return o.message() != null && (o.message().startsWith(AMOUNT_MISMATCH) || o.message().startsWith(ORDER_MISMATCH));
    }

    // --- PaymentService ---

    @Override
    public PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt) {
        if (serial == null || !SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("serial must be 6-28 letters or digits");
        }
        if (amountFen <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        if (expiresAt == null || !expiresAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("expiry must be in the future");
        }
        synchronized (serialLocks.computeIfAbsent(serial, k -> new Object())) {
            List<PaymentOrderRecord> existing = orders.ordersOf(serial);
            for (PaymentOrderRecord o : existing) {
                if (PaymentOrders.PAID.equals(o.state())) {
                    return api(o);
                }
            }
            requireAwaitingPayment(serial);
            PaymentOrderRecord again = null;
            for (PaymentOrderRecord o : existing) {
                if (!o.isOpen()) {
                    continue;
                }
                if (expired(o)) {
                    // settle it before a new order: it may have been paid in its last seconds
                    PaymentOrderRecord now = closeAndSettle(o, "订单已过期");
                    if (PaymentOrders.PAID.equals(now.state())) {
                        return api(now);
                    }
                } else if (PaymentOrders.PENDING.equals(o.state()) || flagged(o)) {
                    return api(o);
                } else {
                    again = o;
                }
            }
            if (again == null) {
                String no = serial + "P" + (existing.size() + 1);
                again = orders.insert(no, serial, config.provider(), amountFen, description == null ? "" : description, expiresAt);
                LOG.info("Payment order {} stored (CREATED), {} fen, provider {}", no, amountFen, again.provider());
            } else {
                LOG.info("Payment order {} placed again with the provider (retry)", again.outTradeNo());
            }
            return api(place(again));
        }
    }

    /** An order only for an application that waits for its payment (not cancelled, unsettled or paid). */
    private void requireAwaitingPayment(String serial) {
        ApplicationStore store = applications;
        if (store == null) {
            return; // the store itself refuses the insert (one transaction with the status check)
        }
        String status = store.find(serial).map(Application::status)
                .orElseThrow(() -> new IllegalArgumentException("no application with serial " + serial));
        if (!Application.AWAITING_PAYMENT.equals(status)) {
            throw new PaymentException("no payment order for application " + serial + ": it is " + status + ", not "
                    + Application.AWAITING_PAYMENT);
        }
    }

    /** Asks the provider for the QR code of a stored CREATED order. */
    private PaymentOrderRecord place(PaymentOrderRecord o) {
        TestPause.at(TestPause.BEFORE_PROVIDER_CREATE);
        String no = o.outTradeNo();
        PaymentProvider p = provider(o.provider());
        String codeUrl;
        createCalls.put(no, Instant.MAX);
        try {
            codeUrl = p.createNative(new OrderRequest(no, o.amountFen(), o.description(), o.expiresAt(), notifyUrl(o.provider())));
            TestPause.at(TestPause.AFTER_PROVIDER_CREATE);
        } catch (ProviderException e) {
            if ("ORDERPAID".equals(e.code())) {
                LOG.warn("Provider says order {} is paid already", no);
                return refresh(o, p, "create: ORDERPAID");
            }
            if (e.temporary()) {
                orders.changeState(no, PaymentOrders.CREATED, PaymentOrders.CREATED, null, "支付平台暂时不可用 (" + e.code() + ")",
                        "create failed: " + e.code());
                LOG.warn("Payment order {}: provider unavailable ({}: {}); stays CREATED for a retry", no, e.code(), e.getMessage());
                throw new PaymentException("payment provider unavailable (" + e.code() + ")", e);
            }
            orders.changeState(no, PaymentOrders.CREATED, PaymentOrders.FAILED, null, "下单失败 (" + e.code() + ")",
                    "create refused: " + e.code() + " " + e.getMessage()).ifPresent(r -> fire(r));
            LOG.warn("Payment order {} refused by the provider: {} {}", no, e.code(), e.getMessage());
            throw new PaymentException("the provider refused the order (" + e.code() + "): " + e.getMessage(), e);
        } finally {
            createCalls.put(no, clock.instant());
        }
        Optional<PaymentOrderRecord> pending = orders.changeState(no, PaymentOrders.CREATED, PaymentOrders.PENDING, codeUrl, null,
                "QR code issued");
        if (pending.isEmpty()) {
            // changed meanwhile (a notification, the reconciler): the stored state is the truth
            PaymentOrderRecord now = stored(no);
            if (PaymentOrders.CLOSED.equals(now.state())) {
                // closed here while the provider was creating it: the provider's order must not stay payable
                try {
                    p.close(no);
                } catch (ProviderException e) {
                    LOG.error("PAYMENT ALERT: order {} was closed here while the provider created it, and closing it there failed"
                            + " ({}: {}); it stays payable at the provider until it expires", no, e.code(), e.getMessage());
                }
            }
            return now;
        }
        fire(pending.get());
        schedulePoll(no, config.poll_initial_ms());
        return pending.get();
    }

    private String notifyUrl(String provider) {
        String base = config.notify_base_url();
        if (base == null || base.isBlank()) {
            return null;
        }
        return base.replaceAll("/+$", "") + "/" + provider;
    }

    @Override
    public Optional<PaymentOrder> find(String outTradeNo) {
        return orders.order(outTradeNo).map(StoredPaymentService::api);
    }

    @Override
    public List<PaymentOrder> forSerial(String serial) {
        return orders.ordersOf(serial).stream().map(StoredPaymentService::api).collect(Collectors.toList());
    }

    @Override
    public PaymentOrder query(String outTradeNo) {
        PaymentOrderRecord o = stored(outTradeNo);
        return api(refresh(o, provider(o.provider()), "query"));
    }

    /** Queries the provider and applies the answer; provider failures become {@link PaymentException}. */
    private PaymentOrderRecord refresh(PaymentOrderRecord o, PaymentProvider p, String source) {
        ProviderStatus st;
        try {
            st = p.query(o.outTradeNo());
        } catch (ProviderException e) {
            throw new PaymentException("payment provider unavailable (" + e.code() + "): " + e.getMessage(), e);
        }
        return apply(o.outTradeNo(), st, source);
    }

    @Override
    public PaymentOrder close(String outTradeNo) {
        PaymentOrderRecord o = stored(outTradeNo);
        if (!o.isOpen()) {
            return api(o);
        }
        return api(closeAndSettle(o, "订单已关闭"));
    }

    /**
     * Closes an open order at the provider, then queries once; PAID wins. The order becomes CLOSED
     * only when the provider confirms it can no longer be paid; if it cannot be reached the order
     * stays open for the poller or the reconciler.
     */
    private PaymentOrderRecord closeAndSettle(PaymentOrderRecord o, String why) {
        String no = o.outTradeNo();
        PaymentProvider p = provider(o.provider());
        cancelPoll(no);
        if (PaymentOrders.CREATED.equals(o.state())) {
            // perhaps never placed: no need to close what the provider has never seen
            try {
                ProviderStatus st = p.query(no);
                if (st.state() == TradeState.UNKNOWN_ORDER && createMayStillLand(no)) {
                    // a create call of this run may still reach the provider: not proof that nobody can pay
                    Instant ended = createCalls.get(no);
                    long waitMs = Instant.MAX.equals(ended) ? config.poll_max_ms()
                            : Math.max(config.poll_initial_ms(), Duration.between(clock.instant(),
                                    ended.plusSeconds(config.unknown_order_grace_s())).toMillis());
                    LOG.info("Order {} unknown to the provider, but its create call may still land; asking again in {} ms", no, waitMs);
                    schedulePoll(no, waitMs);
                    return stored(no);
                }
                if (st.state() == TradeState.UNKNOWN_ORDER) {
                    return orders.changeState(no, PaymentOrders.CREATED, PaymentOrders.CLOSED, null, why, "never placed with the provider")
                            .map(r -> {
                                fire(r);
                                return r;
                            }).orElseGet(() -> stored(no));
                }
            } catch (ProviderException e) {
                LOG.debug("Query of {} before closing failed: {}", no, e.getMessage());
            }
        }
        boolean closed = false;
        try {
            TestPause.at(TestPause.BEFORE_CLOSE);
            p.close(no);
            closed = true;
            TestPause.at(TestPause.AFTER_CLOSE);
        } catch (ProviderException e) {
            if ("ORDER_NOT_EXIST".equals(e.code()) || "ORDERNOTEXIST".equals(e.code())) {
                closed = true;
            } else if ("ORDERPAID".equals(e.code())) {
                LOG.info("Order {} was paid before it could be closed", no);
            } else {
                LOG.warn("Could not close order {} at the provider ({}: {})", no, e.code(), e.getMessage());
            }
        }
        ProviderStatus last = null;
        try {
            last = p.query(no);
        } catch (ProviderException e) {
            LOG.warn("Last query of order {} after closing failed ({}: {}); it stays open for the reconciler", no, e.code(), e.getMessage());
        }
        PaymentOrderRecord now = stored(no);
        boolean unpaid = last != null && (last.state() == TradeState.NOTPAY || last.state() == TradeState.UNKNOWN_ORDER
                || last.state() == TradeState.CLOSED);
        if (last != null && !(unpaid && closed)) {
            now = apply(no, last, "last query after close");
        }
        if (now.isOpen() && closed && unpaid && !flagged(now)) {
            Optional<PaymentOrderRecord> c = orders.changeState(no, now.state(), PaymentOrders.CLOSED, null, why, "closed at the provider");
            if (c.isPresent()) {
                fire(c.get());
                return c.get();
            }
            return stored(no);
        }
        if (now.isOpen() && !flagged(now) && active) {
            // still busy (USERPAYING): ask again soon; unreachable: once a minute (the reconciler also tries)
            schedulePoll(no, last != null ? config.poll_max_ms() : Math.max(config.poll_max_ms(), 60_000));
        }
        return now;
    }

    /** Is a create call of this run for the order in flight, or did one end within the grace period? */
    private boolean createMayStillLand(String outTradeNo) {
        Instant ended = createCalls.get(outTradeNo);
        return ended != null && (Instant.MAX.equals(ended)
                || clock.instant().isBefore(ended.plusSeconds(config.unknown_order_grace_s())));
    }

    // --- applications whose visit ended unpaid ---

    @Override
    public Settlement abandon(String serial) {
        ApplicationStore store = applications;
        if (store == null) {
            throw new PaymentException("the application store is not available");
        }
        synchronized (serialLocks.computeIfAbsent(serial, k -> new Object())) {
            String status = store.find(serial).map(Application::status)
                    .orElseThrow(() -> new IllegalArgumentException("no application with serial " + serial));
            Optional<Settlement> done = settled(status);
            if (done.isPresent()) {
                return done.get();
            }
            if (Application.AWAITING_PAYMENT.equals(status)) {
                // parked first: a crash from here on leaves a state the reconciler settles
                store.changeStatusIf(serial, Application.AWAITING_PAYMENT, Application.PAYMENT_UNSETTLED,
                        "visit ended before the payment was settled");
            }
            boolean open = false;
            boolean paid = false;
            for (PaymentOrderRecord o : orders.ordersOf(serial)) {
                PaymentOrderRecord now = o;
                if (o.isOpen()) {
                    try {
                        now = closeAndSettle(o, "办理已结束，订单已关闭");
                    } catch (RuntimeException e) {
                        LOG.warn("Order {} of application {} could not be closed now: {}", o.outTradeNo(), serial, e.getMessage());
                    }
                }
                paid |= PaymentOrders.PAID.equals(now.state()) || PaymentOrders.REFUNDED.equals(now.state());
                open |= now.isOpen();
            }
            if (!paid && !open && store.cancelUnpaid(serial, Application.PAYMENT_UNSETTLED,
                    "visit ended unpaid; every order confirmed closed by the provider")) {
                LOG.info("Application {} cancelled (unpaid, every order confirmed closed); personal data purged", serial);
                return Settlement.CANCELLED;
            }
            String after = store.find(serial).map(Application::status).orElse(Application.PAYMENT_UNSETTLED);
            Settlement s = settled(after).orElse(paid ? Settlement.PAID : Settlement.UNSETTLED);
            if (s == Settlement.UNSETTLED) {
                LOG.warn("Application {} is PAYMENT_UNSETTLED: its order could not be confirmed closed; data kept, settled by the"
                        + " reconciler", serial);
            }
            return s;
        }
    }

    private static Optional<Settlement> settled(String status) {
        if (Application.SUBMITTED.equals(status) || Application.PAID.equals(status)) {
            return Optional.of(Settlement.PAID);
        }
        if (Application.CANCELLED.equals(status)) {
            return Optional.of(Settlement.CANCELLED);
        }
        return Optional.empty();
    }

    /** An order of an unsettled application has become final: settle the application now, not at the next reconcile. */
    private void settleLater(PaymentOrderRecord r) {
        ApplicationStore store = applications;
        if (store == null || r.isOpen() || !active) {
            return;
        }
        try {
            if (store.find(r.serial()).map(a -> Application.PAYMENT_UNSETTLED.equals(a.status())).orElse(false)) {
                timer.execute(() -> {
                    try {
                        abandon(r.serial());
                    } catch (RuntimeException e) {
                        LOG.warn("Could not settle application {} now: {}", r.serial(), e.getMessage());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.debug("not settling {} now: {}", r.serial(), e.toString());
        }
    }

    @Override
    public PaymentOrder refund(String outTradeNo, String reason) {
        return refund(outTradeNo, reason, null);
    }

    @Override
    public PaymentOrder refund(String outTradeNo, String reason, String requestedBy) {
        return api(refunds.refund(outTradeNo, reason, requestedBy));
    }

    @Override
    public void addListener(PaymentListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PaymentListener listener) {
        listeners.remove(listener);
    }

    private void fire(PaymentOrderRecord r) {
        settleLater(r);
        PaymentOrder o = api(r);
        for (PaymentListener l : listeners) {
            try {
                l.changed(o);
            } catch (RuntimeException e) {
                LOG.error("payment listener failed", e);
            }
        }
    }

    // --- what the provider says ---

    /**
     * Applies a provider's view of an order (from a query or a verified notification). Safe to call
     * any number of times and concurrently: every change is a compare-and-set, payment is
     * {@link PaymentOrders#markPaid}.
     *
     * @return the order afterwards
     */
    PaymentOrderRecord apply(String outTradeNo, ProviderStatus st, String source) {
        for (int attempt = 0; ; attempt++) {
            PaymentOrderRecord o = stored(outTradeNo);
            Optional<PaymentOrderRecord> changed = applyOnce(o, st, source);
            if (changed == null) {
                // nothing to change
                return o;
            }
            if (changed.isPresent()) {
                return changed.get();
            }
            if (attempt >= 3) {
                // someone else keeps changing it; the stored state is the truth
                return stored(outTradeNo);
            }
        }
    }

    /** null: nothing to do; empty: a concurrent change won the compare-and-set (retry); else the new order. */
    private Optional<PaymentOrderRecord> applyOnce(PaymentOrderRecord o, ProviderStatus st, String source) {
        String no = o.outTradeNo();
        if (!no.equals(st.outTradeNo())) {
            return flag(o, ORDER_MISMATCH, source + " answered for " + st.outTradeNo());
        }
        switch (st.state()) {
            case SUCCESS: {
                if (PaymentOrders.REFUNDED.equals(o.state())) {
                    return null;
                }
                if (st.amountFen() != o.amountFen()) {
                    return flag(o, AMOUNT_MISMATCH, source + ": provider says " + st.amountFen() + " fen, order is " + o.amountFen() + " fen");
                }
                if (PaymentOrders.PAID.equals(o.state())) {
                    // repeated news; completes the application if a crash left it behind
                    PaidOutcome r = orders.markPaid(no, st.transactionId(), source);
                    if (r.applicationChanged()) {
                        LOG.warn("Order {}: application {} completed now ({})", no, o.serial(), source);
                        fire(r.order());
                    }
                    cancelPoll(no);
                    return null;
                }
                TestPause.at(TestPause.PAID_BEFORE_APPLY);
                PaidOutcome r = orders.markPaid(no, st.transactionId(), source);
                TestPause.at(TestPause.PAID_AFTER_APPLY);
                cancelPoll(no);
                if (r.orderChanged()) {
                    LOG.info("Payment order {} PAID ({}, transaction {})", no, source, st.transactionId());
                }
                if (r.applicationChanged() && r.applicationGivenUp()) {
                    LOG.error("PAYMENT ALERT: order {} was paid after the visit of application {} had ended unpaid (data purged): "
                            + "refund it (kiosk:refund {}) or contact the citizen", no, o.serial(), no);
                }
                if (r.paidTwice()) {
                    LOG.error("PAYMENT ALERT: application {} is paid by {} already; {} is a second payment of {} fen: refund it (kiosk:refund {})",
                            o.serial(), r.applicationPaymentRef(), no, o.amountFen(), no);
                }
                if (r.orderChanged() || r.applicationChanged()) {
                    fire(r.order());
                }
                return Optional.of(r.order());
            }
            case REFUND:
                if (PaymentOrders.PAID.equals(o.state())) {
                    // a refund under way is not a refund done: only its SUCCESS makes the order REFUNDED
                    return refunds.tradeInRefund(o, source);
                }
                if (o.isOpen()) {
                    return transition(o, PaymentOrders.REFUNDED, "已退款", source + ": REFUND");
                }
                return null;
            case PAYERROR:
                return o.isOpen() ? transition(o, PaymentOrders.FAILED, "支付失败" + (st.message() == null ? "" : "：" + st.message()),
                        source + ": PAYERROR") : null;
            case CLOSED:
            case REVOKED:
                return o.isOpen() ? transition(o, PaymentOrders.CLOSED, "订单已关闭", source + ": " + st.state()) : null;
            case UNKNOWN_ORDER:
                if (o.isOpen() && expired(o)) {
                    return transition(o, PaymentOrders.CLOSED, "订单已过期", source + ": never placed with the provider");
                }
                return null;
            case NOTPAY:
            case USERPAYING:
            default:
                return null;
        }
    }

    private Optional<PaymentOrderRecord> transition(PaymentOrderRecord o, String to, String message, String note) {
        Optional<PaymentOrderRecord> r = orders.changeState(o.outTradeNo(), o.state(), to, null, message, note);
        r.ifPresent(x -> {
            LOG.info("Payment order {} {} -> {} ({})", o.outTradeNo(), o.state(), to, note);
            if (!x.isOpen()) {
                cancelPoll(o.outTradeNo());
            }
            fire(x);
        });
        return r;
    }

    /** Marks an order for staff without changing its state: money may have moved, so nothing is decided here. */
    private Optional<PaymentOrderRecord> flag(PaymentOrderRecord o, String what, String detail) {
        if (o.message() != null && o.message().startsWith(what)) {
            LOG.warn("Payment order {} still flagged: {} ({})", o.outTradeNo(), what, detail);
            return null;
        }
        LOG.error("PAYMENT ALERT: order {} of application {}: {} — {}; NOT marked paid, state stays {}; settle it at the merchant platform",
                o.outTradeNo(), o.serial(), what, detail, o.state());
        Optional<PaymentOrderRecord> r = orders.changeState(o.outTradeNo(), o.state(), o.state(), null, what, detail);
        r.ifPresent(this::fire);
        return r;
    }

    // --- notifications ---

    @Override
    public void notification(String provider, Map<String, String> headers, byte[] body) throws NotificationRejected {
        PaymentProvider p = providers.get(provider);
        if (p == null) {
            throw new IllegalArgumentException("no payment provider '" + provider + "' here");
        }
        ProviderStatus st = p.parseNotification(headers, body);
        Optional<PaymentOrderRecord> o = orders.order(st.outTradeNo());
        if (o.isEmpty()) {
            LOG.error("PAYMENT ALERT: authentic notification from {} for unknown order {} ({})", provider, st.outTradeNo(), st.state());
            return;
        }
        if (!o.get().provider().equals(provider)) {
            LOG.error("PAYMENT ALERT: notification from {} for order {} placed with {}; ignored", provider, st.outTradeNo(), o.get().provider());
            return;
        }
        apply(st.outTradeNo(), st, "notification");
    }

    // --- polling ---

    private void schedulePoll(String outTradeNo, long delayMs) {
        if (!active) {
            return;
        }
        polls.compute(outTradeNo, (k, old) -> {
            if (old != null && !old.isDone()) {
                return old;
            }
            try {
                return timer.schedule(() -> poll(outTradeNo, delayMs), delayMs, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                return null;
            }
        });
    }

    private void cancelPoll(String outTradeNo) {
        ScheduledFuture<?> f = polls.remove(outTradeNo);
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Is an order being polled (for tests). */
    boolean polling(String outTradeNo) {
        ScheduledFuture<?> f = polls.get(outTradeNo);
        return f != null && !f.isDone();
    }

    private void poll(String outTradeNo, long lastDelay) {
        polls.remove(outTradeNo);
        PaymentConfig c = config;
        try {
            Optional<PaymentOrderRecord> found = orders.order(outTradeNo);
            if (found.isEmpty() || !found.get().isOpen()) {
                return;
            }
            PaymentOrderRecord o = found.get();
            PaymentProvider p = providers.get(o.provider());
            if (p == null) {
                schedulePoll(outTradeNo, c.poll_max_ms());
                return;
            }
            long grace = c.poll_initial_ms();
            if (!clock.instant().isBefore(o.expiresAt().plusMillis(grace))) {
                // an expired order awaiting staff (flagged) is left to the reconciler's slower round
                if (!flagged(o)) {
                    closeAndSettle(o, "订单已过期");
                }
                return;
            }
            try {
                o = apply(outTradeNo, p.query(outTradeNo), "poll");
            } catch (ProviderException e) {
                LOG.debug("Poll of {} failed: {} {}", outTradeNo, e.code(), e.getMessage());
            }
            if (o.isOpen()) {
                // a flagged order is polled too: a genuine payment may still come (staff are alerted meanwhile)
                long next = Math.min(Math.max(lastDelay, 1) * 2, c.poll_max_ms());
                long untilExpiry = Duration.between(clock.instant(), o.expiresAt().plusMillis(grace)).toMillis();
                schedulePoll(outTradeNo, Math.max(1, Math.min(next, untilExpiry)));
            }
        } catch (RuntimeException e) {
            // store down: try again later
            LOG.warn("Poll of {} failed: {}", outTradeNo, e.toString());
            schedulePoll(outTradeNo, c.poll_max_ms());
        }
    }

    // --- reconciliation ---

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Payment reconciliation failed: {}", e.toString());
        }
    }

    /**
     * Settles what a crash or an outage may have left behind: every open order is asked for again
     * (expired ones closed, then queried; orders awaiting staff are asked too, in case a genuine
     * payment comes), every PAID order whose application was not updated is completed, and every
     * application whose visit is gone — PAYMENT_UNSETTLED, or AWAITING_PAYMENT stored by an earlier
     * run of the kiosk (a JVM restart ends every visit; a component or bundle restart does not) — is
     * settled through {@link #abandon}. Idempotent; safe to run concurrently with itself.
     *
     * @return how many orders or applications changed
     */
    int reconcile() {
        if (!reconciling.tryLock()) {
            // one is running, perhaps without something that has just arrived (the application store): run again after it
            reconcileAgain.set(true);
            return 0;
        }
        int changed = 0;
        try {
            ApplicationStore store = applications;
            Set<String> gone = new LinkedHashSet<>();
            if (store != null) {
                gone.addAll(store.fromEarlierRuns(Application.AWAITING_PAYMENT));
                gone.addAll(store.serialsWithStatus(Application.PAYMENT_UNSETTLED));
            }
            for (PaymentOrderRecord o : orders.openOrders()) {
                if (gone.contains(o.serial())) {
                    continue; // settled with its application below
                }
                if (flagged(o)) {
                    LOG.warn("PAYMENT ALERT: order {} awaits staff: {}", o.outTradeNo(), o.message());
                }
                PaymentProvider p = providers.get(o.provider());
                if (p == null) {
                    LOG.warn("Payment order {} is open but provider '{}' is not available", o.outTradeNo(), o.provider());
                    continue;
                }
                try {
                    PaymentOrderRecord after;
                    if (expired(o) && !flagged(o)) {
                        after = closeAndSettle(o, "订单已过期");
                    } else {
                        after = apply(o.outTradeNo(), p.query(o.outTradeNo()), "reconcile");
                        if (after.isOpen() && !expired(after)) {
                            schedulePoll(o.outTradeNo(), config.poll_initial_ms());
                        }
                    }
                    if (!after.state().equals(o.state())) {
                        changed++;
                    }
                } catch (ProviderException | RuntimeException e) {
                    LOG.warn("Reconciling order {} failed: {}", o.outTradeNo(), e.getMessage());
                }
            }
            for (PaymentOrderRecord o : orders.paidNotApplied()) {
                PaidOutcome r = orders.markPaid(o.outTradeNo(), o.transactionId(), "reconcile: application not yet updated");
                if (r.applicationChanged()) {
                    changed++;
                    LOG.warn("Order {} was PAID but application {} was not updated; completed now", o.outTradeNo(), o.serial());
                    fire(r.order());
                }
            }
            for (String serial : gone) {
                try {
                    if (abandon(serial) != Settlement.UNSETTLED) {
                        changed++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Settling application {} failed: {}", serial, e.getMessage());
                }
            }
        } finally {
            reconciling.unlock();
        }
        if (changed > 0) {
            LOG.info("Payment reconciliation changed {} order(s) or application(s)", changed);
        }
        if (reconcileAgain.getAndSet(false) && active) {
            try {
                timer.execute(this::reconcileQuietly);
            } catch (RuntimeException e) {
                LOG.debug("not reconciling again: shutting down");
            }
        }
        return changed;
    }
}
