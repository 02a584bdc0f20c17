package org.opendmv.central.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.central.api.KioskProvisioning;

/** Revokes a kiosk's token: its deliveries are refused (401) from now on; its data stays. */
@Service
@Command(scope = "central", name = "kiosk-revoke", description = "Revokes a kiosk's delivery token (吊销令牌); its data stays")
public class KioskRevokeCommand implements Action {
    @Reference
    KioskProvisioning provisioning;

    @Argument(index = 0, name = "id", required = true, description = "The kiosk's id")
    String id;

    @Override
    public Object execute() {
        if (!provisioning.revoke(id)) {
            throw new IllegalArgumentException("no kiosk " + id);
        }
        System.out.println("Kiosk " + id + ": token revoked (令牌已吊销); central:kiosk-token " + id + " issues a new one");
        return null;
    }
}
