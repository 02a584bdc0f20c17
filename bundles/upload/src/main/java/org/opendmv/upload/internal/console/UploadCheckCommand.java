package org.opendmv.upload.internal.console;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.upload.api.UploadTickets;

/**
 * Staff check of the phone path (hall Wi-Fi, relay, public.base.url): a test upload link that
 * belongs to no visit. A photo sent to it is checked and normalised like a citizen's, the phone
 * is told whether it would have been accepted, and the photo is discarded.
 */
@Service
@Command(scope = "kiosk", name = "upload-check",
        description = "Prints test upload links (no visit): open one on a phone to check Wi-Fi, relay and photo checks")
public final class UploadCheckCommand implements Action {
    /** Visit ids of test links start with this; the upload servlet discards their photos. */
    public static final String CHECK_VISIT_PREFIX = "check:";
    static final int MAX_COUNT = 1000;

    @Reference
    UploadTickets tickets;

    @Option(name = "--count", description = "How many one-time links to print (1-1000; benchmarks use many)")
    int count = 1;

    @Override
    public Object execute() {
        if (count < 1 || count > MAX_COUNT) {
            System.err.println("--count must be between 1 and " + MAX_COUNT);
            return null;
        }
        String batch = UUID.randomUUID().toString();
        Instant expires = null;
        for (int i = 0; i < count; i++) {
            var t = tickets.issue(CHECK_VISIT_PREFIX + batch + "-" + i);
            expires = t.expiresAt();
            System.out.println(t.url());
        }
        long seconds = Math.max(0, Duration.between(Instant.now(), expires).toSeconds());
        System.out.println("# " + count + " test link(s), each usable once, for " + seconds + " s; photos sent to them are checked and discarded");
        return null;
    }
}
