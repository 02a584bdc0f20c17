package org.opendmv.console.internal;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.manager.api.DeviceManager;

@Service
@Command(scope = "kiosk", name = "devices", description = "Lists configured devices with their driver and status; with an id also vendor, model, firmware and serial number")
public class DevicesCommand implements Action {
    @Reference
    DeviceManager devices;

    @Argument(index = 0, name = "id", description = "Show one device", required = false)
    @Completion(DeviceIdCompleter.class)
    String id;

    @Override
    public Object execute() {
        print(System.out);
        return null;
    }

    void print(PrintStream out) {
        List<DeviceView> all = devices.devices();
        ShellTable t = new ShellTable();
        t.column("Role");
        t.column("Id");
        t.column("Class");
        t.column("Driver");
        t.column("Vendor / model");
        t.column("Lifecycle");
        t.column("State");
        t.column("Detail");
        int n = 0;
        for (DeviceView d : all) {
            if (id != null && !id.equals(d.id())) {
                continue;
            }
            n++;
            String vm = orDash(d.info().vendor()) + " / " + orDash(d.info().model());
            t.addRow().addContent(d.role(), d.id(), d.deviceClass(), d.driverType(), vm, d.status().lifecycle(),
                    d.status().operational(), detail(d));
        }
        if (id != null && n == 0) {
            throw new IllegalArgumentException("no device with id '" + id + "'; see kiosk:devices");
        }
        t.print(out);
        if (id != null) {
            DeviceInfo info = all.stream().filter(d -> id.equals(d.id())).findFirst().get().info();
            // what the driver's info() reports once it has talked to the hardware; "-" when it does not know
            out.println("Vendor:        " + orDash(info.vendor()));
            out.println("Model:         " + orDash(info.model()));
            out.println("Firmware:      " + orDash(info.firmware().orElse(null)));
            out.println("Serial number: " + orDash(info.serialNumber().orElse(null)));
        }
        out.println(n + " device(s)");
    }

    static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    private static String detail(DeviceView d) {
        StringBuilder sb = new StringBuilder(d.status().detail().name());
        d.status().substatus().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        String desc = d.status().description();
        if (desc != null && !desc.isBlank()) {
            sb.append(" - ").append(desc);
        }
        return sb.toString();
    }
}
