/**
 * Payment of fees: one order per application, amounts in fen. The PAY step uses
 * {@link org.opendmv.payment.api.PaymentService}; a provider (simulated by default, WeChat Pay
 * Native in production) turns an order into a QR code and reports when it is paid.
 */
@Export
@Version("1.2.0")
package org.opendmv.payment.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
