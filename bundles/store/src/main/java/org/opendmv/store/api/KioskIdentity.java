package org.opendmv.store.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This kiosk's id: part of every serial number (and so of every payment order number and
 * back-office idempotency key), printed on receipts and shown by {@code /api/health}. Kept in
 * {@code etc/org.opendmv.kiosk.cfg} ({@value #KIOSK_ID}); generated once at first start when the
 * operator did not set one.
 */
@ProviderType
public interface KioskIdentity {
    /** Kiosk-wide settings (shared with other bundles, e.g. {@code kiosk.mode}). */
    String PID = "org.opendmv.kiosk";

    /** The key of the id in {@value #PID}. */
    String KIOSK_ID = "kiosk.id";

    /** 1 to 12 characters A-Z and 0-9. */
    String kioskId();
}
