package org.opendmv.fleet.api;

import java.time.Instant;

/**
 * What every message a kiosk sends has in common. {@code seq} grows by one with each message of the kiosk,
 * whatever its kind, so the central can tell order, gaps and repeats.
 */
public sealed interface KioskMessage permits Heartbeat, DeviceStatusReport, ErrorEvent, DailySummary {

    /** The only message format version so far. */
    int VERSION = 1;

    int v();

    String kioskId();

    String office();

    /** When the kiosk made the message (not when it was delivered: buffered messages arrive later). */
    Instant at();

    long seq();

    FleetTopics.Kind kind();

    /** The topic this message is published on. */
    default String topic() {
        return FleetTopics.kiosk(office(), kioskId(), kind());
    }
}
