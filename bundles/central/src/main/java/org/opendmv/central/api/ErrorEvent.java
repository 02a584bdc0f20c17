package org.opendmv.central.api;

import java.time.Instant;

/** An error event a kiosk reported ({@code seq}: the kiosk's message sequence number). */
public record ErrorEvent(long seq, String deviceId, String code, String actionHint, String detail, Instant occurredAt) {
}
