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
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;

/** Stored applications, newest first, with masked ID numbers only. */
@Service
@Command(scope = "kiosk", name = "applications", description = "Lists stored applications (newest first); ID numbers are masked")
public class ApplicationsCommand implements Action {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference
    ApplicationStore store;

    @Option(name = "-n", aliases = "--max", description = "How many to list (default 20)")
    int max = 20;

    @Option(name = "--business", description = "Only this business code")
    String business;

    @Override
    public Object execute() {
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException("--max must be between 1 and 10000");
        }
        PrintStream out = System.out;
        ShellTable t = new ShellTable();
        t.column("Serial");
        t.column("Business");
        t.column("Status");
        t.column("Applicant");
        t.column("Fee").alignRight();
        t.column("Created");
        int n = 0;
        for (Application a : store.recent(business == null ? max : 10_000)) {
            if (business != null && !business.equals(a.businessCode())) {
                continue;
            }
            if (n++ >= max) {
                break;
            }
            t.addRow().addContent(a.serial(), a.businessCode(), a.status(), a.maskedIdNumber() == null ? "-" : a.maskedIdNumber(),
                    String.format("%d.%02d", a.feeFen() / 100, a.feeFen() % 100), TIME.format(a.createdAt()));
        }
        t.print(out);
        out.println(n + " application(s) shown, " + store.count() + " stored");
        return null;
    }
}
