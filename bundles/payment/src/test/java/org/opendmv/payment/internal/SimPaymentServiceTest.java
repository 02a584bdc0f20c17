package org.opendmv.payment.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Test;
import org.opendmv.payment.api.PaymentException;
import org.opendmv.payment.api.PaymentOrder;
import org.opendmv.payment.api.PaymentState;

public class SimPaymentServiceTest {
    private SimPaymentService pay;

    private static SimPaymentConfig config(int afterMs, String outcome) {
        Map<String, Object> v = Map.of("pay_after_ms", afterMs, "outcome", outcome);
        return (SimPaymentConfig) Proxy.newProxyInstance(SimPaymentConfig.class.getClassLoader(), new Class<?>[] {SimPaymentConfig.class},
                (p, m, a) -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue());
    }

    @After
    public void tearDown() {
        if (pay != null) {
            pay.deactivate();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    public void paysItselfAndNeverOpensASecondOrderForTheSameApplication() throws Exception {
        pay = new SimPaymentService(config(50, "PAY"));
        List<PaymentOrder> seen = new CopyOnWriteArrayList<>();
        pay.addListener(seen::add);
        PaymentOrder o = pay.create("20261124K001000001", 1000, "驾驶证期满换证", Instant.now().plusSeconds(60));
        assertEquals("20261124K001000001P1", o.outTradeNo());
        assertTrue(o.codeUrl().startsWith("weixin://"));
        assertEquals(o, pay.create("20261124K001000001", 1000, "again", Instant.now().plusSeconds(60)));
        await("paid", () -> pay.find(o.outTradeNo()).orElseThrow().state() == PaymentState.PAID);
        assertEquals("a paid order is returned again, not charged twice", PaymentState.PAID,
                pay.create("20261124K001000001", 1000, "again", Instant.now().plusSeconds(60)).state());
        assertEquals(1, pay.forSerial("20261124K001000001").size());
        assertEquals(PaymentState.PAID, pay.close(o.outTradeNo()).state());
        assertTrue(seen.stream().anyMatch(x -> x.state() == PaymentState.PAID));
    }

    @Test
    public void expiresAndAFreshOrderCanFollow() throws Exception {
        pay = new SimPaymentService(config(0, "NEVER"));
        PaymentOrder o = pay.create("20261124K001000002", 500, "x", Instant.now().plusMillis(50));
        await("expired", () -> pay.find(o.outTradeNo()).orElseThrow().state() == PaymentState.CLOSED);
        PaymentOrder again = pay.create("20261124K001000002", 500, "x", Instant.now().plusSeconds(60));
        assertNotEquals(o.outTradeNo(), again.outTradeNo());
        assertEquals(PaymentState.CLOSED, pay.close(again.outTradeNo()).state());
    }

    @Test
    public void failureIsReported() throws Exception {
        pay = new SimPaymentService(config(10, "FAIL"));
        PaymentOrder o = pay.create("20261124K001000003", 500, "x", Instant.now().plusSeconds(60));
        await("failed", () -> pay.find(o.outTradeNo()).orElseThrow().state() == PaymentState.FAILED);
    }

    @Test
    public void badInputIsRefused() {
        pay = new SimPaymentService(config(10, "PAY"));
        for (String serial : new String[] {null, "", "abc", "../../x", "20261124K001000003; DROP"}) {
            try {
                pay.create(serial, 500, "x", Instant.now().plusSeconds(60));
                fail(serial);
            } catch (IllegalArgumentException expected) {
                // clear message
            }
        }
        try {
            pay.create("20261124K001000004", 0, "x", Instant.now().plusSeconds(60));
            fail();
        } catch (IllegalArgumentException expected) {
            assertEquals("amount must be positive", expected.getMessage());
        }
        try {
            pay.query("nope");
            fail();
        } catch (PaymentException expected) {
            assertTrue(expected.getMessage().contains("unknown order"));
        }
        try {
            new SimPaymentService(config(10, "MAYBE"));
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("PAY, FAIL or NEVER"));
        }
    }
}
