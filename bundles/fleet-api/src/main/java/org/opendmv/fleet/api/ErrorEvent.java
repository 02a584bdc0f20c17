package org.opendmv.fleet.api;

import java.time.Instant;

/**
 * An unsolicited device error on a kiosk. The driver's description text stays on the kiosk: only codes leave
 * it.
 *
 * @param deviceId device instance id
 * @param deviceClass e.g. {@code RECEIPT_PRINTER}
 * @param errorCode e.g. {@code PAPER_OUT}
 * @param hint what should happen: {@code RETRY}, {@code CLEAR}, {@code MAINTENANCE}, {@code SUSPEND}
 * @param occurredAt when the device reported it
 */
public record ErrorEvent(int v, String kioskId, String office, Instant at, long seq, String deviceId,
        String deviceClass, String errorCode, String hint, Instant occurredAt) implements KioskMessage {

    public ErrorEvent {
        Checks.header(v, kioskId, office, at, seq);
        Checks.text("deviceId", deviceId);
        Checks.text("deviceClass", deviceClass);
        Checks.text("errorCode", errorCode);
        Checks.text("hint", hint);
        Checks.notNull("occurredAt", occurredAt);
    }

    @Override
    public FleetTopics.Kind kind() {
        return FleetTopics.Kind.EVENT;
    }
}
