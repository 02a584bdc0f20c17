package org.opendmv.payment.spi;

/**
 * @param outRefundNo merchant refund number
 * @param refundId    provider's refund id, or null
 * @param status      SUCCESS, PROCESSING, CLOSED or ABNORMAL (WeChat Pay's refund status names); only SUCCESS means
 *                    the money is back with the payer
 */
public record RefundResult(String outRefundNo, String refundId, String status) {
}
