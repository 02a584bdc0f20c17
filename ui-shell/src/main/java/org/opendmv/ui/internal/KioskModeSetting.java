package org.opendmv.ui.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code kiosk.mode} of the kiosk-wide PID {@code org.opendmv.kiosk}, live: in demo mode (absent or
 * {@code demo}, the device manager's rule) the screen says so. Its own component because the shell
 * designates the UI's PID.
 */
@Component(service = KioskModeSetting.class, configurationPid = "org.opendmv.kiosk")
public final class KioskModeSetting {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean demo;

    @Activate
    public KioskModeSetting(Map<String, Object> properties) {
        demo = isDemo(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        boolean next = isDemo(properties);
        if (next != demo) {
            demo = next;
            listeners.forEach(Runnable::run);
        }
    }

    static boolean isDemo(Map<String, Object> properties) {
        Object v = properties.get("kiosk.mode");
        String s = v == null ? "" : String.valueOf(v).trim();
        return s.isEmpty() || s.equalsIgnoreCase("demo");
    }

    boolean demo() {
        return demo;
    }

    void listen(Runnable r) {
        listeners.add(r);
    }

    void unlisten(Runnable r) {
        listeners.remove(r);
    }
}
