package org.opendmv.fleet.api;

import java.time.Instant;
import java.util.List;

/**
 * All devices of a kiosk, sent (retained) whenever one of them changes: the last report is the kiosk's
 * current device picture.
 */
public record DeviceStatusReport(int v, String kioskId, String office, Instant at, long seq,
        List<DeviceState> devices) implements KioskMessage {

    public DeviceStatusReport {
        Checks.header(v, kioskId, office, at, seq);
        devices = Checks.list("devices", devices);
    }

    @Override
    public FleetTopics.Kind kind() {
        return FleetTopics.Kind.STATUS;
    }
}
