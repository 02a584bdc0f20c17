/**
 * The official application forms as PDF, and the kiosk receipt.
 *
 * <ul>
 * <li>{@link org.opendmv.forms.api.ApplicationForms}: the service; {@code render(FilledForm)} gives an A4 PDF,
 * {@code boxes(FilledForm)} the tick boxes it prints, {@code receipt(ReceiptData)} the receipt.</li>
 * <li>{@link org.opendmv.forms.api.OfficialForms}: the published layouts of 机动车驾驶证申请表 and
 * 机动车牌证申请表 ({@link org.opendmv.forms.api.FormLayout}: box ids, field ids, codes).</li>
 * <li>{@link org.opendmv.forms.api.FormTemplate}: a service a bundle registers for a form outside the two.</li>
 * <li>{@link org.opendmv.forms.api.FilledForm}: what goes on a form, built from the stored application's
 * payload ({@link org.opendmv.forms.api.FilledForm#fromPayload}) or box by box and field by field.</li>
 * </ul>
 * No business code lives here: a business descriptor says which form it prints and what is ticked.
 * Nothing here depends on the store or on the business API: the input is plain values.
 * No type prints personal data in {@code toString()}, and exception messages name fields, never values.
 */
@Export
@Version("2.0.0")
package org.opendmv.forms.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
