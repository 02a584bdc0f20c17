package org.opendmv.payment.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.PaymentProvider;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.RefundResult;
import org.opendmv.payment.spi.TradeState;

/** A provider in test code: keeps its own "provider side" orders and fails on request. */
final class FakeProvider implements PaymentProvider {
    static final class Order {
        final OrderRequest request;
        volatile TradeState state = TradeState.NOTPAY;
        volatile long paidFen = -1;

        Order(OrderRequest request) {
            this.request = request;
        }
    }

    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final List<String> creates = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();
    final List<RefundRequest> refunds = new CopyOnWriteArrayList<>();
    volatile ProviderException failCreate;
    volatile ProviderException failQuery;
    /** Thrown by close while set (a 500, a refusal). */
    volatile ProviderException failClose;
    volatile String refundStatus = "SUCCESS";
    /** Runs inside createNative before it answers (to look at the store meanwhile). */
    volatile Consumer<OrderRequest> onCreate;
    /** The payer pays at the very moment the order is closed (the close then fails with ORDERPAID). */
    volatile boolean payOnClose;
    volatile long createDelayMs;

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String createNative(OrderRequest request) throws ProviderException {
        creates.add(request.outTradeNo());
        Consumer<OrderRequest> hook = onCreate;
        if (hook != null) {
            hook.accept(request);
        }
        if (createDelayMs > 0) {
            try {
                Thread.sleep(createDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ProviderException f = failCreate;
        if (f != null) {
            throw f;
        }
        orders.putIfAbsent(request.outTradeNo(), new Order(request));
        return "weixin://wxpay/bizpayurl?pr=FAKE" + request.outTradeNo();
    }

    void pay(String no) {
        pay(no, orders.get(no).request.amountFen());
    }

    void pay(String no, long fen) {
        Order o = orders.get(no);
        o.paidFen = fen;
        o.state = TradeState.SUCCESS;
    }

    ProviderStatus status(String no) {
        Order o = orders.get(no);
        if (o == null) {
            return new ProviderStatus(no, TradeState.UNKNOWN_ORDER, -1, null, "ORDER_NOT_EXIST", null);
        }
        boolean paid = o.state == TradeState.SUCCESS || o.state == TradeState.REFUND;
        return new ProviderStatus(no, o.state, paid ? o.paidFen : o.request.amountFen(), paid ? "TX" + no : null, null,
                paid ? Instant.now() : null);
    }

    @Override
    public ProviderStatus query(String outTradeNo) throws ProviderException {
        queries.add(outTradeNo);
        ProviderException f = failQuery;
        if (f != null) {
            throw f;
        }
        return status(outTradeNo);
    }

    @Override
    public void close(String outTradeNo) throws ProviderException {
        closes.add(outTradeNo);
        ProviderException f = failClose;
        if (f != null) {
            throw f;
        }
        Order o = orders.get(outTradeNo);
        if (o == null) {
            throw new ProviderException(false, "ORDER_NOT_EXIST", "no such order");
        }
        if (payOnClose && o.state == TradeState.NOTPAY) {
            pay(outTradeNo);
        }
        if (o.state == TradeState.SUCCESS) {
            throw new ProviderException(false, "ORDERPAID", "order paid");
        }
        if (o.state == TradeState.NOTPAY || o.state == TradeState.USERPAYING) {
            o.state = TradeState.CLOSED;
        }
    }

    @Override
    public RefundResult refund(RefundRequest request) throws ProviderException {
        refunds.add(request);
        Order o = orders.get(request.outTradeNo());
        if (o == null || o.state != TradeState.SUCCESS && o.state != TradeState.REFUND) {
            throw new ProviderException(false, "INVALID_REQUEST", "not paid");
        }
        if (!"ABNORMAL".equals(refundStatus)) {
            o.state = TradeState.REFUND;
        }
        return new RefundResult(request.outRefundNo(), "RF" + request.outRefundNo(), refundStatus);
    }

    /** Body "out_trade_no"; header x-fake-signature must be "ok". The state comes from this provider's own memory. */
    @Override
    public ProviderStatus parseNotification(Map<String, String> headers, byte[] body) throws NotificationRejected {
        if (!"ok".equals(headers.get("x-fake-signature"))) {
            throw new NotificationRejected("bad signature");
        }
        return status(new String(body, StandardCharsets.UTF_8).trim());
    }
}
