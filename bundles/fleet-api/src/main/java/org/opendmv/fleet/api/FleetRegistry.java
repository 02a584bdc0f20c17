package org.opendmv.fleet.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the central keeps what kiosks report; the central's MQTT ingest calls it for every valid message.
 * Implemented by the central's store (PostgreSQL); registered as an OSGi service.
 *
 * <p>Delivery is at least once: after a reconnect or a restart the same message (same {@code kioskId} and
 * {@code seq}) may be handed over again, so an implementation ignores a {@code (kioskId, seq)} it already has.
 * The messages of one kiosk arrive in {@code seq} order. Calls come from one thread at a time; an exception
 * thrown here makes the ingest log the failure (without the message) and count it.
 *
 * <p>The identity in a message is trustworthy only as far as the broker lets each kiosk publish on its own
 * topics only (per-kiosk credentials and an ACL, see docs/fleet.md); the ingest drops a message whose
 * {@code kioskId}/{@code office} differ from its topic.
 */
@ConsumerType
public interface FleetRegistry {

    /** A kiosk is alive, with its versions. */
    void heartbeat(Heartbeat heartbeat);

    /** A kiosk's device picture changed. */
    void deviceStatus(DeviceStatusReport report);

    /** A device of a kiosk reported an error. */
    void errorEvent(ErrorEvent event);

    /** A kiosk's daily counts. */
    void dailySummary(DailySummary summary);

    /** Hands {@code message} to the method of its kind. */
    default void accept(KioskMessage message) {
        if (message instanceof Heartbeat h) {
            heartbeat(h);
        } else if (message instanceof DeviceStatusReport r) {
            deviceStatus(r);
        } else if (message instanceof ErrorEvent e) {
            errorEvent(e);
        } else if (message instanceof DailySummary s) {
            dailySummary(s);
        }
    }
}
