package org.opendmv.engine.api;

import java.util.Objects;

/**
 * What became of a visit's application after the visit ended at PAY without a confirmed payment
 * (see {@link SessionManager#aftermath}): the touch UI tells the citizen, with the serial number.
 * No personal data.
 */
public final class Aftermath {
    public enum State {
        /** The kiosk is asking the payment provider (a few seconds). */
        CONFIRMING,
        /** The order was confirmed closed and unpaid: cancelled, nothing charged, data wiped. */
        CANCELLED,
        /** It was paid after all: the application is submitted. */
        SUBMITTED,
        /** The provider could not confirm yet: the application is kept and settled later (paid: submitted; not: cancelled). */
        UNSETTLED
    }

    private final String serial;
    private final State state;
    private final boolean slipPrinted;

    public Aftermath(String serial, State state, boolean slipPrinted) {
        this.serial = Objects.requireNonNull(serial);
        this.state = Objects.requireNonNull(state);
        this.slipPrinted = slipPrinted;
    }

    public String serial() {
        return serial;
    }

    public State state() {
        return state;
    }

    /** A slip with the serial number was printed for the citizen. */
    public boolean slipPrinted() {
        return slipPrinted;
    }

    @Override
    public String toString() {
        return "Aftermath[" + serial + " " + state + (slipPrinted ? " slip" : "") + "]";
    }
}
