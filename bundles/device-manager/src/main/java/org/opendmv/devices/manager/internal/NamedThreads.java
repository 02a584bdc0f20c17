package org.opendmv.devices.manager.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Named daemon threads, so a hung driver shows up by device id in a thread dump. */
final class NamedThreads {
    private NamedThreads() {
    }

    static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static ExecutorService single(String name) {
        return new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory(name));
    }

    static ScheduledThreadPoolExecutor scheduled(String name) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, factory(name));
        s.setRemoveOnCancelPolicy(true);
        return s;
    }
}
