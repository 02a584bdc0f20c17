package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.Receipt;

public class SimCommandTest {
    private final SimFixture fx = new SimFixture();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    @Before
    public void setUp() {
        fx.handler("id-card-reader", DeviceClass.ID_CARD_READER);
        fx.handler("receipt-printer", DeviceClass.RECEIPT_PRINTER);
        fx.handler("liveness-detector", DeviceClass.LIVENESS_DETECTOR);
    }

    @After
    public void tearDown() {
        fx.close();
    }

    private String run(String... args) {
        buf.reset();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        SimCommand.run(fx.control, args.length > 0 ? args[0] : null, args.length > 1 ? args[1] : null,
                args.length > 2 ? args[2] : null, out);
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
    public void cardInsertAndRemove() {
        assertTrue(run("card-insert", "adult-male").contains("adult-male"));
        assertEquals("adult-male", fx.control.insertedCard().orElseThrow());
        assertTrue(run("status").contains("card on reader: adult-male"));
        assertTrue(run("card-remove").contains("card removed"));
        assertTrue(run("card-remove").contains("no card"));
        assertTrue(run("status").contains("card on reader: none"));
    }

    @Test
    public void failDelayResetAndStatus() {
        run("fail", "receipt-printer", "paper_out");
        assertEquals(PaperStatus.OUT, fx.lastStatus().orElseThrow().substatus(PaperStatus.class).orElseThrow());
        run("delay", "receipt-printer", "1500");
        String status = run("status");
        assertTrue(status, status.contains("receipt-printer") && status.contains("1500 ms") && status.contains("paper=OUT"));
        run("fail", "liveness-detector", "HARDWARE_ERROR");
        assertEquals(OperationalState.HARDWARE_ERROR, fx.lastStatus().orElseThrow().operational());
        run("card-insert", "minor");
        assertTrue(run("reset").contains("reset"));
        status = run("status");
        assertTrue(status, status.contains("paper=FULL") && status.contains("0 ms") && status.contains("card on reader: none")
                && !status.contains("HARDWARE_ERROR"));
    }

    @Test
    public void profilesAndReceipt() throws Exception {
        String profiles = run("profiles");
        for (String id : List.of("adult-male", "adult-female", "elderly", "senior", "expired", "long-term",
                "bad-checksum", "minor", "not-id-card")) {
            assertTrue(id, profiles.contains(id));
        }
        assertTrue(run("receipt").contains("nothing printed"));
        SimReceiptPrinter p = (SimReceiptPrinter) fx.control.device("receipt-printer");
        SimFixture.get(p.print(Receipt.builder().line("流水号 X9").build(), fx.ctx()));
        assertTrue(run("receipt", "receipt-printer").contains("流水号 X9"));
        bad("not a receipt printer", "receipt", "id-card-reader");
    }

    @Test
    public void badInputGetsClearMessages() {
        bad("unknown profile 'x'; known: adult-male, adult-female", "card-insert", "x");
        bad("missing profile; known: adult-male", "card-insert");
        bad("unknown action 'frobnicate'; known: card-insert, card-remove, fail, delay, reset, status", "frobnicate");
        bad("missing action", "");
        bad("unknown simulated device 'nope'; known: id-card-reader, liveness-detector, receipt-printer", "fail", "nope", "OFFLINE");
        bad("missing state; known: ONLINE", "fail", "receipt-printer");
        bad("unknown state 'BROKEN'", "fail", "receipt-printer", "BROKEN");
        bad("state SPOOF does not apply to a RECEIPT_PRINTER", "fail", "receipt-printer", "SPOOF");
        bad("not a number", "delay", "receipt-printer", "fast");
        bad("within 0..600000", "delay", "receipt-printer", "-5");
        bad("missing milliseconds", "delay", "receipt-printer");
        bad("unknown simulated device 'nope'", "delay", "nope", "10");
        bad("unexpected argument 'extra'", "reset", "extra");
        assertEquals(250, SimCommand.parseMillis("250ms"));
    }

    @Test
    public void completionCandidatesFollowTheAction() {
        assertEquals(SimCommand.ACTIONS, SimCommand.candidates(fx.control, 0, List.of()));
        assertTrue(SimCommand.candidates(fx.control, 1, List.of("card-insert")).containsAll(List.of("adult-male", "minor")));
        assertEquals(List.of("id-card-reader", "liveness-detector", "receipt-printer"),
                SimCommand.candidates(fx.control, 1, List.of("fail")));
        List<String> printerStates = SimCommand.candidates(fx.control, 2, List.of("fail", "receipt-printer"));
        assertTrue(printerStates.containsAll(List.of("ONLINE", "OFFLINE", "HARDWARE_ERROR", "PAPER_OUT", "PAPER_LOW", "JAMMED")));
        assertTrue(!printerStates.contains("SPOOF"));
        assertTrue(SimCommand.candidates(fx.control, 2, List.of("fail", "liveness-detector"))
                .containsAll(List.of("PASS", "FAIL", "NO_FACE", "SPOOF")));
        assertEquals(List.of("receipt-printer"), SimCommand.candidates(fx.control, 1, List.of("receipt")));
        assertTrue(SimCommand.candidates(fx.control, 1, List.of("reset")).isEmpty());
    }
}
