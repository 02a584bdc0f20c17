package org.opendmv.health.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the kiosk is ready, from facts gathered elsewhere (so it can be tested without a
 * framework). Ready means: the kiosk id is known, the store is migrated and its key checked, the
 * boot features are installed and the framework has reached its start level, every started bundle carrying business descriptors has been read
 * by the registry (registered or listed invalid), every configured device is past its
 * initialisation (whatever its state), the touch UI has drawn its first screen when there is a
 * display, and the HTTP server listens.
 */
final class Readiness {
    /** What the kiosk is made of right now. */
    interface Facts {
        boolean kioskIdentity();

        boolean store();

        /** Karaf's boot features installed (true outside Karaf). */
        boolean bootFinished();

        /**
         * Null once the framework has reached its beginning start level (every bundle it starts at boot
         * has been started); else how far it is. On a warm boot the boot features are known installed
         * at once, while the bundles are still being started level by level.
         */
        String startLevelProblem();

        /** Null while no registry runs; else the bundles it has read (valid or invalid descriptors). */
        Set<Long> processedBusinessBundles();

        /** Started bundles carrying OSGI-INF/business/*.json: id → symbolic name. */
        Map<Long, String> businessBundles();

        /** Null while no device manager runs; else device id → lifecycle name. */
        Map<String, String> devices();

        /** Ids of the device configurations that should become devices (failed ones left out). */
        Set<String> configuredDevices();

        /** A display is present and the touch UI is installed. */
        boolean displayPresent();

        boolean firstScreenDrawn();

        /** Null when the HTTP server listens; else why not. */
        String httpProblem();
    }

    private Readiness() {
    }

    /** What the kiosk still waits for; empty when ready. */
    static List<String> waitingFor(Facts f) {
        List<String> waits = new ArrayList<>();
        if (!f.kioskIdentity()) {
            waits.add("kiosk id (kiosk.id in etc/org.opendmv.kiosk.cfg; see the log if it was refused)");
        }
        if (!f.store()) {
            waits.add("store (database migration and store key; see the log)");
        }
        if (!f.bootFinished()) {
            waits.add("boot features being installed");
        }
        String startLevel = f.startLevelProblem();
        if (startLevel != null) {
            waits.add("bundles starting (" + startLevel + ")");
        }
        Set<Long> processed = f.processedBusinessBundles();
        if (processed == null) {
            waits.add("business registry");
        } else {
            Set<String> unread = new TreeSet<>();
            f.businessBundles().forEach((id, name) -> {
                if (!processed.contains(id)) {
                    unread.add(name);
                }
            });
            if (!unread.isEmpty()) {
                waits.add("businesses of " + String.join(", ", unread));
            }
        }
        Map<String, String> devices = f.devices();
        if (devices == null) {
            waits.add("device manager");
        } else {
            Set<String> pending = new TreeSet<>();
            for (String id : f.configuredDevices()) {
                if (!devices.containsKey(id)) {
                    pending.add(id);
                }
            }
            devices.forEach((id, lifecycle) -> {
                if ("INITIALIZING".equals(lifecycle)) {
                    pending.add(id);
                }
            });
            if (!pending.isEmpty()) {
                waits.add("devices initialising: " + String.join(", ", pending));
            }
        }
        if (f.displayPresent() && !f.firstScreenDrawn()) {
            waits.add("touch UI (first screen)");
        }
        String http = f.httpProblem();
        if (http != null) {
            waits.add("HTTP server (" + http + ")");
        }
        return waits;
    }
}
