package org.opendmv.fleet.agent.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.opendmv.fleet.api.FleetTopics;

/**
 * The agent's outbox: messages not yet acknowledged by the broker, one file per message in {@code dir}, named by
 * the message's sequence number so the oldest goes first, also after a restart of the kiosk. Each file is
 * written to a temporary name, forced to disk and renamed, so a crash leaves either the whole message or none.
 * The last sequence number is kept in {@code seq} beside the messages: numbers keep growing across restarts.
 *
 * <p>Bounded: beyond {@code max} messages the oldest heartbeat is dropped (a later one says the same), or, if
 * there is none, the oldest message. Messages hold no personal data (codes, states, counts).
 *
 * <p>Thread-safe; one instance per directory.
 */
final class DiskQueue {

    /** One queued message. */
    record Entry(long seq, FleetTopics.Kind kind, Path file) {
        byte[] payload() throws IOException {
            return Files.readAllBytes(file);
        }
    }

    private static final Pattern NAME = Pattern.compile("(\\d{19})-([a-z]+)\\.json");

    private final Path dir;
    private final Path seqFile;
    private final int max;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long lastSeq;
    private long dropped;

    DiskQueue(Path dir, int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.dir = Files.createDirectories(dir);
        this.seqFile = dir.resolve("seq");
        this.max = max;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (m.matches()) {
                    Optional<FleetTopics.Kind> kind = kind(m.group(2));
                    if (kind.isPresent()) {
                        long seq = Long.parseLong(m.group(1));
                        entries.put(seq, new Entry(seq, kind.get(), f));
                        continue;
                    }
                }
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f); // a write that a crash interrupted: never acknowledged to anyone
                }
            }
        }
        long stored = 0;
        if (Files.exists(seqFile)) {
            try {
                stored = Long.parseLong(Files.readString(seqFile, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                stored = 0;
            }
        }
        lastSeq = Math.max(stored, entries.isEmpty() ? 0 : entries.lastKey());
    }

    /**
     * Builds the message with the next sequence number and appends it.
     *
     * @param build makes the payload for a sequence number
     * @return the sequence number given
     */
    synchronized long append(FleetTopics.Kind kind, LongFunction<byte[]> build) throws IOException {
        long seq = lastSeq + 1;
        byte[] payload = build.apply(seq);
        Path file = dir.resolve(String.format("%019d-%s.json", seq, kind.level()));
        writeDurably(file, payload);
        lastSeq = seq;
        writeDurably(seqFile, Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
        entries.put(seq, new Entry(seq, kind, file));
        while (entries.size() > max) {
            Entry victim = entries.values().stream().filter(e -> e.kind() == FleetTopics.Kind.HEARTBEAT).findFirst()
                    .orElse(entries.firstEntry().getValue());
            remove(victim.seq());
            dropped++;
        }
        notifyAll();
        return seq;
    }

    /** The oldest message, if any. */
    synchronized Optional<Entry> peek() {
        Map.Entry<Long, Entry> first = entries.firstEntry();
        return first == null ? Optional.empty() : Optional.of(first.getValue());
    }

    /** Waits up to {@code millis} for a message to be queued. */
    synchronized void awaitMessage(long millis) throws InterruptedException {
        if (entries.isEmpty()) {
            wait(millis);
        }
    }

    /** Wakes {@link #awaitMessage(long)}. */
    synchronized void wake() {
        notifyAll();
    }

    /** Removes a message once the broker has it. */
    synchronized void remove(long seq) throws IOException {
        Entry e = entries.remove(seq);
        if (e != null) {
            Files.deleteIfExists(e.file());
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Messages dropped because the queue was full, since this instance was made. */
    synchronized long dropped() {
        return dropped;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    private static Optional<FleetTopics.Kind> kind(String level) {
        for (Iterator<FleetTopics.Kind> it = java.util.Arrays.asList(FleetTopics.Kind.values()).iterator();
                it.hasNext();) {
            FleetTopics.Kind k = it.next();
            if (k.level().equals(level)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    private void writeDurably(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
