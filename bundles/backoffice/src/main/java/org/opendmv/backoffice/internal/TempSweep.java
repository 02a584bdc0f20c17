package org.opendmv.backoffice.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary copies of personal data left by a process that died (kill -9, power cut) in the middle of
 * its work: scanned pages of the SANE driver, and whatever else follows the kiosk's naming rule
 * {@code opendmv-<what>-p<pid>-<random>} (a file or a folder in {@code java.io.tmpdir} or a configured
 * folder). An entry whose process has ended, or is a newer process that reuses the number (started after
 * the entry was written), is removed; an entry of a live owner is its owner's business. Older drivers named
 * their scan folders without the pid ({@code opendmv-scan-<digits>}): those go when older than a scan can last.
 */
final class TempSweep {
    private static final Logger LOG = LoggerFactory.getLogger(TempSweep.class);
    static final Pattern OWNED = Pattern.compile("opendmv-[a-z][a-z-]*?-p(\\d{1,10})-[A-Za-z0-9._-]+");
    private static final Pattern LEGACY = Pattern.compile("opendmv-(scan|sane-list)-\\d+[A-Za-z0-9._-]*");
    /** A scan is killed after at most an hour (scan.timeout.s ≤ 3600). */
    static final Duration LEGACY_AGE = Duration.ofHours(1);
    /** Clock granularity between a process's start time and a file's time. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    /** An entry removed: its name (no personal data in it) and why. */
    record Removed(String name, String why) {
    }

    private TempSweep() {
    }

    static List<Removed> sweep(List<Path> folders, Instant now) {
        List<Removed> removed = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "opendmv-*")) {
                for (Path p : ds) {
                    String why = leftover(p, now);
                    if (why != null) {
                        removed.add(new Removed(p.getFileName().toString(), why + "; " + FileDropGateway.deleteTree(p)
                                + " file(s) removed"));
                    }
                }
            } catch (IOException e) {
                LOG.warn("Could not look for left-over temporary files in {}: {}", folder, e.toString());
            }
        }
        return removed;
    }

    /** Why {@code p} is a left-over, or null if it is not (or not ours to judge). */
    static String leftover(Path p, Instant now) throws IOException {
        String name = p.getFileName().toString();
        Instant written = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        Matcher m = OWNED.matcher(name);
        if (m.matches()) {
            long pid;
            try {
                pid = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (owner.isEmpty()) {
                return "left by process " + pid + ", which has ended";
            }
            Optional<Instant> started = owner.get().info().startInstant();
            if (started.isPresent() && started.get().isAfter(written.plus(SLACK))) {
                return "left by an earlier process " + pid + " (the number is now another's)";
            }
            return null;
        }
        if (LEGACY.matcher(name).matches() && written.plus(LEGACY_AGE).isBefore(now)) {
            return "left by an interrupted scan more than " + LEGACY_AGE.toMinutes() + " minutes ago";
        }
        return null;
    }
}
