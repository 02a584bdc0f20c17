package org.opendmv.devices.manager.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk-wide settings this bundle needs ({@code kiosk.mode} of {@value KioskMode#PID}), live. A
 * component of its own because the manager's metatype designates exactly one PID.
 */
@Component(service = KioskSettings.class, configurationPid = KioskMode.PID)
public final class KioskSettings {
    private static final Logger LOG = LoggerFactory.getLogger(KioskSettings.class);

    private final List<Consumer<KioskMode>> listeners = new CopyOnWriteArrayList<>();
    private volatile KioskMode mode;

    @Activate
    public KioskSettings(Map<String, Object> properties) {
        this.mode = read(properties);
    }

    /** For tests: fixed settings. */
    KioskSettings(KioskMode mode) {
        this.mode = mode;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        set(read(properties));
    }

    void set(KioskMode next) {
        if (next != mode) {
            mode = next;
            listeners.forEach(l -> l.accept(next));
        }
    }

    KioskMode mode() {
        return mode;
    }

    void listen(Consumer<KioskMode> listener) {
        listeners.add(listener);
    }

    void unlisten(Consumer<KioskMode> listener) {
        listeners.remove(listener);
    }

    private static KioskMode read(Map<String, Object> properties) {
        if (KioskMode.isUnknown(properties)) {
            LOG.error("{} = '{}' in {} is neither demo nor production: treated as production", KioskMode.KEY,
                    properties.get(KioskMode.KEY), KioskMode.PID);
        }
        return KioskMode.of(properties);
    }
}
