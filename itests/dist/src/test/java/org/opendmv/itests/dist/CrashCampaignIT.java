package org.opendmv.itests.dist;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/**
 * The crash campaign: N visits of random businesses (of the 12) with random cards, the WeChat Pay
 * provider against the protocol-faithful test server, each visit ended by SIGKILL at a random moment
 * (a named fault point of the payment core, or a random delay), while the citizen pays at WeChat at a
 * random moment (with WeChat's notification, found only by polling, while the kiosk is down, after
 * the restart, on the phone after walking away) or walks away, or never pays; in some visits WeChat
 * also answers the close with a 500 or a refusal, or two queries with a 500. The same unpacked kiosk is restarted for every visit.
 * At the end the kiosk is restarted once more without faults, allowed to settle (bounded polling),
 * stopped, and its Derby file and the payment server are checked against the invariants:
 * <ol type="a">
 * <li>every order WeChat holds as paid belongs to an application SUBMITTED once and delivered to the
 * back office exactly once (its file-drop folder and its outbox row SENT); every SUBMITTED application
 * is delivered; nothing else is delivered;</li>
 * <li>no application is paid twice (one SUCCESS per serial at WeChat, PAID and SUBMITTED recorded at
 * most once);</li>
 * <li>no order reached WeChat after its application was cancelled, and no cancelled application has a
 * paid order;</li>
 * <li>no personal data is left for cancelled visits (payload, ID hash, attachments, file-drop folder);</li>
 * <li>after settling, no application is AWAITING_PAYMENT or PAYMENT_UNSETTLED while all of its orders
 * are final (or it has none).</li>
 * </ol>
 * The report (visits, kill points hit, counts, each invariant with the offending serials) goes to
 * stdout and to {@code target/crash-campaign-report.txt}. {@code -Dcampaign.visits=N} (default 10),
 * {@code -Dcampaign.seed=S} replays a campaign.
 */
public class CrashCampaignIT {
    /** business, a card it accepts, a card it refuses (as BusinessesIT). */
    private static final String[][] BUSINESSES = {
        {"dl-renewal", "adult-male", "dl-suspended"},
        {"dl-renewal-postpone", "adult-male", "dl-postponed"},
        {"dl-downgrade", "adult-male", "long-term"},
        {"dl-medical-postpone", "elderly", "adult-male"},
        {"dl-review-postpone", "adult-female", "adult-male"},
        {"dl-replace-lost", "adult-male", "dl-lapsed"},
        {"dl-cancel", "adult-male", "dl-suspended"},
        {"mv-inspection-sticker", "adult-male", "mv-fleet"},
        {"mv-licence-replace", "adult-male", "mv-seized"},
        {"mv-licence-exchange", "adult-male", "adult-female"},
        {"mv-plate-replace", "adult-male", "mv-seized"},
        {"mv-plate-exchange", "adult-male", "mv-seized"},
    };
    /** The businesses with a fee (the others never reach PAY). */
    private static final Set<String> PAID = Set.of("dl-renewal", "dl-downgrade", "dl-replace-lost", "mv-licence-replace",
            "mv-licence-exchange", "mv-plate-replace", "mv-plate-exchange");
    /** The payment core's pause points (bundles/payment TestPause). */
    private static final List<String> POINTS = List.of("payment.before-provider-create", "payment.after-provider-create",
            "payment.paid-before-apply", "payment.paid-after-apply", "payment.before-close", "payment.after-close");
    private static final Set<String> OPEN_ORDER = Set.of("CREATED", "PENDING");

    /** What the citizen does once the QR code is there. */
    enum Citizen {
        /** pays, WeChat notifies the kiosk */
        PAYS_NOTIFIED,
        /** pays, no notification reaches the kiosk: only polling can find it */
        PAYS_POLLED,
        /** presses 取消 at PAY */
        WALKS_AWAY,
        /** presses 取消 at PAY, then pays on the phone with the QR code already scanned (the issue's case) */
        WALKS_AWAY_THEN_PAYS,
        /** pays while the kiosk is down (its notification is repeated after the restart, or not) */
        PAYS_WHILE_DOWN,
        /** pays after the restart, if the order can still be paid */
        PAYS_AFTER_RESTART,
        /** stands there until the kiosk dies */
        NEVER
    }

    /** One visit: the plan and what happened. */
    static final class Visit {
        int no;
        String business;
        String card;
        Citizen citizen;
        String point;
        long delayMs;
        long payDelayMs;
        boolean notifyLater;
        String kill = "";
        /** a provider fault for this visit: none, or a path-specific fault of the WeChat test server */
        String fault = "none";
        String order;
        String did = "";
    }

    private WechatKiosk k;

    @After
    public void stopAll() throws Exception {
        if (k != null) {
            k.close();
        }
    }

    @Test
    public void crashCampaign() throws Exception {
        long seed = Long.getLong("campaign.seed", new Random().nextLong());
        int n = Integer.getInteger("campaign.visits", 10);
        System.out.println("CRASH CAMPAIGN seed=" + seed + " visits=" + n + " (replay: -Dcampaign.seed=" + seed + " -Dcampaign.visits=" + n + ")");
        Random rnd = new Random(seed);
        long t0 = System.nanoTime();
        k = WechatKiosk.unpack("campaign");
        List<Visit> visits = new ArrayList<>();
        List<Visit> payAfterRestart = new ArrayList<>();
        List<Visit> notifyAfterRestart = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Visit v = plan(rnd, i);
            visits.add(v);
            long mark = logLength();
            k.kiosk.javaOptions(v.point == null ? List.of() : List.of("-Dopendmv.test.pause.at=" + v.point));
            k.kiosk.start();
            afterRestart(payAfterRestart, notifyAfterRestart);
            k.awaitBusiness(v.business);
            runAndKill(v, mark);
            if (v.citizen == Citizen.PAYS_WHILE_DOWN && payable(v.order)) {
                k.wechat.pay(v.order);
                v.did += " paid while down";
                if (v.notifyLater) {
                    notifyAfterRestart.add(v);
                }
            } else if (v.citizen == Citizen.PAYS_AFTER_RESTART && v.order != null) {
                payAfterRestart.add(v);
            }
            System.out.println(describe(v));
        }
        // the last restart: no fault injection; everything must settle
        k.kiosk.javaOptions(List.of());
        k.kiosk.start();
        afterRestart(payAfterRestart, notifyAfterRestart);
        long settleStart = System.nanoTime();
        boolean settled = settle(Duration.ofSeconds(120));
        long settleSeconds = (System.nanoTime() - settleStart) / 1_000_000_000L;
        k.kiosk.stop();

        Report r = check(visits);
        r.header.add("seed=" + seed + " visits=" + n + " kiosk starts=" + (n + 1) + " wall time=" + (System.nanoTime() - t0) / 1_000_000_000L + " s"
                + " settled=" + (settled ? "yes, in " + settleSeconds + " s" : "NO within 120 s"));
        String text = r.text(visits);
        System.out.println(text);
        Path file = Path.of(System.getProperty("campaign.report", "target/crash-campaign-report.txt"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertTrue("invariants failed (seed " + seed + "):\n" + text, r.passed());
    }

    // ------------------------------------------------------------------ one visit

    private Visit plan(Random rnd, int i) {
        Visit v = new Visit();
        v.no = i;
        boolean atPoint = rnd.nextBoolean();
        String[] b = BUSINESSES[rnd.nextInt(BUSINESSES.length)];
        while (atPoint && !PAID.contains(b[0]) && rnd.nextInt(5) > 0) {
            // a payment fault point is reached only in a business with a fee, mostly
            b = BUSINESSES[rnd.nextInt(BUSINESSES.length)];
        }
        v.business = b[0];
        v.card = rnd.nextInt(100) < 85 ? b[1] : b[2];
        v.citizen = Citizen.values()[rnd.nextInt(Citizen.values().length)];
        if (atPoint) {
            v.point = POINTS.get(rnd.nextInt(POINTS.size()));
            // a citizen who makes the point reachable, most of the time
            if (v.point.startsWith("payment.paid-") && rnd.nextInt(4) > 0) {
                v.citizen = rnd.nextBoolean() ? Citizen.PAYS_NOTIFIED : Citizen.PAYS_POLLED;
            } else if (v.point.contains("close") && rnd.nextInt(4) > 0) {
                v.citizen = rnd.nextBoolean() ? Citizen.WALKS_AWAY : Citizen.WALKS_AWAY_THEN_PAYS;
            }
        }
        v.delayMs = rnd.nextInt(4000); // a visit with the fast simulators takes 2-3 s
        v.payDelayMs = rnd.nextInt(1500);
        v.notifyLater = rnd.nextBoolean();
        int f = rnd.nextInt(100);
        v.fault = f < 15 ? "close-500" : f < 25 ? "close-refused" : f < 35 ? "query-500x2" : "none";
        return v;
    }

    /** Runs the visit with its citizen and kills the kiosk at the planned moment. */
    private void runAndKill(Visit v, long logMark) throws Exception {
        Set<String> before = orderNumbers();
        switch (v.fault) {
            case "close-500" -> k.wechat.failNextOn("/close$", 1);
            case "close-refused" -> k.wechat.errorNextOn("/close$", 1, 403, "RULE_LIMIT", "业务规则限制");
            case "query-500x2" -> k.wechat.failNextOn("^GET /v3/pay/transactions/out-trade-no/", 2);
            default -> {
            }
        }
        AtomicReference<String> out = new AtomicReference<>();
        long start = System.nanoTime();
        Thread visit = k.visit(v.card, v.business, 60, out);
        Thread citizen = new Thread(() -> citizen(v, before, out), "citizen-" + v.no);
        citizen.setDaemon(true);
        citizen.start();
        if (v.point != null) {
            String hit = "TEST PAUSE " + v.point;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long visitEnded = -1;
            while (System.nanoTime() < end) {
                if (logSince(logMark).contains(hit)) {
                    // it may be the reconciler settling an earlier visit's order, before this visit has one
                    v.kill = "point " + v.point + " HIT" + (newOrder(before) == null ? " (before this visit had an order)" : "");
                    break;
                }
                if (!visit.isAlive() && visitEnded < 0) {
                    visitEnded = System.nanoTime();
                }
                if (visitEnded > 0 && System.nanoTime() - visitEnded > v.delayMs % 2000 * 1_000_000L) {
                    v.kill = "point " + v.point + " not reached; killed " + v.delayMs % 2000 + " ms after the visit ended";
                    break;
                }
                Thread.sleep(50);
            }
            if (v.kill.isEmpty()) {
                v.kill = "point " + v.point + " not reached in 60 s";
            }
        } else {
            long left = v.delayMs - (System.nanoTime() - start) / 1_000_000L;
            if (left > 0) {
                Thread.sleep(left);
            }
            v.kill = "delay " + v.delayMs + " ms" + (visit.isAlive() ? "" : " (after the visit ended)");
        }
        k.kiosk.kill();
        k.wechat.reset();
        citizen.interrupt();
        citizen.join(10_000);
        visit.join(10_000);
        if (v.order == null) {
            v.order = newOrder(before);
        }
        String o = out.get();
        if (o != null && o.contains("结果 Result:")) {
            v.did += " [" + WechatKiosk.line(o, "结果 Result:").replaceAll(".*Result: ", "").replaceAll("，.*", "").trim() + "]";
        }
    }

    private void citizen(Visit v, Set<String> before, AtomicReference<String> out) {
        try {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (v.order == null && out.get() == null && System.nanoTime() < end) {
                v.order = newOrder(before);
                Thread.sleep(50);
            }
            if (v.order == null) {
                return;
            }
            Thread.sleep(v.payDelayMs);
            switch (v.citizen) {
                case PAYS_NOTIFIED -> {
                    k.wechat.pay(v.order);
                    v.did += " paid";
                    try {
                        k.wechat.sendCallback(v.order);
                        v.did += " +notified";
                    } catch (IOException e) {
                        v.did += " (notification lost)";
                    }
                }
                case PAYS_POLLED -> {
                    k.wechat.pay(v.order);
                    v.did += " paid (no notification)";
                }
                case WALKS_AWAY, WALKS_AWAY_THEN_PAYS -> {
                    String id = null;
                    while (id == null && out.get() == null && System.nanoTime() < end) {
                        id = k.visitAtPay(v.business);
                        Thread.sleep(50);
                    }
                    if (id != null && k.shell("kiosk:sessions --cancel " + id).contains("ended")) {
                        v.did += " walked away";
                    }
                    if (v.citizen == Citizen.WALKS_AWAY_THEN_PAYS) {
                        Thread.sleep(300 + v.payDelayMs);
                        k.wechat.pay(v.order);
                        v.did += ", then paid";
                        try {
                            k.wechat.sendCallback(v.order);
                            v.did += " +notified";
                        } catch (IOException e) {
                            v.did += " (notification lost)";
                        }
                    }
                }
                default -> {
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            v.did += " could not pay (" + e.getMessage() + ")";
        }
    }

    /** Right after a restart: late payers pay now, lost notifications are repeated (as WeChat does). */
    private void afterRestart(List<Visit> payAfterRestart, List<Visit> notifyAfterRestart) {
        for (Visit v : payAfterRestart) {
            if (payable(v.order)) {
                try {
                    k.wechat.pay(v.order);
                    v.did += " paid after the restart";
                    notifyAfterRestart.add(v);
                } catch (IllegalStateException e) {
                    v.did += " could not pay after the restart (closed)";
                }
            } else {
                v.did += " could not pay after the restart (" + k.wechat.order(v.order).map(WechatPayTestServer.Order::state).orElse("-") + ")";
            }
        }
        payAfterRestart.clear();
        for (Visit v : notifyAfterRestart) {
            try {
                v.did += " +notified after restart (HTTP " + k.wechat.sendCallback(v.order) + ")";
            } catch (IOException | InterruptedException | RuntimeException e) {
                v.did += " (repeated notification failed)";
            }
        }
        notifyAfterRestart.clear();
    }

    private boolean payable(String no) {
        return no != null && k.wechat.order(no).map(o -> o.state().equals("NOTPAY") || o.state().equals("USERPAYING")).orElse(false);
    }

    private Set<String> orderNumbers() {
        return k.wechat.orders().stream().map(WechatPayTestServer.Order::outTradeNo).collect(Collectors.toSet());
    }

    private String newOrder(Set<String> before) {
        return k.wechat.orders().stream().map(WechatPayTestServer.Order::outTradeNo).filter(x -> !before.contains(x)).findFirst()
                .orElse(null);
    }

    private static String describe(Visit v) {
        return String.format("visit %3d %-22s %-13s citizen=%-20s fault=%-13s kill=%s%s%s", v.no, v.business, v.card, v.citizen,
                v.fault, v.kill, v.order == null ? "" : " order=" + v.order, v.did);
    }

    // ------------------------------------------------------------------ the kiosk's log (kept across restarts)

    private Path logFile() {
        return k.kiosk.home.resolve("data/log/karaf.log");
    }

    private long logLength() throws IOException {
        return Files.exists(logFile()) ? Files.size(logFile()) : 0;
    }

    /** What the log gained since {@code mark} (from the start if it was rolled over meanwhile). */
    private String logSince(long mark) {
        try (RandomAccessFile f = new RandomAccessFile(logFile().toFile(), "r")) {
            long from = f.length() < mark ? 0 : mark;
            byte[] b = new byte[(int) Math.min(f.length() - from, 64L << 20)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ settling

    /** Waits (bounded) until no order is open, nothing waits for the back office and nothing is unsettled. */
    private boolean settle(Duration bound) throws InterruptedException {
        try {
            KioskProcess.await("the kiosk to settle", bound, () -> Stream.of("CREATED", "PENDING")
                    .allMatch(s -> k.shell("kiosk:payments --state " + s).contains("0 order(s) shown"))
                    && Stream.of("PENDING", "SENDING").allMatch(s -> k.shell("kiosk:outbox --state " + s).contains("0 entries shown"))
                    && !k.shell("kiosk:applications -n 10000").contains("PAYMENT_UNSETTLED"));
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ invariants

    /** The report: counts, then each invariant with its offending serials. */
    static final class Report {
        final List<String> header = new ArrayList<>();
        final Map<String, String> names = new LinkedHashMap<>();
        final Map<String, Set<String>> offenders = new LinkedHashMap<>();
        final List<String> counts = new ArrayList<>();

        void invariant(String key, String name) {
            names.put(key, name);
            offenders.put(key, new TreeSet<>());
        }

        void fail(String key, String serial, String why) {
            offenders.get(key).add(serial + " (" + why + ")");
        }

        boolean passed() {
            return offenders.values().stream().allMatch(Set::isEmpty);
        }

        String text(List<Visit> visits) {
            StringBuilder b = new StringBuilder("==== CRASH CAMPAIGN REPORT ====\n");
            header.forEach(h -> b.append(h).append('\n'));
            b.append("-- visits\n");
            visits.forEach(v -> b.append(describe(v)).append('\n'));
            Map<String, Integer> kills = new TreeMap<>();
            for (Visit v : visits) {
                String key = v.kill.startsWith("delay") ? "random delay" : v.kill.replaceAll(";.*| in 60 s| \\(before.*", "");
                kills.merge(key, 1, Integer::sum);
            }
            b.append("-- kills\n");
            kills.forEach((kk, c) -> b.append(String.format("%4d  %s%n", c, kk)));
            b.append("-- counts\n");
            counts.forEach(c -> b.append(c).append('\n'));
            b.append("-- invariants\n");
            names.forEach((key, name) -> {
                Set<String> off = offenders.get(key);
                b.append('(').append(key).append(") ").append(off.isEmpty() ? "PASS" : "FAIL").append("  ").append(name).append('\n');
                off.forEach(o -> b.append("      ").append(o).append('\n'));
            });
            b.append("RESULT: ").append(passed() ? "PASS" : "FAIL").append('\n');
            return b.toString();
        }
    }

    private record App(String serial, String business, String status, boolean payload, boolean idHash, boolean purged, long fee) {
    }

    private record Order(String no, String serial, String state, Instant created) {
    }

    private Report check(List<Visit> visits) throws Exception {
        Map<String, App> apps = new TreeMap<>();
        Map<String, List<String>> history = new HashMap<>();
        Map<String, Instant> cancelledAt = new HashMap<>();
        Map<String, Integer> attachments = new HashMap<>();
        Map<String, Order> orders = new TreeMap<>();
        Map<String, String> outbox = new HashMap<>();
        try (Connection db = k.derby(); Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT serial, business_code, status, payload IS NOT NULL, id_hash IS NOT NULL,"
                    + " purged_at IS NOT NULL, fee_fen FROM applications")) {
                while (r.next()) {
                    apps.put(r.getString(1), new App(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4), r.getBoolean(5),
                            r.getBoolean(6), r.getLong(7)));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT serial, status, changed_at FROM application_status ORDER BY id")) {
                while (r.next()) {
                    history.computeIfAbsent(r.getString(1), x -> new ArrayList<>()).add(r.getString(2));
                    if ("CANCELLED".equals(r.getString(2))) {
                        cancelledAt.putIfAbsent(r.getString(1), r.getTimestamp(3).toInstant());
                    }
                }
            }
            try (ResultSet r = s.executeQuery("SELECT serial, COUNT(*) FROM attachments GROUP BY serial")) {
                while (r.next()) {
                    attachments.put(r.getString(1), r.getInt(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT out_trade_no, serial, state, created_at FROM payment_order")) {
                while (r.next()) {
                    Timestamp c = r.getTimestamp(4);
                    orders.put(r.getString(1), new Order(r.getString(1), r.getString(2), r.getString(3), c.toInstant()));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT serial, state FROM outbox")) {
                while (r.next()) {
                    outbox.put(r.getString(1), r.getString(2));
                }
            }
        } finally {
            k.shutdownDerby();
        }
        Path drop = k.kiosk.home.resolve("data/backoffice/outgoing");
        Set<String> folders = new TreeSet<>();
        if (Files.isDirectory(drop)) {
            try (Stream<Path> l = Files.list(drop)) {
                l.map(p -> p.getFileName().toString()).forEach(folders::add);
            }
        }
        List<WechatPayTestServer.Order> atWechat = k.wechat.orders();
        Map<String, List<String>> paidAtWechat = new TreeMap<>();
        for (WechatPayTestServer.Order o : atWechat) {
            if (o.state().equals("SUCCESS") || o.state().equals("REFUND")) {
                String serial = orders.containsKey(o.outTradeNo()) ? orders.get(o.outTradeNo()).serial() : WechatKiosk.serialOf(o.outTradeNo());
                paidAtWechat.computeIfAbsent(serial, x -> new ArrayList<>()).add(o.outTradeNo());
            }
        }

        Report r = new Report();
        r.invariant("a", "every order paid at WeChat: its application SUBMITTED once and delivered exactly once (file-drop folder + outbox SENT);"
                + " every SUBMITTED application delivered; nothing else delivered");
        r.invariant("b", "no application paid twice (one SUCCESS per serial at WeChat; PAID, SUBMITTED recorded at most once)");
        r.invariant("c", "no order at WeChat created after its application was cancelled; no cancelled application with a paid order");
        r.invariant("d", "no personal data left for cancelled visits (payload, ID hash, attachments, file-drop folder)");
        r.invariant("e", "after settling, no application AWAITING_PAYMENT or PAYMENT_UNSETTLED whose orders are all final (or that has none)");

        for (Map.Entry<String, List<String>> e : paidAtWechat.entrySet()) {
            String serial = e.getKey();
            App a = apps.get(serial);
            if (a == null) {
                r.fail("a", serial, "paid at WeChat (" + e.getValue() + ") but unknown to the kiosk");
                continue;
            }
            if (!"SUBMITTED".equals(a.status())) {
                r.fail("a", serial, "paid at WeChat but " + a.status() + (a.payload() ? "" : ", data purged"));
            }
        }
        for (App a : apps.values()) {
            List<String> h = history.getOrDefault(a.serial(), List.of());
            long submitted = h.stream().filter("SUBMITTED"::equals).count();
            boolean delivered = "SENT".equals(outbox.get(a.serial())) && folders.contains(a.serial())
                    && Files.isRegularFile(drop.resolve(a.serial()).resolve("delivery.properties"));
            if ("SUBMITTED".equals(a.status()) && !delivered) {
                r.fail("a", a.serial(), "SUBMITTED but not delivered (outbox " + outbox.getOrDefault(a.serial(), "none") + ", folder "
                        + (folders.contains(a.serial()) ? "present" : "absent") + ")");
            }
            if (submitted == 0 && (outbox.containsKey(a.serial()) || folders.contains(a.serial()))) {
                r.fail("a", a.serial(), "delivered or queued although never SUBMITTED (" + a.status() + ")");
            }
            if (a.fee() > 0 && "SUBMITTED".equals(a.status()) && !paidAtWechat.containsKey(a.serial())) {
                r.fail("a", a.serial(), "SUBMITTED with a fee but no paid order at WeChat");
            }
            long paid = h.stream().filter("PAID"::equals).count();
            if (paid > 1 || submitted > 1) {
                r.fail("b", a.serial(), "PAID x" + paid + ", SUBMITTED x" + submitted);
            }
            if ("CANCELLED".equals(a.status())) {
                if (a.payload() || a.idHash() || !a.purged() || attachments.getOrDefault(a.serial(), 0) > 0) {
                    r.fail("d", a.serial(), "cancelled but" + (a.payload() ? " payload" : "") + (a.idHash() ? " id-hash" : "")
                            + (attachments.getOrDefault(a.serial(), 0) > 0 ? " attachments" : "") + (a.purged() ? "" : " purged_at") + " left");
                }
                if (folders.contains(a.serial())) {
                    r.fail("d", a.serial(), "cancelled but its file-drop folder is there");
                }
                if (paidAtWechat.containsKey(a.serial())) {
                    r.fail("c", a.serial(), "cancelled, yet paid at WeChat " + paidAtWechat.get(a.serial()));
                }
            } else if (h.contains("CANCELLED")) {
                r.fail("c", a.serial(), "was cancelled (data purged), now " + a.status());
            }
            if ("AWAITING_PAYMENT".equals(a.status()) || "PAYMENT_UNSETTLED".equals(a.status())) {
                List<Order> mine = orders.values().stream().filter(o -> o.serial().equals(a.serial())).toList();
                if (mine.stream().noneMatch(o -> OPEN_ORDER.contains(o.state()))) {
                    r.fail("e", a.serial(), a.status() + (mine.isEmpty() ? " with no order at all"
                            : " with every order final: " + mine.stream().map(o -> o.no() + " " + o.state()).collect(Collectors.joining(", "))));
                }
            }
        }
        for (Map.Entry<String, List<String>> e : paidAtWechat.entrySet()) {
            if (e.getValue().size() > 1) {
                r.fail("b", e.getKey(), "paid " + e.getValue().size() + " times at WeChat: " + e.getValue());
            }
        }
        for (WechatPayTestServer.Order o : atWechat) {
            Order mine = orders.get(o.outTradeNo());
            if (mine == null) {
                r.fail("c", WechatKiosk.serialOf(o.outTradeNo()), "order " + o.outTradeNo() + " at WeChat is unknown to the kiosk");
                continue;
            }
            Instant cancelled = cancelledAt.get(mine.serial());
            if (cancelled != null && mine.created().isAfter(cancelled)) {
                r.fail("c", mine.serial(), "order " + o.outTradeNo() + " created at " + mine.created() + ", after the cancel at " + cancelled);
            }
        }
        for (String f : folders) {
            if (!apps.containsKey(f) && !f.startsWith(".")) {
                r.fail("a", f, "a file-drop folder of no application");
            }
        }

        Map<String, Long> byStatus = apps.values().stream().collect(Collectors.groupingBy(App::status, TreeMap::new, Collectors.counting()));
        long paidSubmitted = apps.values().stream().filter(a -> "SUBMITTED".equals(a.status()) && a.fee() > 0).count();
        long freeSubmitted = apps.values().stream().filter(a -> "SUBMITTED".equals(a.status()) && a.fee() == 0).count();
        Map<String, Long> wechatStates = atWechat.stream().collect(Collectors.groupingBy(WechatPayTestServer.Order::state, TreeMap::new,
                Collectors.counting()));
        r.counts.add("applications stored: " + apps.size() + " by status " + byStatus);
        r.counts.add("  paid and submitted: " + paidSubmitted + ", free and submitted: " + freeSubmitted + ", cancelled: "
                + byStatus.getOrDefault("CANCELLED", 0L) + ", unsettled: " + byStatus.getOrDefault("PAYMENT_UNSETTLED", 0L)
                + ", awaiting payment: " + byStatus.getOrDefault("AWAITING_PAYMENT", 0L));
        r.counts.add("orders at WeChat: " + atWechat.size() + " by state " + wechatStates + "; kiosk orders: " + orders.size() + " by state "
                + orders.values().stream().collect(Collectors.groupingBy(Order::state, TreeMap::new, Collectors.counting())));
        r.counts.add("file-drop folders: " + folders.stream().filter(f -> !f.startsWith(".")).count()
                + (folders.stream().anyMatch(f -> f.startsWith(".")) ? " (+ temporaries " + folders.stream().filter(f -> f.startsWith(".")).toList() + ")" : ""));
        return r;
    }
}
