package org.opendmv.payment.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.opendmv.payment.api.PaymentListener;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentService;
import org.opendmv.payment.spi.NotificationRejected;
import org.opendmv.payment.spi.OrderRequest;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.ProviderStatus;
import org.opendmv.payment.spi.RefundRequest;
import org.opendmv.payment.spi.TradeState;

/** The simulated provider as the core sees it, and kiosk:payment-sim (moved from the old SimPaymentServiceTest). */
public class SimProviderTest {
    private SimProvider sim;
    private final List<String> nudged = new CopyOnWriteArrayList<>();

    @org.junit.Rule
    public org.junit.rules.TemporaryFolder tmp = new org.junit.rules.TemporaryFolder();

    static SimConfig config(int afterMs, String outcome) {
        return config(afterMs, outcome, "");
    }

    static SimConfig config(int afterMs, String outcome, String stateFile) {
        Map<String, Object> v = Map.of("pay_after_ms", afterMs, "outcome", outcome, "state_file", stateFile);
        return (SimConfig) Proxy.newProxyInstance(SimConfig.class.getClassLoader(), new Class<?>[] {SimConfig.class},
                (p, m, a) -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue());
    }

    private SimProvider sim(int afterMs, String outcome) {
        sim = new SimProvider(config(afterMs, outcome));
        sim.core = new PaymentService() {
            @Override
            public PaymentOrder query(String outTradeNo) {
                nudged.add(outTradeNo);
                return null;
            }

            @Override
            public PaymentOrder create(String serial, long amountFen, String description, Instant expiresAt) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<PaymentOrder> find(String outTradeNo) {
                return Optional.empty();
            }

            @Override
            public List<PaymentOrder> forSerial(String serial) {
                return List.of();
            }

            @Override
            public PaymentOrder close(String outTradeNo) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PaymentOrder refund(String outTradeNo, String reason) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.opendmv.payment.api.Settlement abandon(String serial) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void addListener(PaymentListener listener) {
            }

            @Override
            public void removeListener(PaymentListener listener) {
            }
        };
        return sim;
    }

    @After
    public void tearDown() {
        if (sim != null) {
            sim.deactivate();
        }
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static OrderRequest order(String no, long fen, long expiresInMs) {
        return new OrderRequest(no, fen, "驾驶证期满换证", Instant.now().plusMillis(expiresInMs), null);
    }

    @Test
    public void paysItselfAndTellsTheCore() throws Exception {
        sim(50, "PAY");
        String url = sim.createNative(order("20261124K001000001P1", 1000, 60_000));
        assertEquals("weixin://wxpay/bizpayurl?pr=SIM20261124K001000001P1", url);
        assertEquals("idempotent", url, sim.createNative(order("20261124K001000001P1", 1000, 60_000)));
        assertEquals(TradeState.NOTPAY, sim.query("20261124K001000001P1").state());
        await("paid", () -> sim.state("20261124K001000001P1").orElseThrow() == TradeState.SUCCESS);
        ProviderStatus s = sim.query("20261124K001000001P1");
        assertEquals(1000, s.amountFen());
        assertEquals("SIMTX20261124K001000001P1", s.transactionId());
        await("nudged", () -> nudged.contains("20261124K001000001P1"));
        try {
            sim.close("20261124K001000001P1");
            fail();
        } catch (ProviderException e) {
            assertEquals("ORDERPAID", e.code());
        }
        try {
            sim.createNative(order("20261124K001000001P1", 1000, 60_000));
            fail();
        } catch (ProviderException e) {
            assertEquals("ORDERPAID", e.code());
        }
        assertEquals("SUCCESS", sim.refund(new RefundRequest("20261124K001000001P1", "20261124K001000001P1R1", 1000, 1000, "x")).status());
        assertEquals(TradeState.REFUND, sim.query("20261124K001000001P1").state());
    }

    @Test
    public void failNeverAndUnknown() throws Exception {
        sim(10, "FAIL");
        sim.createNative(order("20261124K001000002P1", 500, 60_000));
        await("failed", () -> sim.state("20261124K001000002P1").orElseThrow() == TradeState.PAYERROR);
        sim.deactivate();
        sim(10, "NEVER");
        sim.createNative(order("20261124K001000003P1", 500, 60_000));
        Thread.sleep(100);
        assertEquals(TradeState.NOTPAY, sim.query("20261124K001000003P1").state());
        sim.close("20261124K001000003P1");
        sim.close("20261124K001000003P1");
        assertEquals("closing twice is not an error", TradeState.CLOSED, sim.query("20261124K001000003P1").state());
        assertEquals(TradeState.UNKNOWN_ORDER, sim.query("nope000").state());
        try {
            sim.close("nope000");
            fail();
        } catch (ProviderException e) {
            assertEquals("ORDER_NOT_EXIST", e.code());
        }
        try {
            sim.refund(new RefundRequest("20261124K001000003P1", "20261124K001000003P1R1", 500, 500, null));
            fail();
        } catch (ProviderException e) {
            assertEquals("INVALID_REQUEST", e.code());
        }
    }

    @Test
    public void latePaysJustAfterTheExpiryWithoutTellingTheCore() throws Exception {
        sim(0, "LATE");
        sim.createNative(order("20261124K001000004P1", 500, 100));
        Thread.sleep(50);
        assertEquals(TradeState.NOTPAY, sim.query("20261124K001000004P1").state());
        await("paid late", () -> sim.state("20261124K001000004P1").orElseThrow() == TradeState.SUCCESS);
        assertTrue("the core must find it by its last query", nudged.isEmpty());
        // closed in time, it is not paid
        sim.createNative(order("20261124K001000005P1", 500, 100));
        sim.close("20261124K001000005P1");
        Thread.sleep(SimProvider.LATE_MS + 200);
        assertEquals(TradeState.CLOSED, sim.query("20261124K001000005P1").state());
    }

    @Test
    public void payDoesNotHappenAfterTheExpiry() throws Exception {
        sim(100, "PAY");
        sim.createNative(order("20261124K001000006P1", 500, 10));
        Thread.sleep(250);
        assertEquals(TradeState.NOTPAY, sim.query("20261124K001000006P1").state());
    }

    @Test
    public void notificationsCarryNoStateOfTheirOwn() throws Exception {
        sim(0, "NEVER");
        sim.createNative(order("20261124K001000007P1", 500, 60_000));
        ProviderStatus s = sim.parseNotification(Map.of(), "{\"out_trade_no\":\"20261124K001000007P1\",\"trade_state\":\"SUCCESS\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("the simulator's own view, not the body's", TradeState.NOTPAY, s.state());
        for (String body : new String[] {"", "{}", "{\"out_trade_no\":\"20991231K001000001P1\"}", "not json"}) {
            try {
                sim.parseNotification(Map.of(), body.getBytes(StandardCharsets.UTF_8));
                fail(body);
            } catch (NotificationRejected expected) {
                // clear message
            }
        }
    }

    @Test
    public void ordersSurviveARestartAsAtARealProvider() throws Exception {
        String file = tmp.getRoot().toPath().resolve("sim/orders.txt").toString();
        sim = new SimProvider(config(0, "NEVER", file));
        sim.createNative(order("20261124K001000011P1", 1000, 60_000));
        sim.createNative(order("20261124K001000012P1", 500, 60_000));
        assertTrue(sim.settle("20261124K001000011P1", TradeState.SUCCESS, false, false));
        sim.close("20261124K001000012P1");
        sim.deactivate();
        // as after kill -9: a new instance reads what the old one wrote
        sim = new SimProvider(config(0, "NEVER", file));
        ProviderStatus paid = sim.query("20261124K001000011P1");
        assertEquals(TradeState.SUCCESS, paid.state());
        assertEquals(1000, paid.amountFen());
        assertTrue(paid.successTime() != null);
        assertEquals(TradeState.CLOSED, sim.query("20261124K001000012P1").state());
        try {
            sim.createNative(order("20261124K001000012P1", 500, 60_000));
            fail();
        } catch (ProviderException e) {
            assertEquals("ORDERCLOSED", e.code());
        }
    }

    @Test
    public void badConfigurationIsRefused() {
        try {
            new SimProvider(config(10, "MAYBE"));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("PAY, FAIL, NEVER or LATE"));
        }
        assertEquals("lower case is fine", "LATE", sim(10, "late").outcome());
    }

    private String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        SimPaymentCommand.run(sim, args.length > 0 ? args[0] : null, args.length > 1 ? args[1] : null,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    private void bad(String expected, String... args) {
        try {
            run(args);
            fail("expected IllegalArgumentException for " + List.of(args));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() + " should contain " + expected, e.getMessage().contains(expected));
        }
    }

    @Test
    public void consoleCommand() throws Exception {
        sim(0, "NEVER");
        sim.createNative(order("20261124K001000008P1", 1000, 60_000));
        sim.createNative(order("20261124K001000009P1", 1000, 60_000));
        sim.createNative(order("20261124K001000010P1", 1000, 60_000));
        String list = run("list");
        assertTrue(list, list.contains("20261124K001000008P1") && list.contains("¥10.00") && list.contains("NOTPAY")
                && list.contains("3 simulated order(s); outcome NEVER"));
        assertEquals("20261124K001000008P1: NOTPAY -> SUCCESS (simulated provider; the core is told now)\n", run("pay", "20261124K001000008P1"));
        await("nudged", () -> nudged.contains("20261124K001000008P1"));
        assertTrue(run("fail", " 20261124K001000009P1 ").contains("NOTPAY -> PAYERROR"));
        assertTrue(run("EXPIRE", "20261124K001000010P1").contains("NOTPAY -> CLOSED"));
        bad("order 20261124K001000008P1 is SUCCESS at the simulated provider; only an unpaid (NOTPAY) order can be paid", "pay", "20261124K001000008P1");
        bad("unknown order 'nope' at the simulated provider", "pay", "nope");
        bad("missing out_trade_no; unpaid simulated orders: (none)", "pay");
        bad("unknown action 'refund'; known: pay, fail, expire, list", "refund", "x");
        bad("missing action", "");
        bad("unexpected argument 'x' for list", "list", "x");
        assertEquals(List.of(), sim.ids(true));
        assertEquals(3, sim.ids(false).size());
        assertFalse(sim.settle("20261124K001000010P1", TradeState.SUCCESS, false, true));
    }
}
