package org.opendmv.devices.sanescanner.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incremental parser of scanimage's stderr in batch mode (C locale). Recognises
 * {@code Scanned page N. (scanner status = S)}, {@code scanimage: sane_xxx: <strstatus>} and
 * {@code scanimage: open of device D failed: <strstatus>}; other lines are ignored. Never throws.
 */
final class ScanimageLog {
    private static final Pattern SCANNED = Pattern.compile("^Scanned page (\\d{1,9})\\. \\(scanner status = (\\d{1,9})\\)");
    private static final Pattern SANE_CALL = Pattern.compile("^scanimage: (sane_[a-z_]+): (.{1,200})$");
    private static final Pattern OPEN_FAILED = Pattern.compile("^scanimage: open of device .{0,300} failed: (.{1,200})$");
    private static final Pattern BAD_OPTION = Pattern.compile("^scanimage: (unrecognized option|option .{0,200}requires|setting of option .{0,200}failed|attempted to set inactive option|.{0,200}is not a valid)");

    private SaneStatus status;
    private boolean openFailed;
    private boolean badOption;
    private int lastGoodPage;
    private boolean batchTerminated;
    private final java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();

    /** Result of one line: the page number if the line reports a page that was kept, else 0. */
    int accept(String line) {
        if (line == null || line.length() > 1000) {
            return 0;
        }
        if (tail.size() == 6) {
            tail.removeFirst();
        }
        tail.addLast(line);
        if (line.startsWith("Batch terminated, ")) {
            batchTerminated = true;
            return 0;
        }
        Matcher m = SCANNED.matcher(line);
        if (m.find()) {
            int page = Integer.parseInt(m.group(1));
            int st = Integer.parseInt(m.group(2));
            if (st == SaneStatus.GOOD.code() || st == SaneStatus.EOF.code()) {
                lastGoodPage = page;
                return page;
            }
            SaneStatus.ofCode(st).ifPresent(s -> status = s);
            return 0;
        }
        m = OPEN_FAILED.matcher(line);
        if (m.find()) {
            openFailed = true;
            SaneStatus.ofMessage(m.group(1)).ifPresent(s -> status = s);
            return 0;
        }
        m = SANE_CALL.matcher(line);
        if (m.find()) {
            SaneStatus.ofMessage(m.group(2)).ifPresent(s -> {
                if (status == null || s != SaneStatus.EOF) {
                    status = s;
                }
            });
            return 0;
        }
        if (BAD_OPTION.matcher(line).find()) {
            badOption = true;
        }
        return 0;
    }

    /** The last SANE failure status reported, if any. */
    Optional<SaneStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The last few stderr lines, for operator logs (scanimage prints no image content there). */
    String tail() {
        return String.join(" | ", tail);
    }

    /** Whether scanimage reported the end of its batch (it then only closes the device). */
    boolean batchTerminated() {
        return batchTerminated;
    }

    boolean openFailed() {
        return openFailed;
    }

    boolean badOption() {
        return badOption;
    }

    int lastGoodPage() {
        return lastGoodPage;
    }
}
