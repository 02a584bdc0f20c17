package org.opendmv.store.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The back-office outbox (transactional outbox). A row is written in the same transaction that gives
 * an application its status SUBMITTED ({@link ApplicationStore#submit}, {@link ApplicationStore#changeStatus},
 * {@link PaymentOrders#markPaid}), at most one per application: once the citizen has a receipt, the
 * hand-over cannot be lost, whatever happens to the kiosk or the network.
 *
 * <p>States: PENDING (due at {@code nextAttemptAt}) → SENDING (claimed by the relay) → SENT (acknowledged),
 * or back to PENDING with a later due time, or FAILED (no more automatic attempts; staff retry).
 * A row left SENDING by a crash is put back to PENDING by {@link #recoverInterrupted()}; delivering it
 * again is safe because the idempotency key goes with every delivery.
 */
@ProviderType
public interface Outbox {
    String PENDING = "PENDING";
    String SENDING = "SENDING";
    String SENT = "SENT";
    String FAILED = "FAILED";

    /**
     * Puts rows left in SENDING (the relay died mid-delivery) back to PENDING, due now. Call it once when
     * the only relay starts, before {@link #claimDue}.
     *
     * @return how many rows were recovered
     */
    int recoverInterrupted();

    /**
     * Claims up to {@code max} rows that are PENDING (or FAILED with a due time) and due at {@code now},
     * oldest due first: each moves to SENDING with one more attempt, in its own compare-and-set, so two
     * callers never claim the same row.
     */
    List<OutboxEntry> claimDue(Instant now, int max);

    /**
     * SENDING (or PENDING/FAILED: a late answer after a recovery) → SENT with the acknowledgement
     * reference; acknowledged now. An already SENT row is left as it is.
     *
     * @return the row after the call, or empty for an unknown id
     */
    Optional<OutboxEntry> markSent(long id, String ackReference);

    /**
     * SENDING → PENDING due at {@code nextAttemptAt} ({@code terminal} false) or → FAILED ({@code terminal}
     * true), with the error (no personal data; cut at 512 characters). A row in another state is left as it is.
     *
     * @return the row after the call, or empty for an unknown id
     */
    Optional<OutboxEntry> markFailed(long id, String error, Instant nextAttemptAt, boolean terminal);

    /**
     * Staff retry: a PENDING or FAILED row becomes PENDING, due now, attempts reset to 0; audited.
     *
     * @throws IllegalArgumentException unknown id
     * @throws IllegalStateException    the row is SENT (delivered already) or SENDING (being delivered)
     */
    OutboxEntry retry(long id, String actor);

    /** Rows in {@code state} (null: all), most recently created first. */
    List<OutboxEntry> entries(String state, int max);

    Optional<OutboxEntry> entry(long id);

    /** The row of an application, if it has one. */
    Optional<OutboxEntry> entryOf(String serial);

    /** SENT rows acknowledged at or before {@code cutoff} whose application has not been purged yet, oldest first. */
    List<OutboxEntry> acknowledgedBefore(Instant cutoff, int max);

    /** Records that the application's personal data was purged for retention (once; later calls change nothing). */
    void markPurged(long id);
}
