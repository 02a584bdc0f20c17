package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.await;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptLine;
import org.opendmv.devices.api.ReceiptPrinter;

public class SimReceiptPrinterTest {
    private final SimFixture fx = new SimFixture();

    @After
    public void tearDown() {
        fx.close();
    }

    private static Receipt receipt(String serial) {
        return Receipt.builder().line(ReceiptLine.of("业务回执", ReceiptLine.Align.CENTER, true))
                .line("流水号 " + serial).qrText("https://example.invalid/s/" + serial).build();
    }

    private SimReceiptPrinter printer(String... kv) {
        return (SimReceiptPrinter) fx.handler("receipt-printer", DeviceClass.RECEIPT_PRINTER, kv).device();
    }

    @Test
    public void printsAndKeepsTheLastReceiptForTheConsole() throws Exception {
        SimReceiptPrinter p = printer("sim.receipt.take.ms", "20");
        assertFalse(p.lastReceipt().isPresent());
        assertEquals(PaperStatus.FULL, get(p.print(receipt("A001"), fx.ctx())).paper());
        assertEquals(PaperStatus.FULL, get(p.print(receipt("A002"), fx.ctx())).paper());
        String text = p.lastReceipt().orElseThrow();
        assertTrue(text, text.contains("流水号 A002") && text.contains("*业务回执*") && text.contains("[QR] https://"));
        assertFalse(text.contains("A001"));
        assertTrue("centred", text.startsWith("   "));
        assertEquals(List.of("PRINTING", "MEDIA_PRESENTED", "PRINTING", "MEDIA_PRESENTED"), fx.eventTypes());
        await("receipt taken", () -> fx.lastStatus().orElseThrow().substatus(MediaStatus.class).orElseThrow() == MediaStatus.NOT_PRESENT);
    }

    @Test
    public void paperOutAndJamFailWithTypedErrorsAndCallStaff() throws Exception {
        ReceiptPrinter p = printer();
        fx.control.fail("receipt-printer", "PAPER_OUT");
        assertEquals(PaperStatus.OUT, p.status().substatus(PaperStatus.class).orElseThrow());
        assertEquals("PAPER_OUT", fx.errors().get(fx.errors().size() - 1).errorCode());
        assertEquals(ActionHint.CLEAR, fx.errors().get(fx.errors().size() - 1).hint());
        assertFails(p.print(receipt("B1"), fx.ctx()), CompletionCode.HARDWARE_ERROR, ReceiptPrinter.PrintError.PAPER_OUT.name());
        assertEquals(ActionHint.CLEAR, SimFixture.failure(p.print(receipt("B1"), fx.ctx())).hint());

        fx.control.fail("receipt-printer", "JAMMED");
        assertEquals(PaperStatus.JAMMED, p.status().substatus(PaperStatus.class).orElseThrow());
        assertFails(p.print(receipt("B2"), fx.ctx()), CompletionCode.HARDWARE_ERROR, ReceiptPrinter.PrintError.MEDIA_JAM.name());

        fx.control.fail("receipt-printer", "PAPER_LOW");
        assertEquals(PaperStatus.LOW, get(p.print(receipt("B3"), fx.ctx())).paper());
        fx.control.fail("receipt-printer", "PAPER_OK");
        assertEquals(PaperStatus.FULL, get(p.print(receipt("B4"), fx.ctx())).paper());
    }

    @Test
    public void aFiniteRollTurnsLowThenRunsOut() throws Exception {
        ReceiptPrinter p = printer("sim.paper.receipts", "7");
        assertEquals(PaperStatus.FULL, get(p.print(receipt("C1"), fx.ctx())).paper());
        assertEquals(PaperStatus.LOW, get(p.print(receipt("C2"), fx.ctx())).paper());
        for (int i = 3; i <= 6; i++) {
            assertEquals(PaperStatus.LOW, get(p.print(receipt("C" + i), fx.ctx())).paper());
        }
        assertEquals(PaperStatus.OUT, get(p.print(receipt("C7"), fx.ctx())).paper());
        assertEquals("PAPER_OUT", fx.errors().get(fx.errors().size() - 1).errorCode());
        assertFails(p.print(receipt("C8"), fx.ctx()), CompletionCode.HARDWARE_ERROR, ReceiptPrinter.PrintError.PAPER_OUT.name());
        fx.control.reset();
        assertEquals(PaperStatus.FULL, get(p.print(receipt("C9"), fx.ctx())).paper());
    }

    @Test
    public void configuredPaperStateApplies() throws Exception {
        ReceiptPrinter p = printer("sim.paper", "out");
        assertFails(p.print(receipt("D1"), fx.ctx()), CompletionCode.HARDWARE_ERROR, ReceiptPrinter.PrintError.PAPER_OUT.name());
    }
}
