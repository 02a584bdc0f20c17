package org.opendmv.face.internal.source;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The frame sources' child processes: killed on close and, by one shutdown hook, when the JVM exits. */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean hooked;

    private ChildProcesses() {
    }

    static synchronized void register(Process p) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "face-source-shutdown"));
            hooked = true;
        }
        LIVE.add(p);
    }

    static void unregister(Process p) {
        LIVE.remove(p);
    }

    static void kill(Process p) {
        LIVE.remove(p);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        try {
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void killAll() {
        for (Process p : LIVE) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
