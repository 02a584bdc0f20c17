package org.opendmv.store.api;

import java.time.Instant;

/**
 * One entry of an order's history. {@code fromState} is null for the creation; equal states mean
 * a note without a state change (e.g. an amount mismatch flagged for staff).
 */
public record PaymentOrderChange(String outTradeNo, String fromState, String toState, Instant at, String note) {
    @Override
    public String toString() {
        return at + " " + (fromState == null ? "" : fromState + " -> ") + toState + (note == null ? "" : " (" + note + ")");
    }
}
