package org.opendmv.central.api;

import java.time.Instant;

/**
 * A kiosk in the registry.
 *
 * @param lastHeartbeat when its last heartbeat was sent (null: never)
 * @param revoked       its token was revoked: it cannot deliver any more
 */
public record KioskSummary(String id, String office, Instant registeredAt, Instant lastHeartbeat, boolean revoked) {
}
