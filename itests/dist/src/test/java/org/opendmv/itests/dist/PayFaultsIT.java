package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.opendmv.payment.wechat.testserver.WechatPayTestServer;

/**
 * Network faults while a citizen leaves PAY unpaid, on the unpacked distribution against the
 * protocol-faithful WeChat Pay v3 server: the close answers 500, the provider cannot be reached for
 * the close and the last query, the last query says USERPAYING, the close is refused, a SUCCESS
 * notification arrives just before or just after the cancel. The rule under test: an application is
 * cancelled and purged only once the provider has confirmed its order closed and a last query said
 * not paid; otherwise it is parked as PAYMENT_UNSETTLED with its data kept, and a payment made later
 * (within the order's lifetime) makes it PAID, SUBMITTED and delivered to the back office once.
 * One kiosk for the whole class; the visits run one after another.
 */
public class PayFaultsIT {
    private static final String BUSINESS = "dl-renewal";
    private static final String UNSETTLED = "PAYMENT_UNSETTLED";
    private static WechatKiosk k;
    private Thread visit;

    @BeforeClass
    public static void kioskWithWechatPay() throws Exception {
        k = WechatKiosk.unpack("payfaults");
        // a short PAY countdown (60 s): where the order's lifetime follows the visit, the
        // closed-later case settles within a minute or two instead of five
        k.kiosk.config("org.opendmv.engine", "idle.scale.percent", "20");
        // the reconciler retries parked applications; not every 5 s here, so that a test can pay before it closes the order
        k.kiosk.config("org.opendmv.payment", "reconcile.interval.s", "30");
        k.kiosk.start();
        k.awaitBusiness(BUSINESS);
    }

    @AfterClass
    public static void stopAll() throws Exception {
        if (k != null) {
            k.close();
        }
    }

    @After
    public void clearFaults() throws Exception {
        k.wechat.reset();
        k.wechat.start(); // after the unreachable case
        if (visit != null) {
            visit.join(30_000);
        }
        KioskProcess.await("no active visit", Duration.ofSeconds(60), () -> k.shell("kiosk:sessions").contains("0 active visit(s)"));
    }

    /** (a) The reproduction: one 500 on the close was enough to cancel and purge a payable application. */
    @Test
    public void aSingle500OnTheCloseParksTheApplicationAndALaterPaymentIsDeliveredOnce() throws Exception {
        String no = visitAtPay();
        String serial = WechatKiosk.serialOf(no);
        k.wechat.failNextOn("/close$", 1);
        leavePay();
        awaitLeftAwaitingPayment(serial);
        assertParkedWithDataKept(serial, no);
        if (citizenPays(no, true)) {
            assertDeliveredOnce(serial, no);
        }
    }

    /** (b) Nothing answers at the close nor at the last query; the citizen pays later, found by polling. */
    @Test
    public void providerUnreachableAtTheCloseAndTheLastQueryKeepsTheApplication() throws Exception {
        String no = visitAtPay();
        String serial = WechatKiosk.serialOf(no);
        k.wechat.stop();
        leavePay();
        awaitLeftAwaitingPayment(serial);
        assertParkedWithDataKept(serial, no);
        k.wechat.start();
        if (citizenPays(no, false)) {
            assertDeliveredOnce(serial, no);
        }
    }

    /** (c) The citizen is entering the password (USERPAYING) when the visit ends; the close fails; the payment then completes. */
    @Test
    public void lastQuerySaysUserPayingTheApplicationWaitsForThePayment() throws Exception {
        String no = visitAtPay();
        String serial = WechatKiosk.serialOf(no);
        k.wechat.setState(no, "USERPAYING");
        k.wechat.failNextOn("/close$", 1);
        leavePay();
        awaitLeftAwaitingPayment(serial);
        assertParkedWithDataKept(serial, no);
        if (citizenPays(no, true)) {
            assertDeliveredOnce(serial, no);
        }
    }

    /** (d) The close is refused; the citizen never pays: cancelled and purged only once the provider confirms it closed. */
    @Test
    public void aRefusedCloseParksTheApplicationUntilTheProviderConfirmsItClosed() throws Exception {
        String no = visitAtPay();
        String serial = WechatKiosk.serialOf(no);
        k.wechat.errorNextOn("/close$", 1, 403, "RULE_LIMIT", "业务规则限制");
        leavePay();
        awaitLeftAwaitingPayment(serial);
        assertParkedWithDataKept(serial, no);
        // nobody pays: at the latest when the order expires the kiosk closes it, and only then cancels
        Instant expires = OffsetDateTime.parse(k.wechat.order(no).orElseThrow().timeExpire()).toInstant();
        Duration bound = Duration.between(Instant.now(), expires).plusSeconds(90);
        KioskProcess.await(serial + " CANCELLED and purged after WeChat confirmed the close", bound, () -> {
            String a = application(serial);
            return "CANCELLED".equals(status(a)) && a.contains("Personal data: purged");
        });
        assertEquals("closed at WeChat", "CLOSED", k.wechat.order(no).orElseThrow().state());
        String a = application(serial);
        assertEquals(a, 1, historyCount(a, "CANCELLED"));
        assertEquals(a, 0, historyCount(a, "PAID"));
        assertTrue(a, a.contains("Attachments:   none"));
        assertFalse("nothing delivered", Files.exists(k.dropFolder(serial)));
    }

    /** (e) WeChat's SUCCESS notification is handled just before the citizen's cancel reaches the visit. */
    @Test
    public void aNotificationJustBeforeTheCancelWins() throws Exception {
        String no = visitAtPay();
        String serial = WechatKiosk.serialOf(no);
        String id = k.visitAtPay(BUSINESS);
        assertNotNull(id);
        k.wechat.pay(no);
        assertEquals(200, k.wechat.sendCallback(no));
        k.shell("kiosk:sessions --cancel " + id); // may find the visit at RECEIPT, or ended
        assertDeliveredOnce(serial, no);
    }

    /** (e) The notification arrives while the close (after the cancel) is on its way to WeChat. */
    @Test
    public void aNotificationJustAfterTheCancelWins() throws Exception {
        String no = visitAtPay();
        String serial = WechatKiosk.serialOf(no);
        k.wechat.delayNextOn("/close$", 1, Duration.ofSeconds(3));
        leavePay();
        KioskProcess.await("the close of " + no + " at WeChat", Duration.ofSeconds(30), () -> k.wechat.requests().stream()
                .anyMatch(r -> r.method().equals("POST") && r.pathAndQuery().contains(no + "/close")));
        k.wechat.pay(no);
        assertEquals(200, k.wechat.sendCallback(no));
        assertDeliveredOnce(serial, no);
    }

    // ------------------------------------------------------------------ the citizen and what the kiosk shows

    /** A simulated citizen walks dl-renewal to PAY; returns the out_trade_no once the QR code is on screen. */
    private String visitAtPay() throws Exception {
        Set<String> before = k.wechat.orders().stream().map(WechatPayTestServer.Order::outTradeNo).collect(Collectors.toSet());
        AtomicReference<String> out = new AtomicReference<>();
        visit = k.visit("adult-male", BUSINESS, 600, out);
        KioskProcess.await("a new order at WeChat", Duration.ofSeconds(90), () -> k.wechat.orders().stream()
                .anyMatch(o -> !before.contains(o.outTradeNo())) || out.get() != null);
        List<String> fresh = k.wechat.orders().stream().map(WechatPayTestServer.Order::outTradeNo).filter(n -> !before.contains(n)).toList();
        assertEquals("one new order; the visit printed: " + out.get(), 1, fresh.size());
        String no = fresh.get(0);
        KioskProcess.await(no + " PENDING on the kiosk", Duration.ofSeconds(30),
                () -> WechatKiosk.line(k.shell("kiosk:payments"), no).contains("PENDING"));
        KioskProcess.await("the visit at PAY", Duration.ofSeconds(30), () -> k.visitAtPay(BUSINESS) != null);
        return no;
    }

    /** The citizen presses 取消 at PAY (kiosk:sessions --cancel, as staff or the cancel button would). */
    private void leavePay() {
        String id = k.visitAtPay(BUSINESS);
        assertNotNull("a visit at PAY", id);
        String out = k.shell("kiosk:sessions --cancel " + id);
        assertTrue(out, out.contains("ended"));
    }

    /**
     * The kiosk has finished with the visit's end: the application is settled (cancelled or paid), or
     * the kiosk said it stays PAYMENT_UNSETTLED after trying the close (it is parked before the close).
     */
    private void awaitLeftAwaitingPayment(String serial) throws InterruptedException {
        KioskProcess.await(serial + " settled or left PAYMENT_UNSETTLED after the close", Duration.ofSeconds(60),
                () -> List.of("CANCELLED", "PAID", "SUBMITTED").contains(status(application(serial)))
                        || log().contains("Application " + serial + " is PAYMENT_UNSETTLED"));
    }

    private static String log() {
        try {
            return k.kiosk.log();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void assertParkedWithDataKept(String serial, String no) {
        String a = application(serial);
        assertEquals("the order could not be confirmed closed and unpaid, so the application waits:\n" + a, UNSETTLED, status(a));
        assertTrue(a, a.contains("Personal data: kept"));
        assertEquals(a, 0, historyCount(a, "CANCELLED"));
        assertFalse("not delivered before it is paid", Files.exists(k.dropFolder(serial)));
        String state = k.wechat.order(no).orElseThrow().state();
        assertTrue("still payable at WeChat: " + state, state.equals("NOTPAY") || state.equals("USERPAYING"));
    }

    /**
     * The citizen pays within the order's lifetime: the order was just seen still payable at WeChat,
     * so a close by the kiosk in between would be a defect (it could not confirm the close a moment ago).
     */
    private boolean citizenPays(String no, boolean notify) throws Exception {
        try {
            k.wechat.pay(no);
        } catch (IllegalStateException closed) {
            throw new AssertionError(no + " was closed before the citizen could pay, although it was payable a moment ago", closed);
        }
        if (notify) {
            assertEquals("the kiosk acknowledges the notification", 200, k.wechat.sendCallback(no));
        }
        return true;
    }

    private void assertDeliveredOnce(String serial, String no) throws Exception {
        KioskProcess.await(serial + " SUBMITTED and SENT to the back office", Duration.ofSeconds(90), () -> {
            String a = application(serial);
            return "SUBMITTED".equals(status(a)) && a.contains("Back office:   SENT");
        });
        String a = application(serial);
        assertTrue("the delivered application has its data:\n" + a, a.contains("Personal data: kept"));
        assertEquals(a, 1, historyCount(a, "PAID"));
        assertEquals(a, 1, historyCount(a, "SUBMITTED"));
        assertEquals("never cancelled on the way:\n" + a, 0, historyCount(a, "CANCELLED"));
        Path marker = k.dropFolder(serial).resolve("delivery.properties");
        assertTrue("one folder in the file drop", Files.isRegularFile(marker));
        assertTrue(Files.readString(marker).contains("idempotencyKey=" + serial));
        assertTrue(WechatKiosk.line(k.shell("kiosk:payments"), no).contains("PAID"));
        assertEquals("one payment at WeChat", 1, k.wechat.orders().stream()
                .filter(o -> WechatKiosk.serialOf(o.outTradeNo()).equals(serial) && o.state().equals("SUCCESS")).count());
    }

    private static String application(String serial) {
        return k.shell("kiosk:application " + serial);
    }

    private static String status(String application) {
        return application.lines().filter(l -> l.startsWith("Status:")).map(l -> l.substring("Status:".length()).trim())
                .findFirst().orElse("");
    }

    /** How often a status appears in the application's status history (kiosk:application's table). */
    private static long historyCount(String application, String status) {
        int from = application.indexOf("Status history:");
        if (from < 0) {
            return -1;
        }
        return application.substring(from).lines().map(l -> l.split("\\s*[|│]\\s*")).filter(c -> c.length >= 2 && c[1].trim().equals(status))
                .count();
    }
}
