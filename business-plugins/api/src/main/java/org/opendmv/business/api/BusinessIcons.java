package org.opendmv.business.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The icon names a descriptor's {@code icon} may use: exactly the names the touch UI draws (a
 * base glyph — licence card, car, plate, inspection sticker — and a badge for the action). A
 * descriptor naming any other icon is refused when it is deployed.
 */
public final class BusinessIcons {
    /** Every drawable icon name, in the order the integrator guide lists them. */
    public static final Set<String> NAMES = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "licence", "licence-renew", "licence-replace", "licence-cancel", "licence-downgrade",
            "licence-postpone", "licence-exchange",
            "plate", "plate-replace", "plate-exchange",
            "vehicle", "vehicle-replace", "vehicle-exchange",
            "vehicle-licence-replace", "vehicle-licence-exchange",
            "inspection", "inspection-sticker",
            "medical-postpone", "review-postpone",
            "driver-licence", "motor-vehicle")));

    private BusinessIcons() {
    }

    /** Whether {@code name} is one of {@link #NAMES}. */
    public static boolean known(String name) {
        return name != null && NAMES.contains(name);
    }
}
