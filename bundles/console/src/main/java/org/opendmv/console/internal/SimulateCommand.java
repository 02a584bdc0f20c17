package org.opendmv.console.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.opendmv.engine.api.SessionManager;

/**
 * Runs a whole visit headless: puts the synthetic card on the simulated reader ({@code --card}) or,
 * without {@code --card}, waits for a physical card on the reader that serves the ID card role, plays
 * the citizen, prints each step, the outcome and the serial number.
 * With --repeat it becomes a benchmark of the engine (median per step and per visit, heap).
 */
@Service
@Command(scope = "kiosk", name = "simulate",
        description = "Runs a whole visit of a business and prints each step, the outcome and the serial number; "
                + "--card puts a simulated card on the simulated reader, without it the visit waits for a real card on the configured reader")
public class SimulateCommand implements Action {
    @Reference
    SessionManager sessions;

    @Reference
    Session console;

    @Reference
    org.opendmv.engine.api.BusinessRegistry registry;

    @Reference(optional = true)
    org.opendmv.devices.manager.api.DeviceManager devices;

    @Argument(index = 0, name = "business", required = false, description = "Business code, e.g. dl-renewal (see kiosk:businesses); not with --resume")
    @Completion(BusinessCodeCompleter.class)
    String business;

    @Option(name = "--card", description = "Simulated ID card profile (see kiosk:sim profiles), e.g. adult-male, put on the simulated reader; "
            + "without it the visit waits for a physical card on the reader that serves the ID card role")
    String card;

    @Option(name = "--answers", description = "Properties file (UTF-8) with form answers, field=value; materials=all scans optional documents too")
    String answersFile;

    @Option(name = "--en", description = "Run the visit in English")
    boolean english;

    @Option(name = "--step-timeout", description = "Seconds without progress before the visit is cancelled (default 60)")
    int stepTimeout = 60;

    @Option(name = "--repeat", description = "Run the visit this many times and print timings instead of each step (benchmark)")
    int repeat = 1;

    @Option(name = "--pause-at", description = "Stop when the visit reaches this step (e.g. FORM) and leave it waiting: prints PAUSED <session> at <STEP>; "
            + "continue it with --resume <session> before the step's idle timeout")
    String pauseAt;

    @Option(name = "--resume", description = "Continue a visit left waiting by --pause-at to its end (session id from kiosk:sessions)")
    @Completion(SessionIdCompleter.class)
    String resume;

    @Override
    public Object execute() throws Exception {
        PrintStream out = System.out;
        if (repeat < 1 || repeat > 100_000) {
            throw new IllegalArgumentException("--repeat must be between 1 and 100000");
        }
        if (stepTimeout < 1 || stepTimeout > 3600) {
            throw new IllegalArgumentException("--step-timeout must be between 1 and 3600 seconds");
        }
        Map<String, String> answers = readAnswers();
        if (resume != null) {
            return resume(out, answers);
        }
        if (business == null) {
            throw new IllegalArgumentException("usage: kiosk:simulate <business> [--card <profile>] [...], or kiosk:simulate --resume <session>");
        }
        if (card == null && repeat != 1) {
            throw new IllegalArgumentException("--repeat needs --card: a benchmark cannot wait for a physical card");
        }
        if (pauseAt != null) {
            pauseAt = pauseAt.trim().toUpperCase(Locale.ROOT);
            if (repeat != 1) {
                throw new IllegalArgumentException("--pause-at runs one visit; it does not go with --repeat");
            }
        }
        if (!sessions.readiness(business).isEmpty()) {
            throw new IllegalArgumentException("business '" + business + "' cannot run: " + String.join(", ", sessions.readiness(business)));
        }
        if (pauseAt != null) {
            String steps = sessions.readiness(business).isEmpty() ? stepsOf(business) : "";
            if (!(" " + steps + " ").contains(" " + pauseAt + " ")) {
                throw new IllegalArgumentException("--pause-at " + pauseAt + ": business '" + business + "' has no such step (steps: " + steps + ")");
            }
        }
        if (card != null) {
            insertCard();
        } else {
            out.println(waitingForCard());
        }
        boolean paused = false;
        try {
            if (repeat == 1) {
                VisitDriver.Outcome o = new VisitDriver(sessions, out, answers, english ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE,
                        stepTimeout * 1000L).pauseAt(pauseAt).run(business);
                paused = o.pausedSession != null;
                out.println(summary(o));
                return null;
            }
            return bench(out, answers);
        } finally {
            if (!paused && card != null) {
                removeCard();
            }
        }
    }

    private String stepsOf(String code) {
        StringBuilder sb = new StringBuilder();
        org.opendmv.business.api.BusinessDescriptor d = registry == null ? null : registry.business(code).orElse(null);
        if (d != null) {
            d.steps().forEach(st -> sb.append(sb.length() == 0 ? "" : " ").append(st.type()));
        }
        return sb.toString();
    }

    private Object resume(PrintStream out, Map<String, String> answers) throws Exception {
        if (business != null || pauseAt != null || repeat != 1) {
            throw new IllegalArgumentException("--resume <session> takes no business, --pause-at or --repeat: the visit goes on as it started");
        }
        org.opendmv.engine.api.Session s = sessions.session(resume.trim())
                .orElseThrow(() -> new IllegalArgumentException("no visit in progress with id '" + resume + "' (see kiosk:sessions)"));
        out.println("继续 Resuming " + s.id() + " (" + s.business().code() + " " + s.businessSource().map(src -> src.version()).orElse("")
                + ") at " + s.currentStep().map(st -> st.type()).orElse("-"));
        try {
            VisitDriver.Outcome o = new VisitDriver(sessions, out, answers, english ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE,
                    stepTimeout * 1000L).resume(s);
            out.println(summary(o));
        } finally {
            removeCard();
        }
        return null;
    }

    /**
     * Says which reader the visit waits on, what to do and how long it waits; refuses when no reader serves
     * the ID card role.
     */
    String waitingForCard() {
        org.opendmv.devices.manager.api.DeviceManager dm = devices;
        org.opendmv.devices.api.IdCardReader reader = dm == null ? null
                : dm.role(org.opendmv.devices.api.IdCardReader.class).orElse(null);
        if (reader == null) {
            throw new IllegalArgumentException("no --card given and no ID card reader serves the role '"
                    + org.opendmv.devices.api.DeviceClass.ID_CARD_READER.role()
                    + "' (see kiosk:devices); configure one, or give --card <profile> to use the simulator (kiosk:sim profiles)");
        }
        org.opendmv.devices.api.DeviceInfo info = reader.info();
        String what = info.instanceId() + " (driver " + info.driverType()
                + (info.vendor().isEmpty() ? "" : ", " + (info.vendor() + " " + info.model()).trim()) + ")";
        String state = reader.status().isUsable() ? "" : "; it is not ready now: " + reader.status();
        return "未指定 --card：请将身份证放在阅读器 " + what + " 上，最长等待 " + stepTimeout + " 秒\n"
                + "No --card: waiting for a physical ID card on reader " + what + ": place the card on the reader; waiting up to "
                + stepTimeout + " s (--step-timeout)" + state;
    }

    private void removeCard() {
        try {
            console.execute("kiosk:sim card-remove");
        } catch (Exception e) {
            // nothing on the reader, or the simulator went away
        }
    }

    private void insertCard() throws Exception {
        try {
            console.execute("kiosk:sim card-insert " + card);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot put card '" + card + "' on the simulated reader: " + e.getMessage()
                    + " (the simulator driver feature opendmv-driver-sim must be installed; profiles: kiosk:sim profiles)");
        }
    }

    private String summary(VisitDriver.Outcome o) {
        switch (o.result) {
            case "PAUSED":
                return "PAUSED " + o.pausedSession + " at " + o.pausedAt + " (kiosk:simulate --resume " + o.pausedSession + " continues it)";
            case "COMPLETED":
                return "结果 Result: 办理完成 COMPLETED，流水号 serial " + o.serial;
            case "REFUSED":
                return "结果 Result: 不予受理 REFUSED — " + o.reason + (o.advice == null || o.advice.isEmpty() ? "" : "；建议 advice: " + o.advice);
            default:
                return "结果 Result: " + o.result + (o.reason == null ? "" : " — " + o.reason)
                        + (o.serial == null ? "" : "，流水号 serial " + o.serial);
        }
    }

    private Object bench(PrintStream out, Map<String, String> answers) throws Exception {
        VisitDriver quiet = new VisitDriver(sessions, null, answers, Locale.SIMPLIFIED_CHINESE, stepTimeout * 1000L);
        List<Long> visits = new ArrayList<>();
        Map<String, List<Long>> steps = new LinkedHashMap<>();
        long heap10 = -1;
        int completed = 0;
        for (int i = 1; i <= repeat; i++) {
            VisitDriver.Outcome o = quiet.run(business);
            if (o.result.equals("COMPLETED") || o.result.equals("REFUSED")) {
                completed++;
            }
            visits.add(o.visitNanos);
            o.stepNanos.forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            if (i == Math.min(10, repeat)) {
                heap10 = usedHeapAfterGc();
            }
        }
        long heapN = usedHeapAfterGc();
        out.printf("visits=%d finished=%d%n", repeat, completed);
        out.printf("visit_ms_median=%.2f visit_ms_p90=%.2f%n", pct(visits, 50) / 1e6, pct(visits, 90) / 1e6);
        steps.forEach((k, v) -> out.printf("step_%s_ms_median=%.3f%n", k, pct(v, 50) / 1e6));
        out.printf("heap_mib_after_10=%.1f heap_mib_after_%d=%.1f%n", heap10 / 1048576.0, repeat, heapN / 1048576.0);
        return null;
    }

    private static long pct(List<Long> v, int p) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return r.totalMemory() - r.freeMemory();
    }

    private Map<String, String> readAnswers() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (answersFile == null) {
            return m;
        }
        Path p = Path.of(answersFile);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("answers file not found: " + answersFile);
        }
        if (Files.size(p) > 64 * 1024) {
            throw new IllegalArgumentException("answers file is larger than 64 KiB");
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IllegalArgumentException | java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException("answers file is not a UTF-8 properties file (field=value per line): " + e.getMessage());
        }
        props.stringPropertyNames().forEach(k -> m.put(k, props.getProperty(k)));
        return m;
    }
}
