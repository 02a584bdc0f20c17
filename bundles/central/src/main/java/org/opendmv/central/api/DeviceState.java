package org.opendmv.central.api;

import java.time.Instant;

/** A device's operational state as its kiosk last reported it, with the action hint when it is not ONLINE. */
public record DeviceState(String deviceId, String deviceClass, String state, String actionHint, String detail, Instant changedAt) {
}
