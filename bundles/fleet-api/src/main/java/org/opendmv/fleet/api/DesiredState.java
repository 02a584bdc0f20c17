package org.opendmv.fleet.api;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the central wants the kiosks of a group to run, published retained on
 * {@link FleetTopics#desired(String, String)}: Karaf features by name and version (from the central's Maven
 * repository) and KARs with their sha256. {@code revision} names this desired state in rollouts and reports.
 */
public record DesiredState(int v, String office, String group, Instant at, String revision,
        List<Feature> features, List<Kar> kars) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public DesiredState {
        if (v != KioskMessage.VERSION) {
            throw new IllegalArgumentException("unsupported message version (v must be " + KioskMessage.VERSION + ")");
        }
        if (!FleetTopics.validId(office)) {
            throw new IllegalArgumentException("office missing or not a valid id");
        }
        if (!FleetTopics.validId(group)) {
            throw new IllegalArgumentException("group missing or not a valid id");
        }
        Checks.notNull("at", at);
        Checks.text("revision", revision);
        features = Checks.list("features", features);
        kars = Checks.list("kars", kars);
    }

    /** A Karaf feature at an exact version. */
    public record Feature(String name, String version) {
        public Feature {
            Checks.text("name", name);
            Checks.text("version", version);
        }
    }

    /** A KAR to install, checked against its sha256 (lower-case hex) before use. */
    public record Kar(String url, String sha256) {
        public Kar {
            Checks.text("url", url);
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
            }
        }
    }
}
