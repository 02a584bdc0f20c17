package org.opendmv.console.internal;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceStatusEvent;

@Service
@Command(scope = "kiosk", name = "device-events", description = "Recent device status changes and errors, newest first")
public class DeviceEventsCommand implements Action {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference
    DeviceManager devices;

    @Option(name = "-n", aliases = "--max", description = "How many of each (1-200, default 20)")
    int max = 20;

    @Option(name = "--errors", description = "Errors only")
    boolean errorsOnly;

    @Override
    public Object execute() {
        if (max < 1 || max > 200) {
            throw new IllegalArgumentException("-n must be between 1 and 200");
        }
        PrintStream out = System.out;
        if (!errorsOnly) {
            ShellTable t = new ShellTable();
            t.column("Time");
            t.column("Device");
            t.column("Role");
            t.column("From");
            t.column("To");
            for (DeviceStatusEvent e : devices.recentStatusEvents(max)) {
                t.addRow().addContent(TIME.format(e.timestamp()), e.deviceId(), e.role(),
                        e.previous().map(DeviceEventsCommand::brief).orElse("-"), brief(e.current()));
            }
            out.println("Status changes:");
            t.print(out);
        }
        ShellTable t = new ShellTable();
        t.column("Time");
        t.column("Device");
        t.column("Error");
        t.column("Action");
        t.column("Description");
        for (DeviceErrorEvent e : devices.recentErrors(max)) {
            t.addRow().addContent(TIME.format(e.timestamp()), e.deviceId(), e.errorCode(), e.hint(), e.description());
        }
        out.println("Errors:");
        t.print(out);
        return null;
    }

    private static String brief(org.opendmv.devices.api.DeviceStatus s) {
        return s.lifecycle() + "/" + s.operational() + (s.detail().name().equals("NONE") ? "" : " " + s.detail());
    }
}
