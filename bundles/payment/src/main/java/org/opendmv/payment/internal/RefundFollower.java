package org.opendmv.payment.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.RefundResult;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;
import org.opendmv.store.api.PaymentRefundRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds, from the request to their end. A refund is written (REQUESTED, naming who asked) before
 * the provider is asked; only the provider's SUCCESS makes the order REFUNDED. A PROCESSING refund
 * is followed with the provider's refund query, first after {@code firstDelayMs}, doubling up to
 * {@code maxDelayMs}, until it is SUCCESS, CLOSED or ABNORMAL; refunds still REQUESTED or PROCESSING
 * in the store are picked up again when a provider appears (so after a restart). CLOSED and
 * ABNORMAL leave the order PAID with a message and a {@code PAYMENT ALERT} for staff.
 *
 * <p>Refund numbers: {@code <out_trade_no>R<n>}. A request whose answer was lost (temporary failure)
 * stays REQUESTED and is repeated with the <em>same</em> number, as WeChat Pay requires for
 * idempotency; a refund that failed finally (REFUSED, CLOSED, ABNORMAL) is never reused: the next
 * attempt gets R(n+1). While one is PROCESSING no other is sent.
 */
final class RefundFollower {
    private static final Logger LOG = LoggerFactory.getLogger(RefundFollower.class);
    static final String SYSTEM = "system";

    private final PaymentOrders orders;
    private final Function<String, PaymentProvider> providers;
    private final Consumer<PaymentOrderRecord> fire;
    private final LongSupplier firstDelayMs;
    private final LongSupplier maxDelayMs;
    private final Map<String, ScheduledFuture<?>> follows = new ConcurrentHashMap<>();
    private final Map<String, Object> orderLocks = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "opendmv-payment-refunds");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean active = true;

    RefundFollower(PaymentOrders orders, Function<String, PaymentProvider> providers, Consumer<PaymentOrderRecord> fire,
            LongSupplier firstDelayMs, LongSupplier maxDelayMs) {
        this.orders = orders;
        this.providers = providers;
        this.fire = fire;
        this.firstDelayMs = firstDelayMs;
        this.maxDelayMs = maxDelayMs;
        timer.setRemoveOnCancelPolicy(true);
    }

    void shutdown() {
        active = false;
        timer.shutdownNow();
    }

    private static String who(String requestedBy) {
        return requestedBy == null || requestedBy.isBlank() ? SYSTEM : requestedBy.strip();
    }

    private PaymentOrderRecord stored(String outTradeNo) {
        return orders.order(outTradeNo).orElseThrow(() -> new PaymentException("unknown order " + outTradeNo));
    }

    // --- asking for a refund ---

    /** See {@link org.opendmv.payment.api.PaymentService#refund(String, String, String)}. */
    PaymentOrderRecord refund(String outTradeNo, String reason, String requestedBy) {
        String by = who(requestedBy);
        synchronized (orderLocks.computeIfAbsent(outTradeNo, k -> new Object())) {
            PaymentOrderRecord o = stored(outTradeNo);
            if (PaymentOrders.REFUNDED.equals(o.state())) {
                return o;
            }
            if (!PaymentOrders.PAID.equals(o.state())) {
                throw new PaymentException("order " + outTradeNo + " is " + o.state() + "; only a PAID order can be refunded");
            }
            PaymentProvider p = providers.apply(o.provider());
            if (p == null) {
                throw new PaymentException("payment provider '" + o.provider() + "' is not available");
            }
            List<PaymentRefundRecord> earlier = orders.refunds(outTradeNo);
            for (PaymentRefundRecord r : earlier) {
                if (PaymentOrders.REFUND_SUCCESS.equals(r.status())) {
                    // the money is back already; only the order's state was left behind
                    return settle(o, r, new RefundResult(r.outRefundNo(), r.refundId(), r.status()), "refund asked by " + by);
                }
            }
            for (PaymentRefundRecord r : earlier) {
                if (PaymentOrders.REFUND_PROCESSING.equals(r.status())) {
                    // never a second refund while one is under way: ask how it is now
                    LOG.info("Refund {} of order {} is still PROCESSING; {} asked again: querying it", r.outRefundNo(), outTradeNo, by);
                    PaymentOrderRecord after = o;
                    try {
                        after = settle(o, r, p.queryRefund(outTradeNo, r.outRefundNo()), "refund query asked by " + by);
                    } catch (ProviderException e) {
                        LOG.warn("Query of refund {} failed ({}: {})", r.outRefundNo(), e.code(), e.getMessage());
                    }
                    follow(outTradeNo, r.outRefundNo(), firstDelayMs.getAsLong());
                    return after;
                }
            }
            PaymentRefundRecord lost = earlier.stream()
                    .filter(r -> PaymentOrders.REFUND_REQUESTED.equals(r.status())).findFirst().orElse(null);
            String refundNo;
            String why;
            if (lost != null) {
                // its answer was lost: the same number and content, so the provider cannot carry it out twice
                refundNo = lost.outRefundNo();
                why = lost.reason();
                LOG.info("Refund {} of order {} repeated with the same number (asked again by {})", refundNo, outTradeNo, by);
            } else {
                refundNo = outTradeNo + "R" + (earlier.size() + 1);
                why = reason == null || reason.isBlank() ? null : reason.strip();
                orders.insertRefund(refundNo, outTradeNo, o.amountFen(), why, by);
            }
            RefundResult r;
            try {
                r = p.refund(new RefundRequest(outTradeNo, refundNo, o.amountFen(), o.amountFen(), why));
            } catch (ProviderException e) {
                if (e.temporary()) {
                    note(o, "退款未完成，请重试 (" + e.code() + ")", "refund " + refundNo + " asked by " + by + ": no answer (" + e.code()
                            + "); a retry repeats " + refundNo);
                    // the request may have been carried out all the same: the query will tell
                    follow(outTradeNo, refundNo, firstDelayMs.getAsLong());
                    throw new PaymentException("payment provider unavailable (" + e.code() + "): " + e.getMessage()
                            + "; asking again repeats refund " + refundNo, e);
                }
                orders.updateRefund(refundNo, PaymentOrders.REFUND_REFUSED, null);
                note(o, "退款被拒绝 (" + e.code() + ")", "refund " + refundNo + " asked by " + by + " refused: " + e.code());
                LOG.warn("Refund {} of order {} refused by the provider: {} {}", refundNo, outTradeNo, e.code(), e.getMessage());
                throw new PaymentException("the provider refused the refund (" + e.code() + "): " + e.getMessage(), e);
            }
            LOG.info("Refund {} of order {} ({} fen) asked by {}: {}", refundNo, outTradeNo, o.amountFen(), by, r.status());
            PaymentRefundRecord rec = refundRecord(outTradeNo, refundNo).orElseThrow();
            PaymentOrderRecord after = settle(o, rec, r, "refund asked by " + by);
            if (refundRecord(outTradeNo, refundNo).map(PaymentRefundRecord::isUnfinished).orElse(false)) {
                follow(outTradeNo, refundNo, firstDelayMs.getAsLong());
            }
            return after;
        }
    }

    private Optional<PaymentRefundRecord> refundRecord(String outTradeNo, String outRefundNo) {
        return orders.refunds(outTradeNo).stream().filter(r -> r.outRefundNo().equals(outRefundNo)).findFirst();
    }

    /** Changes the PAID order's message (a history note), unless it says that already. */
    private PaymentOrderRecord note(PaymentOrderRecord o, String message, String historyNote) {
        PaymentOrderRecord now = stored(o.outTradeNo());
        if (!PaymentOrders.PAID.equals(now.state()) || message.equals(now.message())) {
            return now;
        }
        Optional<PaymentOrderRecord> r = orders.changeState(o.outTradeNo(), PaymentOrders.PAID, PaymentOrders.PAID, null, message, historyNote);
        r.ifPresent(fire);
        return r.orElseGet(() -> stored(o.outTradeNo()));
    }

    /**
     * Records what the provider says about a refund and what it means for the order. Only SUCCESS
     * makes it REFUNDED; CLOSED and ABNORMAL leave it PAID for staff.
     */
    private PaymentOrderRecord settle(PaymentOrderRecord o, PaymentRefundRecord rec, RefundResult r, String source) {
        String no = rec.outRefundNo();
        String status = r.status() == null ? "" : r.status().trim().toUpperCase(Locale.ROOT);
        boolean known = List.of(PaymentOrders.REFUND_SUCCESS, PaymentOrders.REFUND_PROCESSING, PaymentOrders.REFUND_CLOSED,
                PaymentOrders.REFUND_ABNORMAL).contains(status);
        if (!known) {
            // not a status we know: keep following it rather than guess
            LOG.warn("Refund {} of order {}: unknown refund status '{}'; still followed", no, o.outTradeNo(), status);
            status = PaymentOrders.REFUND_PROCESSING;
        }
        if (!status.equals(rec.status()) || (r.refundId() != null && !r.refundId().equals(rec.refundId()))) {
            orders.updateRefund(no, status, r.refundId());
        }
        String asked = "asked by " + who(rec.requestedBy());
        switch (status) {
            case PaymentOrders.REFUND_SUCCESS: {
                Optional<PaymentOrderRecord> after = orders.changeState(o.outTradeNo(), PaymentOrders.PAID, PaymentOrders.REFUNDED, null,
                        "已退款", "refund " + no + " SUCCESS (" + asked + "; " + source + ")");
                after.ifPresent(x -> {
                    LOG.info("Payment order {} REFUNDED (refund {}, {})", o.outTradeNo(), no, asked);
                    fire.accept(x);
                });
                return after.orElseGet(() -> stored(o.outTradeNo()));
            }
            case PaymentOrders.REFUND_PROCESSING:
                return note(o, "退款处理中 (" + no + ")", "refund " + no + " PROCESSING (" + asked + "; " + source + ")");
            case PaymentOrders.REFUND_CLOSED:
                LOG.error("PAYMENT ALERT: refund {} of order {} (application {}, {} fen, {}) was CLOSED by the provider: the money was "
                        + "NOT returned; the order stays PAID. Refund again (kiosk:refund {}, new number) or at the merchant platform",
                        no, o.outTradeNo(), o.serial(), o.amountFen(), asked, o.outTradeNo());
                return note(o, "退款已关闭 (" + no + ")：款项未退回，可重新退款", "refund " + no + " CLOSED (" + asked + "; " + source + ")");
            default:
                LOG.error("PAYMENT ALERT: refund {} of order {} (application {}, {} fen, {}) is ABNORMAL: the money could not be "
                        + "returned to the payer (e.g. a closed bank card); the order stays PAID. Settle it at the merchant platform "
                        + "(异常退款) or refund again (kiosk:refund {}, new number)", no, o.outTradeNo(), o.serial(), o.amountFen(), asked,
                        o.outTradeNo());
                return note(o, "退款异常 (" + no + ")：款项未能退回，请在商户平台处理", "refund " + no + " ABNORMAL (" + asked + "; " + source + ")");
        }
    }

    /**
     * The provider reports the trade as REFUND (转入退款) while the order is PAID: a refund has been
     * started, which is not the same as done. Our own refunds are queried now; one the kiosk does not
     * know (made at the merchant platform) is noted for staff.
     *
     * @return the changed order, or null if nothing changed
     */
    Optional<PaymentOrderRecord> tradeInRefund(PaymentOrderRecord o, String source) {
        List<PaymentRefundRecord> ours = orders.refunds(o.outTradeNo());
        if (ours.isEmpty()) {
            if (o.message() != null && o.message().startsWith("退款由商户平台发起")) {
                return null;
            }
            LOG.warn("Payment order {}: the provider reports a refund the kiosk did not ask for ({}); the order stays PAID — check it "
                    + "at the merchant platform", o.outTradeNo(), source);
            Optional<PaymentOrderRecord> r = orders.changeState(o.outTradeNo(), PaymentOrders.PAID, PaymentOrders.PAID, null,
                    "退款由商户平台发起，请在商户平台核对", source + ": REFUND, no refund asked for at the kiosk");
            r.ifPresent(fire);
            return r.isPresent() ? r : null;
        }
        ours.stream().filter(PaymentRefundRecord::isUnfinished).forEach(r -> follow(o.outTradeNo(), r.outRefundNo(), 0));
        return null;
    }

    // --- following ---

    /** Picks up every refund still REQUESTED or PROCESSING with this provider (at start, or when it comes back). */
    void resume(String providerId) {
        if (!active) {
            return;
        }
        try {
            timer.execute(() -> {
                try {
                    int n = 0;
                    for (PaymentRefundRecord r : orders.unfinishedRefunds()) {
                        Optional<PaymentOrderRecord> o = orders.order(r.outTradeNo());
                        if (o.isPresent() && providerId.equals(o.get().provider())) {
                            follow(r.outTradeNo(), r.outRefundNo(), firstDelayMs.getAsLong());
                            n++;
                        }
                    }
                    if (n > 0) {
                        LOG.info("Following {} unfinished refund(s) with provider '{}' again", n, providerId);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not list unfinished refunds: {}", e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("not resuming refunds: shutting down");
        }
    }

    private void follow(String outTradeNo, String outRefundNo, long delayMs) {
        if (!active) {
            return;
        }
        follows.compute(outRefundNo, (k, old) -> {
            if (old != null && !old.isDone()) {
                if (delayMs > 0 || old.getDelay(TimeUnit.MILLISECONDS) <= 0) {
                    return old;
                }
                old.cancel(false); // asked to look now
            }
            try {
                return timer.schedule(() -> check(outTradeNo, outRefundNo, Math.max(delayMs, firstDelayMs.getAsLong())), delayMs,
                        TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                return null;
            }
        });
    }

    /** Is a refund being followed (for tests). */
    boolean following(String outRefundNo) {
        ScheduledFuture<?> f = follows.get(outRefundNo);
        return f != null && !f.isDone();
    }

    private long next(long lastDelay) {
        long max = Math.max(maxDelayMs.getAsLong(), firstDelayMs.getAsLong());
        return Math.min(Math.max(lastDelay, 1) * 2, max);
    }

    private void check(String outTradeNo, String outRefundNo, long lastDelay) {
        follows.remove(outRefundNo);
        try {
            synchronized (orderLocks.computeIfAbsent(outTradeNo, k -> new Object())) {
                Optional<PaymentRefundRecord> rec = refundRecord(outTradeNo, outRefundNo);
                Optional<PaymentOrderRecord> o = orders.order(outTradeNo);
                if (rec.isEmpty() || !rec.get().isUnfinished() || o.isEmpty()) {
                    return;
                }
                PaymentProvider p = providers.apply(o.get().provider());
                if (p == null) {
                    // resume() starts again when it comes back; meanwhile try now and then
                    follow(outTradeNo, outRefundNo, Math.max(maxDelayMs.getAsLong(), firstDelayMs.getAsLong()));
                    return;
                }
                RefundResult r;
                try {
                    r = p.queryRefund(outTradeNo, outRefundNo);
                } catch (ProviderException e) {
                    if (e.temporary()) {
                        LOG.debug("Query of refund {} failed: {} {}", outRefundNo, e.code(), e.getMessage());
                        follow(outTradeNo, outRefundNo, next(lastDelay));
                    } else if (PaymentProvider.REFUND_NOT_FOUND.equals(e.code())
                            && PaymentOrders.REFUND_REQUESTED.equals(rec.get().status())) {
                        LOG.warn("Refund {} of order {} never reached the provider; kiosk:refund {} repeats it with the same number",
                                outRefundNo, outTradeNo, outTradeNo);
                        note(o.get(), "退款未完成，请重试", "refund " + outRefundNo + ": unknown to the provider (the request was lost)");
                    } else {
                        LOG.error("PAYMENT ALERT: refund {} of order {} ({}) cannot be followed ({}: {}); check it at the merchant platform",
                                outRefundNo, outTradeNo, rec.get().status(), e.code(), e.getMessage());
                        note(o.get(), "退款状态无法查询，请在商户平台核对 (" + outRefundNo + ")", "refund " + outRefundNo + " query: " + e.code());
                    }
                    return;
                }
                if (!outRefundNo.equals(r.outRefundNo())) {
                    LOG.warn("Query of refund {} answered for {}; asking again later", outRefundNo, r.outRefundNo());
                    follow(outTradeNo, outRefundNo, next(lastDelay));
                    return;
                }
                settle(o.get(), rec.get(), r, "refund query");
                if (refundRecord(outTradeNo, outRefundNo).map(PaymentRefundRecord::isUnfinished).orElse(false)) {
                    follow(outTradeNo, outRefundNo, next(lastDelay));
                }
            }
        } catch (RuntimeException e) {
            // store down: later
            LOG.warn("Following refund {} failed: {}", outRefundNo, e.toString());
            follow(outTradeNo, outRefundNo, Math.max(maxDelayMs.getAsLong(), firstDelayMs.getAsLong()));
        }
    }
}
