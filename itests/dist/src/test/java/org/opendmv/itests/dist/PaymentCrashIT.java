package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/**
 * Crash safety of payment, with the real WeChat Pay v3 wire protocol: the kiosk (the unpacked
 * distribution, headless, the wechat provider configured as a merchant would) talks to the
 * protocol-faithful test server running in this JVM, which outlives the kiosk. The kiosk is
 * stopped with SIGKILL at two named points (fault injection enabled only by a system property),
 * restarted, and must settle the order and the application exactly once, without a second charge.
 * What is asserted at the end is read from the kiosk's own Derby file.
 */
public class PaymentCrashIT {
    private static final Pattern ORDER = WechatKiosk.ORDER;
    private KioskProcess kiosk;
    private WechatPayTestServer wechat;
    private Thread visit;

    @Before
    public void kioskWithWechatPay() throws Exception {
        kiosk = KioskProcess.unpack("payment");
        kiosk.headless();
        Path keys = kiosk.home.resolve("etc/wechatpay");
        wechat = WechatPayTestServer.run("-dir", keys.toString(),
                "-notify-url", "http://127.0.0.1:" + kiosk.httpPort + "/payment/notify/wechat");
        Files.copy(keys.resolve("org.opendmv.payment.wechat.cfg"), kiosk.home.resolve("etc/org.opendmv.payment.wechat.cfg"));
        kiosk.config("org.opendmv.payment", "provider", "wechat");
        kiosk.bootFeature("opendmv-payment-sim", "opendmv-payment-wechat");
    }

    @After
    public void stopAll() throws Exception {
        if (visit != null) {
            visit.interrupt();
        }
        if (kiosk != null) {
            kiosk.close();
        }
        if (wechat != null) {
            wechat.close();
        }
    }

    /** SIGKILL after WeChat said SUCCESS, before the application was updated. */
    @Test
    public void aPaymentReportedJustBeforeACrashCompletesTheApplicationOnceAfterRestart() throws Exception {
        kiosk.javaOption("-Dopendmv.test.pause.at=payment.paid-before-apply");
        kiosk.start();
        startVisitToPay();
        KioskProcess.await("the order at WeChat", Duration.ofSeconds(120), () -> !wechat.orders().isEmpty());
        String no = wechat.orders().get(0).outTradeNo();
        String serial = WechatKiosk.serialOf(no);
        // the citizen pays; the kiosk's poller finds out (its notification comes after the restart)
        wechat.pay(no);
        KioskProcess.await("the kiosk at the crash point", Duration.ofSeconds(60),
                () -> logContains("TEST PAUSE payment.paid-before-apply"));
        String before = kiosk.shell("kiosk:applications");
        assertTrue(before, before.contains(serial));
        assertFalse("the crash point is before the application changes: " + before, line(before, serial).contains("SUBMITTED"));
        kiosk.kill();

        kiosk.javaOptions(List.of());
        kiosk.start();
        KioskProcess.await("the reconciler to settle " + no, Duration.ofSeconds(120), () -> {
            try {
                return line(kiosk.shell("kiosk:payments"), no).contains("PAID");
            } catch (Exception e) {
                return false;
            }
        });
        // WeChat repeats its notification (it does, until answered); nothing changes twice
        wechat.sendCallback(no);
        String apps = kiosk.shell("kiosk:applications");
        assertTrue(apps, line(apps, serial).contains("SUBMITTED"));
        kiosk.stop();

        assertEquals("one order at WeChat: no second charge", 1, wechat.orders().size());
        try (Connection db = derby()) {
            assertEquals("PAID recorded once", 1, count(db, "SELECT COUNT(*) FROM application_status WHERE serial = ? AND status = 'PAID'", serial));
            assertEquals("SUBMITTED recorded once", 1, count(db, "SELECT COUNT(*) FROM application_status WHERE serial = ? AND status = 'SUBMITTED'", serial));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM payment_order WHERE serial = ? AND state = 'PAID'", serial));
        }
    }

    /** SIGKILL after the order row was written, before WeChat was asked: nobody can pay it. */
    @Test
    public void aCrashBeforeWechatWasAskedLeavesNoChargeAndNoOpenOrder() throws Exception {
        kiosk.javaOption("-Dopendmv.test.pause.at=payment.before-provider-create");
        kiosk.start();
        startVisitToPay();
        KioskProcess.await("the kiosk at the crash point", Duration.ofSeconds(120),
                () -> logContains("TEST PAUSE payment.before-provider-create"));
        String payments = kiosk.shell("kiosk:payments");
        Matcher m = ORDER.matcher(line(payments, "CREATED"));
        assertTrue(payments, m.find());
        String no = m.group(1);
        String serial = WechatKiosk.serialOf(no);
        kiosk.kill();
        assertTrue("WeChat never saw it", wechat.order(no).isEmpty());

        kiosk.javaOptions(List.of());
        kiosk.start();
        // no visit survives a restart, so nobody is at the kiosk to pay: the order is closed at once
        KioskProcess.await("the order closed", Duration.ofSeconds(120), () -> {
            try {
                return line(kiosk.shell("kiosk:payments"), no).contains("CLOSED");
            } catch (Exception e) {
                return false;
            }
        });
        KioskProcess.await("the application cancelled", Duration.ofSeconds(60), () -> {
            try {
                return line(kiosk.shell("kiosk:applications"), serial).contains("CANCELLED");
            } catch (Exception e) {
                return false;
            }
        });
        kiosk.stop();
        assertTrue("no order was paid at WeChat", wechat.orders().stream().noneMatch(o -> o.outTradeNo().equals(no)
                && "SUCCESS".equals(o.state())));
        try (Connection db = derby()) {
            assertEquals(0, count(db, "SELECT COUNT(*) FROM application_status WHERE serial = ? AND status = 'PAID'", serial));
        }
    }

    /** A simulated citizen (kiosk:simulate) walks dl-renewal up to PAY, in the background. */
    private void startVisitToPay() {
        AtomicReference<String> out = new AtomicReference<>();
        visit = new Thread(() -> {
            try {
                out.set(kiosk.shell("kiosk:simulate --card adult-male --step-timeout 300 dl-renewal"));
            } catch (Exception e) {
                out.set(e.toString()); // the kiosk is killed under it
            }
        }, "simulated-citizen");
        visit.setDaemon(true);
        visit.start();
    }

    private boolean logContains(String text) {
        try {
            return kiosk.log().contains(text);
        } catch (Exception e) {
            return false;
        }
    }

    private static String line(String out, String key) {
        return out.lines().filter(l -> l.contains(key)).findFirst().orElse("");
    }

    private Connection derby() throws SQLException {
        return DriverManager.getConnection("jdbc:derby:" + kiosk.home.resolve("data/derby/kiosk"));
    }

    private static long count(Connection db, String sql, String serial) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, serial);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
