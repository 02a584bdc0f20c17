package org.opendmv.central.api;

import java.time.Instant;

/** An application the central received: references only (the data itself is not in this view). */
public record ReceivedApplication(String serial, String kioskId, String businessCode, Instant receivedAt, String ack, int files) {
}
