package org.opendmv.payment.wechat.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;

import org.junit.Test;
import org.opendmv.payment.spi.ProviderException;
import org.opendmv.payment.spi.TradeState;

/** The test server's path-specific faults hit only the requests they name (a close, not the query around it). */
public class PathFaultsTest extends Fixture {

    private ProviderException closeFails(String no) {
        try {
            provider.close(no);
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("expected the close to fail");
    }

    @Test
    public void aSingle500OnTheCloseLeavesQueriesAloneAndTheOrderOpen() throws Exception {
        place("PF0000000001", 100);
        server.failNextOn("/close$", 1);
        assertEquals(TradeState.NOTPAY, provider.query("PF0000000001").state());
        ProviderException e = closeFails("PF0000000001");
        assertTrue(e.temporary());
        assertEquals("SYSTEM_ERROR", e.code());
        assertEquals("the close did not happen", "NOTPAY", server.order("PF0000000001").orElseThrow().state());
        provider.close("PF0000000001");
        assertEquals(TradeState.CLOSED, provider.query("PF0000000001").state());
    }

    @Test
    public void aRefusedCloseIsASignedBusinessError() throws Exception {
        place("PF0000000002", 100);
        server.errorNextOn("/close$", 1, 403, "RULE_LIMIT", "业务规则限制");
        ProviderException e = closeFails("PF0000000002");
        assertFalse(e.temporary());
        assertEquals("RULE_LIMIT", e.code());
        assertEquals(TradeState.NOTPAY, provider.query("PF0000000002").state());
    }

    @Test
    public void queriesOnlyAndDelays() throws Exception {
        place("PF0000000003", 100);
        server.failNextOn("^GET /v3/pay/transactions/out-trade-no/", 2);
        for (int i = 0; i < 2; i++) {
            try {
                provider.query("PF0000000003");
                fail("query " + i + " should have failed");
            } catch (ProviderException e) {
                assertEquals("SYSTEM_ERROR", e.code());
            }
        }
        assertEquals(TradeState.NOTPAY, provider.query("PF0000000003").state());
        // a delayed close: the citizen pays while it is on its way, so WeChat answers ORDERPAID
        server.delayNextOn("/close$", 1, Duration.ofSeconds(2));
        java.util.concurrent.CompletableFuture<ProviderException> close = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> closeFails("PF0000000003"));
        while (server.requests().stream().noneMatch(r -> r.pathAndQuery().endsWith("/close"))) {
            Thread.sleep(10);
        }
        server.pay("PF0000000003");
        ProviderException e = close.get();
        assertEquals("the close is handled after the delay, when the order is paid", "ORDERPAID", e.code());
        server.reset();
        assertEquals(TradeState.SUCCESS, provider.query("PF0000000003").state());
    }
}
