package org.opendmv.store.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the back-office outbox: the hand-over of one SUBMITTED application. Holds no personal
 * data (the serial, states, times, the back office's reference and a plain error text).
 *
 * @param id             row id (what staff type in {@code kiosk:outbox-retry})
 * @param serial         the application (unique: one row per application)
 * @param idempotencyKey sent with every delivery so the back office recognises a repeat (the serial)
 * @param state          {@link Outbox#PENDING}, {@link Outbox#SENDING}, {@link Outbox#SENT} or {@link Outbox#FAILED}
 * @param attempts       deliveries started so far (reset by a staff retry)
 * @param nextAttemptAt  when the relay may try next (PENDING); null for SENT and FAILED
 * @param lastError      why the last attempt failed, or null
 * @param createdAt      written together with the application's SUBMITTED status
 * @param sentAt         when the acknowledged delivery was started, or null
 * @param acknowledgedAt when the back office acknowledged it (the retention clock starts here), or null
 * @param ackReference   the back office's acknowledgement reference, or null
 * @param purgedAt       when the application's personal data was purged for retention, or null
 */
public record OutboxEntry(long id, String serial, String idempotencyKey, String state, int attempts, Instant nextAttemptAt,
        String lastError, Instant createdAt, Instant sentAt, Instant acknowledgedAt, String ackReference, Instant purgedAt) {
    public OutboxEntry {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(state, "state");
    }
}
