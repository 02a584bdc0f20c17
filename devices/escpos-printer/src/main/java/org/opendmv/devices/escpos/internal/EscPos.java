package org.opendmv.devices.escpos.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptLine;

/**
 * ESC/POS byte sequences (Epson-compatible, as spoken by most Chinese 80 mm kiosk printers).
 * Chinese text is GB18030 in the printer's Chinese mode (FS &).
 */
final class EscPos {
    static final byte ESC = 0x1B;
    static final byte GS = 0x1D;
    static final byte FS = 0x1C;
    static final byte DLE = 0x10;
    static final byte EOT = 0x04;
    static final byte LF = 0x0A;

    /** DLE EOT n: real-time status; n = 1 printer, 2 offline cause, 3 error cause, 4 paper roll. */
    static byte[] statusQuery(int n) {
        return new byte[] {DLE, EOT, (byte) n};
    }

    private EscPos() {
    }

    /** The whole receipt: init, Chinese mode, lines, optional QR code, feed and partial cut. */
    static byte[] encode(Receipt receipt, Charset charset) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        b.writeBytes(new byte[] {ESC, '@'});          // initialise
        b.writeBytes(new byte[] {FS, '&'});           // Chinese character mode
        for (ReceiptLine line : receipt.lines()) {
            b.writeBytes(new byte[] {ESC, 'a', (byte) align(line.align())});
            b.writeBytes(new byte[] {ESC, 'E', (byte) (line.bold() ? 1 : 0)});
            b.writeBytes(line.text().getBytes(charset));
            b.write(LF);
        }
        receipt.qrText().ifPresent(qr -> {
            b.writeBytes(new byte[] {ESC, 'a', 1});
            byte[] data = qr.getBytes(charset);
            qr(b, new byte[] {49, 65, 50, 0});        // model 2
            qr(b, new byte[] {49, 67, 6});            // module size 6 dots
            qr(b, new byte[] {49, 69, 49});           // error correction M
            byte[] store = new byte[3 + data.length];
            store[0] = 49;
            store[1] = 80;
            store[2] = 48;
            System.arraycopy(data, 0, store, 3, data.length);
            qr(b, store);                             // store the data
            qr(b, new byte[] {49, 81, 48});           // print it
            b.write(LF);
        });
        b.writeBytes(new byte[] {ESC, 'E', 0, ESC, 'a', 0});
        b.writeBytes(new byte[] {GS, 'V', 66, 3});    // feed 3 lines and partial cut
        return b.toByteArray();
    }

    /** GS ( k pL pH cn fn [params]: the 2D-code function family. */
    private static void qr(ByteArrayOutputStream b, byte[] body) {
        if (body.length > 0xFFFF) {
            throw new IllegalArgumentException("QR data too long");
        }
        b.writeBytes(new byte[] {GS, '(', 'k', (byte) (body.length & 0xFF), (byte) (body.length >> 8)});
        b.writeBytes(body);
    }

    private static int align(ReceiptLine.Align a) {
        switch (a) {
            case CENTER:
                return 1;
            case RIGHT:
                return 2;
            default:
                return 0;
        }
    }
}
