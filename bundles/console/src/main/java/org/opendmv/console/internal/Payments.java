package org.opendmv.console.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.opendmv.payment.api.PaymentState;
import org.opendmv.store.api.PaymentOrderRecord;
import org.opendmv.store.api.PaymentOrders;

/** Helpers shared by the payment commands. */
final class Payments {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Payments() {
    }

    /** 1000 → "¥10.00". */
    static String yuan(long fen) {
        return String.format(Locale.ROOT, "¥%s%d.%02d", fen < 0 ? "-" : "", Math.abs(fen) / 100, Math.abs(fen) % 100);
    }

    static PaymentState state(String s) {
        String v = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
        try {
            return PaymentState.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state '" + (s == null ? "" : s.trim()) + "'; known: "
                    + Arrays.stream(PaymentState.values()).map(Enum::name).collect(Collectors.joining(", ")), e);
        }
    }

    /** The stored order, or a one-line error naming the command that lists them. */
    static PaymentOrderRecord order(PaymentOrders orders, String outTradeNo) {
        if (outTradeNo == null || outTradeNo.isBlank()) {
            throw new IllegalArgumentException("missing out_trade_no; see kiosk:payments");
        }
        String no = outTradeNo.trim();
        return orders.order(no).orElseThrow(() -> new IllegalArgumentException("unknown order '" + no + "'; see kiosk:payments"));
    }
}
