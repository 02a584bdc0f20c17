package org.opendmv.central.api;

import java.util.List;

/**
 * A kiosk with what it last reported.
 *
 * @param versionsJson      the versions of its features and bundles as JSON (from its last heartbeat; null: none yet)
 * @param devices           the latest state of each device
 * @param recentEvents      the latest error events, newest first
 * @param applicationsToday applications received from it since midnight (the central's time zone)
 */
public record KioskDetail(KioskSummary kiosk, String versionsJson, List<DeviceState> devices, List<ErrorEvent> recentEvents,
        long applicationsToday) {
}
