package org.opendmv.upload.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** One-time upload tickets: at least 128 random bits, single use, bound to a visit, with a TTL. */
@ProviderType
public interface UploadTickets {
    /** A new ticket for the visit; an earlier ticket of the same visit stops working. */
    UploadTicket issue(String visitId);

    /** The ticket if it exists, is unused and has not expired (does not use it up). */
    Optional<UploadTicket> peek(String token);

    /**
     * Uses the ticket up: returns it once if valid, and empty for a reused, expired, revoked or
     * guessed token. Two concurrent redeems of one token: exactly one wins.
     */
    Optional<UploadTicket> redeem(String token);

    /**
     * Starts an upload on the ticket: valid, unused, unexpired and not already being uploaded to.
     * Follow with {@link #redeem} when the photo was taken, or {@link #release} when it was
     * rejected (the citizen may try again with the same ticket). Of two concurrent claims exactly
     * one succeeds.
     */
    Optional<UploadTicket> claim(String token);

    /** The claimed upload failed: the ticket may be used again. */
    void release(String token);

    /** The visit ended: its ticket stops working. */
    void revoke(String visitId);
}
