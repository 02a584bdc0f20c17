package org.opendmv.backoffice.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV back-office relay",
        description = "Delivers submitted applications from the outbox to the back office, with retries, and purges personal"
                + " data after the retention period")
@interface RelayConfig {
    @AttributeDefinition(name = "Gateway", description = "backoffice.gateway of the gateway to use: file-drop (a folder per"
            + " application) or http (multipart POST; configure org.opendmv.backoffice.http)")
    String gateway() default "file-drop";

    @AttributeDefinition(name = "Poll interval (s)", description = "How often the outbox is checked for due deliveries", min = "1")
    int poll_interval() default 5;

    @AttributeDefinition(name = "Batch", description = "At most this many deliveries per poll", min = "1", max = "1000")
    int batch() default 20;

    @AttributeDefinition(name = "First back-off (s)", description = "Wait after the first failed attempt; doubles with each attempt", min = "1")
    int backoff_initial() default 10;

    @AttributeDefinition(name = "Longest back-off (s)", description = "Upper bound of the wait between attempts", min = "1")
    int backoff_max() default 3600;

    @AttributeDefinition(name = "Attempts before FAILED", description = "After this many failed attempts the entry becomes FAILED"
            + " and waits for staff (kiosk:outbox-retry); a non-temporary error (e.g. HTTP 400) fails at once", min = "1")
    int max_attempts() default 50;

    @AttributeDefinition(name = "Retention (days)", description = "Personal data (payload, photo, signature, scans, ID hash) of an"
            + " application is purged this many days after the back office acknowledged it; 0: at the next purge run", min = "0")
    int retention_days() default 30;

    @AttributeDefinition(name = "Purge interval (s)", description = "How often the retention purge runs (also once at start)", min = "1")
    int purge_interval() default 3600;

    @AttributeDefinition(name = "File-drop folders kept (days)", description = "A file-drop folder (plaintext personal data) is"
            + " removed once the back office has collected it (removed the folder, put a file 'collected' into it, or renamed"
            + " it to <serial>.collected), else this many days after its delivery; 0: at the next purge run. A delivery the"
            + " outbox has not recorded as SENT is never touched", min = "0")
    int filedrop_retention_days() default 30;

    @AttributeDefinition(name = "Temporary folders", required = false, description = "Comma-separated folders searched for"
            + " temporary files of personal data left by a crashed process (opendmv-<what>-p<pid>-…, e.g. scanned pages);"
            + " empty: java.io.tmpdir (data/tmp). Add a scanner's work.dir here if you set one")
    String temp_folders() default "";
}
