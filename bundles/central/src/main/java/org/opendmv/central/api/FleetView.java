package org.opendmv.central.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Read-only queries over the fleet registry. No personal data in any result. */
@ProviderType
public interface FleetView {
    /** Every registered kiosk, ordered by office then id. */
    List<KioskSummary> kiosks();

    /** One kiosk with its versions, device states and latest error events; empty if unknown. */
    Optional<KioskDetail> kiosk(String kioskId);

    /**
     * Applications received from one kiosk (or every kiosk when {@code kioskId} is null), newest first.
     *
     * @param max at most this many (1..1000)
     */
    List<ReceivedApplication> applications(String kioskId, int max);
}
