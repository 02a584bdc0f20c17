/**
 * Provider SPI: a payment provider (WeChat Pay Native, the simulator, a provincial non-tax
 * platform) turns an order into a QR code, answers queries, closes, refunds and parses its own
 * notifications. The core PaymentService keeps the orders; providers keep nothing.
 */
@Export
@Version("1.1.0")
package org.opendmv.payment.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
