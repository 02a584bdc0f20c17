package org.opendmv.central.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.central.api.KioskProvisioning;

/** Issues a new token for a kiosk (the old one stops working at once) and prints it once. */
@Service
@Command(scope = "central", name = "kiosk-token", description = "Issues a new delivery token for a kiosk; the old one stops working (重新签发令牌)")
public class KioskTokenCommand implements Action {
    @Reference
    KioskProvisioning provisioning;

    @Argument(index = 0, name = "id", required = true, description = "The kiosk's id")
    String id;

    @Override
    public Object execute() {
        TokenPrinter.print(System.out, id, provisioning.renewToken(id));
        return null;
    }
}
