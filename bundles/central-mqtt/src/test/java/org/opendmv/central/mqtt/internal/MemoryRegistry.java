package org.opendmv.central.mqtt.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.opendmv.fleet.api.DailySummary;
import org.opendmv.fleet.api.DeviceStatusReport;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetRegistry;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.fleet.api.KioskMessage;

/** Test-scope registry: keeps messages in memory, ignoring a (kioskId, seq) it already has, as the contract says. */
final class MemoryRegistry implements FleetRegistry {
    private final List<KioskMessage> messages = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int repeats;

    private synchronized void keep(KioskMessage m) {
        if (seen.add(m.kioskId() + "#" + m.seq())) {
            messages.add(m);
        } else {
            repeats++;
        }
        notifyAll();
    }

    @Override
    public void heartbeat(Heartbeat heartbeat) {
        keep(heartbeat);
    }

    @Override
    public void deviceStatus(DeviceStatusReport report) {
        keep(report);
    }

    @Override
    public void errorEvent(ErrorEvent event) {
        keep(event);
    }

    @Override
    public void dailySummary(DailySummary summary) {
        keep(summary);
    }

    synchronized List<KioskMessage> messages() {
        return List.copyOf(messages);
    }

    synchronized int repeats() {
        return repeats;
    }

    synchronized List<KioskMessage> await(Predicate<List<KioskMessage>> done, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.test(messages)) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("timed out; registry has " + messages);
            }
            wait(left);
        }
        return List.copyOf(messages);
    }
}
