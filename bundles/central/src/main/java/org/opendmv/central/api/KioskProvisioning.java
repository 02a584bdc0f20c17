package org.opendmv.central.api;

import org.osgi.annotation.versioning.ProviderType;

/** Registers kiosks and issues the bearer tokens they deliver with. */
@ProviderType
public interface KioskProvisioning {
    /**
     * Registers a new kiosk and returns its token: the only time it is seen (the central keeps its SHA-256).
     *
     * @throws IllegalArgumentException a bad id or office, or a kiosk with this id exists already
     */
    String addKiosk(String kioskId, String office);

    /** A new token for a kiosk (the old one stops working at once); returned once. */
    String renewToken(String kioskId);

    /** The kiosk's token stops working; its data stays. Returns false if there is no such kiosk. */
    boolean revoke(String kioskId);
}
