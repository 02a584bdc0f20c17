package org.opendmv.itests.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/**
 * One unpacked kiosk (headless) with the WeChat Pay provider configured as a merchant would, against
 * the protocol-faithful test server in this JVM, which outlives every kiosk restart. Fast simulators,
 * a back-office relay that looks every second (file drop) and a payment reconciler every 5 s, so
 * tests wait on conditions for seconds, not minutes.
 */
final class WechatKiosk implements AutoCloseable {
    /** An out_trade_no: serial (yyyyMMdd, kiosk id of 1-8 letters or digits, 6-digit sequence) + "P" + attempt. */
    static final Pattern ORDER = Pattern.compile("(\\d{8}[A-Z0-9]{1,12}\\d{6}P\\d+)");
    final KioskProcess kiosk;
    final WechatPayTestServer wechat;

    private WechatKiosk(KioskProcess kiosk, WechatPayTestServer wechat) {
        this.kiosk = kiosk;
        this.wechat = wechat;
    }

    static WechatKiosk unpack(String name) throws Exception {
        KioskProcess kiosk = KioskProcess.unpack(name);
        kiosk.headless();
        Path keys = kiosk.home.resolve("etc/wechatpay");
        WechatPayTestServer wechat = WechatPayTestServer.run("-dir", keys.toString(),
                "-notify-url", "http://127.0.0.1:" + kiosk.httpPort + "/payment/notify/wechat");
        Files.copy(keys.resolve("org.opendmv.payment.wechat.cfg"), kiosk.home.resolve("etc/org.opendmv.payment.wechat.cfg"));
        kiosk.config("org.opendmv.payment", "provider", "wechat");
        kiosk.config("org.opendmv.payment", "poll.initial.ms", "500");
        kiosk.config("org.opendmv.payment", "poll.max.ms", "2000");
        kiosk.config("org.opendmv.payment", "reconcile.interval.s", "5");
        kiosk.config("org.opendmv.backoffice", "poll.interval", "1");
        kiosk.config("org.opendmv.devices.sim", "default.latency.ms", "20");
        kiosk.bootFeature("opendmv-payment-sim", "opendmv-payment-wechat");
        return new WechatKiosk(kiosk, wechat);
    }

    /** A console command; "" if the console does not answer (the kiosk is being killed or restarted). */
    String shell(String command) {
        try {
            return kiosk.shell(command);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Waits until the business can start a visit (the registry fills in shortly after health is UP). */
    void awaitBusiness(String code) throws InterruptedException {
        KioskProcess.await(code + " READY", Duration.ofSeconds(90), () -> shell("kiosk:businesses " + code).contains("readiness: READY"));
    }

    /** A simulated citizen (kiosk:simulate) in the background; its console output lands in the returned reference. */
    Thread visit(String card, String business, int stepTimeoutSeconds, AtomicReference<String> out) {
        Thread t = new Thread(() -> {
            try {
                out.set(kiosk.shell("kiosk:simulate --card " + card + " --step-timeout " + stepTimeoutSeconds + " " + business));
            } catch (Exception e) {
                out.set(String.valueOf(e)); // the kiosk is killed under it
            }
        }, "simulated-citizen");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The id of the active visit of this business that is at PAY, or null. */
    String visitAtPay(String business) {
        for (String l : shell("kiosk:sessions").lines().toList()) {
            String[] cols = l.trim().split("\\s*\\|\\s*|\\s+");
            if (cols.length >= 3 && l.contains(business) && l.contains("PAY")) {
                return cols[0];
            }
        }
        return null;
    }

    /** The application's serial in an out_trade_no (serial + "P" + attempt). */
    static String serialOf(String outTradeNo) {
        return outTradeNo.substring(0, outTradeNo.lastIndexOf('P'));
    }

    static String line(String out, String key) {
        return out.lines().filter(l -> l.contains(key)).findFirst().orElse("");
    }

    Path dropFolder(String serial) {
        return kiosk.home.resolve("data/backoffice/outgoing").resolve(serial);
    }

    /** The kiosk's own database; only while the kiosk is stopped (embedded Derby: one JVM at a time). */
    Connection derby() throws SQLException {
        return DriverManager.getConnection("jdbc:derby:" + kiosk.home.resolve("data/derby/kiosk"));
    }

    /** Releases the database so the kiosk can boot it again. */
    void shutdownDerby() {
        try {
            DriverManager.getConnection("jdbc:derby:" + kiosk.home.resolve("data/derby/kiosk") + ";shutdown=true");
        } catch (SQLException e) {
            // 08006: shut down as asked
        }
    }

    @Override
    public void close() throws Exception {
        try {
            kiosk.close();
        } finally {
            wechat.close();
        }
    }
}
