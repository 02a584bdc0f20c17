package org.opendmv.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.Outbox;
import org.opendmv.store.api.OutboxEntry;
import org.opendmv.store.api.StatusChange;

/**
 * One application for staff: business, status history, payment reference, back-office delivery,
 * attachment names. Personal data only masked (name 测**户, ID number 6+4); never the form data.
 */
@Service
@Command(scope = "kiosk", name = "application", description = "Shows one application: status history, payment, back-office delivery, attachments (masked, no personal data)")
public class ApplicationCommand implements Action {
    @Reference
    ApplicationStore store;

    @Reference
    Outbox outbox;

    @Argument(index = 0, name = "serial", required = true, description = "Serial number (流水号), see kiosk:applications")
    @Completion(ApplicationSerialCompleter.class)
    String serial;

    @Override
    public Object execute() {
        run(store, outbox, serial, System.out);
        return null;
    }

    static void run(ApplicationStore store, Outbox outbox, String serial, PrintStream out) {
        if (serial == null || serial.isBlank()) {
            throw new IllegalArgumentException("missing serial; see kiosk:applications");
        }
        String s = serial.trim();
        Application a = store.find(s).orElseThrow(() -> new IllegalArgumentException("unknown application '" + s + "'; see kiosk:applications"));
        Optional<OutboxEntry> o = outbox.entryOf(s);
        Object business = a.payload().get("business.name");
        Object name = a.payload().get("idcard.name");
        List<String> attachments = store.attachmentNames(s);
        boolean purged = a.payload().isEmpty();
        out.println("Serial:        " + a.serial());
        out.println("Business:      " + a.businessCode() + (business == null ? "" : " (" + business + ")"));
        out.println("Status:        " + a.status());
        out.println("Applicant:     " + (name == null ? "-" : maskName(String.valueOf(name)))
                + "  ID " + (a.maskedIdNumber() == null ? "-" : a.maskedIdNumber()));
        out.println("Fee:           " + Payments.yuan(a.feeFen()));
        out.println("Created:       " + Payments.TIME.format(a.createdAt()));
        out.println("Payment:       " + store.paymentReference(s).orElse("-"));
        out.println("Back office:   " + o.map(ApplicationCommand::delivery).orElse("not queued (only SUBMITTED applications are delivered)"));
        out.println("Personal data: " + (!purged ? "kept"
                : "purged" + o.map(OutboxEntry::purgedAt).map(t -> " at " + Payments.TIME.format(t) + " (retention)").orElse("")));
        out.println("Attachments:   " + (attachments.isEmpty() ? "none" : String.join(", ", attachments)));
        out.println("Status history:");
        ShellTable t = new ShellTable();
        t.column("Time");
        t.column("Status");
        t.column("Note");
        for (StatusChange c : store.history(s)) {
            t.addRow().addContent(Payments.TIME.format(c.at()), c.status(), c.note() == null ? "" : c.note());
        }
        t.print(out);
    }

    static String delivery(OutboxEntry e) {
        StringBuilder b = new StringBuilder(e.state()).append(" (outbox id ").append(e.id()).append(", ").append(e.attempts()).append(" attempt(s)");
        if (e.ackReference() != null) {
            b.append(", ack ").append(e.ackReference());
        }
        if (e.acknowledgedAt() != null) {
            b.append(", acknowledged ").append(Payments.TIME.format(e.acknowledgedAt()));
        }
        if (e.nextAttemptAt() != null && !Outbox.SENT.equals(e.state())) {
            b.append(", next attempt ").append(Payments.TIME.format(e.nextAttemptAt()));
        }
        if (e.lastError() != null) {
            b.append(", last error: ").append(e.lastError());
        }
        return b.append(')').toString();
    }

    /** 测试用户 → 测**户, 张三 → 张*, 李 → *. */
    static String maskName(String name) {
        String n = name.strip();
        int len = n.codePointCount(0, n.length());
        if (len <= 1) {
            return "*";
        }
        String first = new String(Character.toChars(n.codePointAt(0)));
        if (len == 2) {
            return first + "*";
        }
        String last = new String(Character.toChars(n.codePointBefore(n.length())));
        return first + "*".repeat(len - 2) + last;
    }
}
