package org.opendmv.devices.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * A JUnit rule that captures everything logged during a test and fails the test if it contains any of the
 * given strings (personal data). It captures {@code java.util.logging} and {@code System.Logger} records at
 * every level, and whatever is written to {@code System.out} and {@code System.err} — where
 * {@code slf4j-simple} (brought in by the testkit) writes the drivers' slf4j logs. The streams are still
 * printed.
 *
 * <p>slf4j-simple only writes DEBUG when told before its first use; this class sets
 * {@code org.slf4j.simpleLogger.defaultLogLevel=debug} when loaded, so run the conformance test in its own
 * JVM fork or set that property in surefire's {@code systemPropertyVariables} to also check debug lines.
 *
 * <pre>{@code
 * @Rule public LogCapture log = LogCapture.forbidding(VirtualIdCard.personalData());
 * }</pre>
 */
public final class LogCapture implements TestRule {
    static {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }

    private final Collection<String> forbidden;
    private final StringBuilder text = new StringBuilder();

    private LogCapture(Collection<String> forbidden) {
        this.forbidden = forbidden;
    }

    /** A capture that fails the test if any of {@code forbidden} appears in the log. */
    public static LogCapture forbidding(Collection<String> forbidden) {
        return new LogCapture(List.copyOf(forbidden));
    }

    /** A capture checking the strings in {@code forbidden} at the end of the test (filled in later). */
    static LogCapture forbiddingLive(Collection<String> forbidden) {
        return new LogCapture(forbidden);
    }

    /** Everything captured so far. */
    public synchronized String text() {
        return text.toString();
    }

    private synchronized void append(String s) {
        text.append(s);
    }

    /**
     * Fails if the captured text contains one of the forbidden strings; the failure shows the line.
     *
     * @throws AssertionError naming the offending log line
     */
    public void assertClean() {
        String all = text();
        List<String> hits = new ArrayList<>();
        List<String> strings = new ArrayList<>(forbidden);
        for (String line : all.split("\n")) {
            for (String f : strings) {
                if (!f.isEmpty() && line.contains(f)) {
                    hits.add(line.strip());
                    break;
                }
            }
        }
        if (!hits.isEmpty()) {
            throw new AssertionError("personal data reached the log (" + hits.size() + " line(s)); first: " + hits.get(0));
        }
    }

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                Logger root = Logger.getLogger("");
                Level rootLevel = root.getLevel();
                Handler handler = new Handler() {
                    private final SimpleFormatter format = new SimpleFormatter();

                    @Override
                    public void publish(LogRecord r) {
                        try {
                            append(format.format(r));
                        } catch (RuntimeException e) {
                            append(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage() + "\n");
                        }
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                };
                handler.setLevel(Level.ALL);
                PrintStream out = System.out;
                PrintStream err = System.err;
                root.setLevel(Level.ALL);
                root.addHandler(handler);
                System.setOut(tee(out));
                System.setErr(tee(err));
                try {
                    base.evaluate();
                } finally {
                    System.setOut(out);
                    System.setErr(err);
                    root.removeHandler(handler);
                    root.setLevel(rootLevel);
                }
                assertClean();
            }
        };
    }

    private PrintStream tee(PrintStream original) {
        OutputStream both = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                line.write(b);
                if (b == '\n') {
                    append(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    line.write(b[i]);
                    if (b[i] == '\n') {
                        append(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                }
            }

            @Override
            public synchronized void flush() {
                original.flush();
                if (line.size() > 0) {
                    append(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
