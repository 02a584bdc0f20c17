package org.opendmv.payment.spi;

/**
 * @param outRefundNo merchant refund number
 * @param refundId    provider's refund id, or null
 * @param status      SUCCESS, PROCESSING, CLOSED or ABNORMAL (WeChat Pay's refund status names)
 */
public record RefundResult(String outRefundNo, String refundId, String status) {
}
