package org.opendmv.central.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.central.api.KioskProvisioning;

/** Registers a kiosk and prints its token once (the central keeps only its SHA-256). */
@Service
@Command(scope = "central", name = "kiosk-add", description = "Registers a kiosk and prints its delivery token once (登记自助机并显示一次令牌)")
public class KioskAddCommand implements Action {
    @Reference
    KioskProvisioning provisioning;

    @Argument(index = 0, name = "id", required = true, description = "The kiosk's id (kiosk.id of its etc/org.opendmv.kiosk.cfg)")
    String id;

    @Argument(index = 1, name = "office", required = true, description = "The office (车管所) it belongs to: letters, digits, - or _")
    String office;

    @Override
    public Object execute() {
        String token = provisioning.addKiosk(id, office);
        TokenPrinter.print(System.out, id, token);
        return null;
    }
}
