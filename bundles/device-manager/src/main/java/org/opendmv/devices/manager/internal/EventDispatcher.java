package org.opendmv.devices.manager.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.manager.api.DeviceListener;
import org.opendmv.devices.manager.api.DeviceStatusEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs device events and delivers them to listeners in order on one thread, so a slow UI listener never
 * blocks a driver thread or SCR.
 */
final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = NamedThreads.single("opendmv-device-events");
    private static final int KEEP = 200;
    private final Deque<DeviceStatusEvent> recentStatus = new ArrayDeque<>();
    private final Deque<DeviceErrorEvent> recentErrors = new ArrayDeque<>();

    private static <T> void keep(Deque<T> d, T e) {
        synchronized (d) {
            d.addFirst(e);
            while (d.size() > KEEP) {
                d.removeLast();
            }
        }
    }

    private static <T> List<T> newest(Deque<T> d, int max) {
        synchronized (d) {
            return d.stream().limit(Math.max(0, max)).collect(Collectors.toList());
        }
    }

    List<DeviceStatusEvent> recentStatus(int max) {
        return newest(recentStatus, max);
    }

    List<DeviceErrorEvent> recentErrors(int max) {
        return newest(recentErrors, max);
    }

    void add(DeviceListener l) {
        if (l != null && !listeners.contains(l)) {
            listeners.add(l);
        }
    }

    void remove(DeviceListener l) {
        listeners.remove(l);
    }

    void status(DeviceStatusEvent e) {
        keep(recentStatus, e);
        LOG.info("Device {} ({}): {} -> {}", e.deviceId(), e.role(),
                e.previous().map(Object::toString).orElse("new"), e.current());
        deliver(() -> {
            for (DeviceListener l : listeners) {
                try {
                    l.statusChanged(e);
                } catch (RuntimeException ex) {
                    LOG.warn("Device listener {} failed on status event of {}", l, e.deviceId(), ex);
                }
            }
        });
    }

    void error(DeviceErrorEvent e) {
        keep(recentErrors, e);
        LOG.warn("Device {} reported error {} [{}]: {}", e.deviceId(), e.errorCode(), e.hint(), e.description());
        deliver(() -> {
            for (DeviceListener l : listeners) {
                try {
                    l.error(e);
                } catch (RuntimeException ex) {
                    LOG.warn("Device listener {} failed on error event of {}", l, e.deviceId(), ex);
                }
            }
        });
    }

    private void deliver(Runnable r) {
        try {
            executor.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("Device event dropped during shutdown");
        }
    }

    void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
    }
}
