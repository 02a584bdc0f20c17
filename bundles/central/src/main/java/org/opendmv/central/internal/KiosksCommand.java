package org.opendmv.central.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.central.api.FleetView;
import org.opendmv.central.api.KioskSummary;

/** The registered kiosks with their last heartbeat. */
@Service
@Command(scope = "central", name = "kiosks", description = "Lists the registered kiosks (自助机列表)")
public class KiosksCommand implements Action {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference
    FleetView fleet;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Kiosk");
        t.column("Office");
        t.column("Last heartbeat");
        t.column("Token");
        int n = 0;
        for (KioskSummary k : fleet.kiosks()) {
            n++;
            t.addRow().addContent(k.id(), k.office(), k.lastHeartbeat() == null ? "never" : TIME.format(k.lastHeartbeat()),
                    k.revoked() ? "revoked" : "valid");
        }
        t.print(System.out);
        System.out.println(n + " kiosk(s)");
        return null;
    }
}
