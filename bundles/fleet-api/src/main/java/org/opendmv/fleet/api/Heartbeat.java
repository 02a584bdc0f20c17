package org.opendmv.fleet.api;

import java.time.Instant;
import java.util.Map;

/**
 * A kiosk is alive: sent every heartbeat interval. Carries what is installed, so the central knows each
 * kiosk's versions without asking.
 *
 * @param group the rollout group the kiosk belongs to
 * @param uptimeSeconds seconds since the agent started
 * @param features installed Karaf features of the kiosk, name → version
 * @param bundles the kiosk's own bundles ({@code org.opendmv.*}), symbolic name → version
 */
public record Heartbeat(int v, String kioskId, String office, Instant at, long seq, String group,
        long uptimeSeconds, Map<String, String> features, Map<String, String> bundles) implements KioskMessage {

    public Heartbeat {
        Checks.header(v, kioskId, office, at, seq);
        if (!FleetTopics.validId(group)) {
            throw new IllegalArgumentException("group missing or not a valid id");
        }
        Checks.count("uptimeSeconds", uptimeSeconds);
        features = Checks.map("features", features);
        bundles = Checks.map("bundles", bundles);
    }

    @Override
    public FleetTopics.Kind kind() {
        return FleetTopics.Kind.HEARTBEAT;
    }
}
