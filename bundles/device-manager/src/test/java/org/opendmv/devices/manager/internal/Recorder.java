package org.opendmv.devices.manager.internal;

import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.manager.api.DeviceListener;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.manager.api.DeviceStatusEvent;

/** Collects events and waits for them without fixed sleeps; keeps one read cursor per device. */
final class Recorder implements DeviceListener {
    static final long WAIT_MS = 5000; // upper bound only; waits return as soon as the event arrives

    private final List<DeviceStatusEvent> history = new ArrayList<>();
    private final Map<String, Integer> cursors = new HashMap<>();
    final BlockingQueue<DeviceErrorEvent> errors = new LinkedBlockingQueue<>();

    @Override
    public synchronized void statusChanged(DeviceStatusEvent event) {
        history.add(event);
        notifyAll();
    }

    @Override
    public void error(DeviceErrorEvent event) {
        errors.add(event);
    }

    /** Consumes status events of {@code id} until one matches; fails after {@link #WAIT_MS}. */
    synchronized DeviceStatus await(String id, Predicate<DeviceStatus> match, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        int i = cursors.getOrDefault(id, 0);
        while (true) {
            for (; i < history.size(); i++) {
                DeviceStatusEvent e = history.get(i);
                if (e.deviceId().equals(id) && match.test(e.current())) {
                    cursors.put(id, i + 1);
                    return e.current();
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                fail("no status '" + what + "' for " + id + "; seen " + history);
            }
            wait(left);
        }
    }

    /** The next status event of {@code id}. */
    DeviceStatus next(String id) throws InterruptedException {
        return await(id, s -> true, "any");
    }
}
