package org.opendmv.devices.escpos.internal;

import org.opendmv.devices.api.PaperStatus;

/**
 * What the four DLE EOT replies say. Bit meanings from the ESC/POS real-time status command;
 * every valid reply byte has bit 1 and bit 4 set and bits 0 and 7 clear.
 */
final class PrinterState {
    final boolean offline;
    final boolean coverOpen;
    final boolean paperEndStop;
    final boolean cutterError;
    final boolean unrecoverable;
    final PaperStatus paper;

    PrinterState(boolean offline, boolean coverOpen, boolean paperEndStop, boolean cutterError, boolean unrecoverable,
            PaperStatus paper) {
        this.offline = offline;
        this.coverOpen = coverOpen;
        this.paperEndStop = paperEndStop;
        this.cutterError = cutterError;
        this.unrecoverable = unrecoverable;
        this.paper = paper;
    }

    /** Decodes the replies to DLE EOT 1, 2, 3 and 4, in that order. */
    static PrinterState parse(byte[] replies) throws StatusFormatException {
        if (replies == null || replies.length != 4) {
            throw new StatusFormatException("expected 4 status bytes, got " + (replies == null ? 0 : replies.length));
        }
        for (int i = 0; i < 4; i++) {
            if ((replies[i] & 0x93) != 0x12) {
                throw new StatusFormatException(String.format("status byte %d is 0x%02X, not a status reply", i + 1, replies[i] & 0xFF));
            }
        }
        int printer = replies[0];
        int offlineCause = replies[1];
        int error = replies[2];
        int roll = replies[3];
        boolean paperEnd = (roll & 0x60) != 0 || (offlineCause & 0x20) != 0;
        boolean nearEnd = (roll & 0x0C) != 0;
        boolean jam = (error & 0x08) != 0;
        PaperStatus paper = jam ? PaperStatus.JAMMED : paperEnd ? PaperStatus.OUT : nearEnd ? PaperStatus.LOW : PaperStatus.FULL;
        return new PrinterState((printer & 0x08) != 0, (offlineCause & 0x04) != 0, (offlineCause & 0x20) != 0, jam,
                (error & 0x20) != 0, paper);
    }

    @Override
    public String toString() {
        return "paper=" + paper + (offline ? " offline" : "") + (coverOpen ? " cover-open" : "")
                + (cutterError ? " cutter-error" : "") + (unrecoverable ? " unrecoverable" : "");
    }
}
