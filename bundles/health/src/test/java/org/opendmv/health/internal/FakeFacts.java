package org.opendmv.health.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Facts a test sets by hand; starts as a ready kiosk with one business bundle and one device. */
final class FakeFacts implements Readiness.Facts {
    boolean kioskIdentity = true;
    boolean store = true;
    boolean bootFinished = true;
    String startLevel;
    Set<Long> processed = new HashSet<>(Set.of(42L));
    Map<Long, String> businessBundles = new HashMap<>(Map.of(42L, "org.opendmv.business.dl-renewal"));
    Map<String, String> devices = new HashMap<>(Map.of("id-card-reader", "READY"));
    Set<String> configured = new HashSet<>(Set.of("id-card-reader"));
    boolean display;
    boolean drawn;
    String httpProblem;
    int asked;

    @Override
    public boolean kioskIdentity() {
        asked++;
        return kioskIdentity;
    }

    @Override
    public boolean store() {
        return store;
    }

    @Override
    public boolean bootFinished() {
        return bootFinished;
    }

    @Override
    public String startLevelProblem() {
        return startLevel;
    }

    @Override
    public Set<Long> processedBusinessBundles() {
        return processed;
    }

    @Override
    public Map<Long, String> businessBundles() {
        return businessBundles;
    }

    @Override
    public Map<String, String> devices() {
        return devices;
    }

    @Override
    public Set<String> configuredDevices() {
        return configured;
    }

    @Override
    public boolean displayPresent() {
        return display;
    }

    @Override
    public boolean firstScreenDrawn() {
        return drawn;
    }

    @Override
    public String httpProblem() {
        return httpProblem;
    }
}
