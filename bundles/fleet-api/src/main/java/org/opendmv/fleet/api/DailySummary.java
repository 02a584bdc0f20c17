package org.opendmv.fleet.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A kiosk's day in counts.
 *
 * @param day the kiosk's local date the counts belong to
 * @param sessions visits started
 * @param applications applications submitted, by business code
 * @param paymentFailures payments that failed or were abandoned
 */
public record DailySummary(int v, String kioskId, String office, Instant at, long seq, LocalDate day,
        long sessions, Map<String, Long> applications, long paymentFailures) implements KioskMessage {

    public DailySummary {
        Checks.header(v, kioskId, office, at, seq);
        Checks.notNull("day", day);
        Checks.count("sessions", sessions);
        applications = Checks.map("applications", applications);
        for (Long n : applications.values()) {
            Checks.count("applications", n);
        }
        Checks.count("paymentFailures", paymentFailures);
    }

    @Override
    public FleetTopics.Kind kind() {
        return FleetTopics.Kind.SUMMARY;
    }
}
