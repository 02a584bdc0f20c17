package org.opendmv.devices.escpos.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/** Reads ESC/POS bytes back into what the paper shows: lines with alignment and weight, QR data, cut. */
final class EscPosDecoder {
    static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        DecodeException(String m) {
            super(m);
        }
    }

    static final class Page {
        final List<String> lines = new ArrayList<>();
        final List<Integer> aligns = new ArrayList<>();
        final List<Boolean> bold = new ArrayList<>();
        String qr;
        boolean cut;
        boolean initialised;
        boolean chineseMode;
    }

    private EscPosDecoder() {
    }

    static Page decode(byte[] b, Charset cs) throws DecodeException {
        Page p = new Page();
        int align = 0;
        boolean isBold = false;
        ByteBuffer text = ByteBuffer.allocate(b.length + 1);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c == EscPos.ESC) {
                need(b, i, 2);
                int cmd = b[i + 1];
                if (cmd == '@') {
                    p.initialised = true;
                    i += 2;
                } else if (cmd == 'a') {
                    need(b, i, 3);
                    align = b[i + 2];
                    i += 3;
                } else if (cmd == 'E') {
                    need(b, i, 3);
                    isBold = b[i + 2] != 0;
                    i += 3;
                } else {
                    throw new DecodeException("unknown ESC " + cmd + " at " + i);
                }
            } else if (c == EscPos.FS) {
                need(b, i, 2);
                if (b[i + 1] != '&') {
                    throw new DecodeException("unknown FS command at " + i);
                }
                p.chineseMode = true;
                i += 2;
            } else if (c == EscPos.GS) {
                need(b, i, 2);
                if (b[i + 1] == 'V') {
                    need(b, i, 4);
                    p.cut = true;
                    i += 4;
                } else if (b[i + 1] == '(') {
                    need(b, i, 5);
                    if (b[i + 2] != 'k') {
                        throw new DecodeException("unknown GS ( function at " + i);
                    }
                    int len = (b[i + 3] & 0xFF) | (b[i + 4] & 0xFF) << 8;
                    need(b, i, 5 + len);
                    if (len >= 3 && b[i + 5] == 49 && b[i + 6] == 80 && b[i + 7] == 48) {
                        p.qr = strict(cs, b, i + 8, len - 3);
                    }
                    i += 5 + len;
                } else {
                    throw new DecodeException("unknown GS command at " + i);
                }
            } else if (c == EscPos.LF) {
                byte[] run = new byte[text.position()];
                text.flip();
                text.get(run);
                text.clear();
                if (run.length > 0) {
                    p.lines.add(strict(cs, run, 0, run.length));
                    p.aligns.add(align);
                    p.bold.add(isBold);
                }
                i++;
            } else if (c < 0x20) {
                throw new DecodeException("control byte " + c + " at " + i);
            } else {
                text.put((byte) c);
                i++;
            }
        }
        return p;
    }

    private static void need(byte[] b, int i, int n) throws DecodeException {
        if (i + n > b.length) {
            throw new DecodeException("truncated command at " + i);
        }
    }

    private static String strict(Charset cs, byte[] b, int off, int len) throws DecodeException {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("text is not " + cs);
        }
    }
}
