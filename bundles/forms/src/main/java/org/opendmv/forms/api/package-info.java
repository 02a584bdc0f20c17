/**
 * The official application forms as PDF, and the kiosk receipt.
 *
 * <ul>
 * <li>{@link org.opendmv.forms.api.ApplicationForms}: the service; {@code render(FormData)} gives an A4 PDF
 * of 机动车驾驶证申请表 or 机动车牌证申请表, {@code boxes(FormData)} the tick boxes it would tick,
 * {@code receipt(ReceiptData)} the text lines and QR payload of the receipt.</li>
 * <li>{@link org.opendmv.forms.api.FormKind}: which form a business uses.</li>
 * <li>{@link org.opendmv.forms.api.FormData}: what goes on the form, built from the stored
 * application's payload ({@link org.opendmv.forms.api.FormData#fromPayload}) or field by field.</li>
 * </ul>
 * Nothing here depends on the store or on the business API: the input is plain values.
 * No type prints personal data in {@code toString()}, and exception messages name fields, never values.
 */
@Export
@Version("1.0.0")
package org.opendmv.forms.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
