package org.opendmv.central.internal;

import java.util.List;

/**
 * One checked delivery of the kiosk's back-office HTTP gateway.
 *
 * @param fingerprint SHA-256 over what makes the application the same application: serial, business, the
 *                    application data (canonical JSON) and the stored attachments (name + SHA-256). Not the
 *                    {@code form.pdf}, which the kiosk renders again for every delivery from that same data, and
 *                    not the status history or the file list's order.
 */
record Delivery(String idempotencyKey, String kioskId, String serial, String businessCode, byte[] applicationJson,
        List<File> files, String fingerprint) {

    /** A received file. */
    record File(String name, String contentType, byte[] data, String sha256) {
    }
}
