package org.opendmv.payment.spi;

/** A provider's trade state, named as WeChat Pay v3 names them, plus UNKNOWN_ORDER (ORDER_NOT_EXIST). */
public enum TradeState {
    SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR, UNKNOWN_ORDER
}
