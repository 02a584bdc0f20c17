package org.opendmv.health.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code kiosk.mode} of the kiosk-wide PID {@code org.opendmv.kiosk}, live, for /api/health. The same
 * rule as the device manager's: absent or {@code demo} is demo, anything else production.
 */
@Component(service = KioskModeSetting.class, configurationPid = "org.opendmv.kiosk")
public final class KioskModeSetting {
    private volatile String mode;

    @Activate
    public KioskModeSetting(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Object v = properties.get("kiosk.mode");
        String s = v == null ? "" : String.valueOf(v).trim();
        mode = s.isEmpty() || s.equalsIgnoreCase("demo") ? "demo" : "production";
    }

    /** {@code demo} or {@code production}. */
    String mode() {
        return mode;
    }
}
