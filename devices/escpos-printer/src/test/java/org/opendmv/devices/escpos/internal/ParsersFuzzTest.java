package org.opendmv.devices.escpos.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.nio.charset.Charset;
import java.util.Random;
import org.junit.Test;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.Receipt;

/** Status replies and printed bytes from a device are untrusted: only typed errors, never a crash. */
public class ParsersFuzzTest {
    private static final Charset GB = Charset.forName("GB18030");

    @Test
    public void statusRepliesDecodeToTheRightPaperState() throws Exception {
        assertEquals(PaperStatus.FULL, PrinterState.parse(new byte[] {0x12, 0x12, 0x12, 0x12}).paper);
        assertEquals(PaperStatus.LOW, PrinterState.parse(new byte[] {0x12, 0x12, 0x12, 0x1E}).paper);
        assertEquals(PaperStatus.OUT, PrinterState.parse(new byte[] {0x1A, 0x32, 0x12, 0x72}).paper);
        assertEquals(PaperStatus.JAMMED, PrinterState.parse(new byte[] {0x12, 0x12, 0x1A, 0x12}).paper);
        PrinterState cover = PrinterState.parse(new byte[] {0x1A, 0x16, 0x12, 0x12});
        assertEquals(true, cover.coverOpen && cover.offline);
    }

    @Test
    public void randomStatusBytesGiveOnlyTypedErrors() {
        Random r = new Random(20261124);
        int typed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(7)];
            r.nextBytes(b);
            if (i % 3 == 0 && b.length == 4) {
                for (int j = 0; j < 4; j++) {
                    b[j] = (byte) ((b[j] & 0x6C) | 0x12); // valid frame bits, random flags
                }
            }
            try {
                assertNotNull(PrinterState.parse(b).paper);
            } catch (StatusFormatException e) {
                typed++;
            }
        }
        assertEquals(true, typed > 0);
    }

    @Test
    public void mutatedPrintStreamsGiveOnlyTypedErrors() throws Exception {
        byte[] good = EscPos.encode(Receipt.builder().line("流水号 1").line("金额：10.00 元").qrText("X").build(), GB);
        assertEquals(2, EscPosDecoder.decode(good, GB).lines.size());
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = i % 2 == 0 ? good.clone() : new byte[r.nextInt(64)];
            if (i % 2 == 0) {
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                if (r.nextBoolean()) {
                    b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                }
            } else {
                r.nextBytes(b);
            }
            try {
                EscPosDecoder.decode(b, GB);
            } catch (EscPosDecoder.DecodeException expected) {
                // typed
            }
        }
    }
}
