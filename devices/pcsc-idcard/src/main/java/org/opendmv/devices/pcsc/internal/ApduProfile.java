package org.opendmv.devices.pcsc.internal;

import java.util.HexFormat;

/**
 * How to fetch the text block and photo from the reader with APDUs. Generic PC/SC readers cannot
 * decrypt a resident ID card (a SAM is needed, FLOWS.md §6.3); readers that include the SAM
 * expose the decoded data as a file. Defaults: SELECT by AID, then READ BINARY of text (256) and
 * photo (1024) in chunks.
 */
final class ApduProfile {
    final byte[] select;
    final int chunk;
    final int textLength;
    final int photoLength;

    /** @throws IllegalArgumentException naming the key (never the value), reported as CONFIGURATION_ERROR */
    ApduProfile(String selectHex, int chunk, int textLength, int photoLength) {
        byte[] s;
        try {
            s = HexFormat.of().parseHex(selectHex.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            s = new byte[0];
        }
        if (s.length < 4) {
            throw new IllegalArgumentException("apdu.select must be a whole APDU in hex / apdu.select 须为十六进制的完整 APDU");
        }
        this.select = s;
        if (chunk < 1 || chunk > 255) {
            throw new IllegalArgumentException("read.chunk must be 1-255 / read.chunk 须在 1-255 之间");
        }
        // READ BINARY offsets are 15 bits (the top bit selects a short file id)
        if (textLength < 1 || photoLength < 0 || textLength + photoLength > 0x7FFF) {
            throw new IllegalArgumentException("text.length must be at least 1, photo.length at least 0, together at most 32767"
                    + " / text.length、photo.length 取值无效");
        }
        this.chunk = chunk;
        this.textLength = textLength;
        this.photoLength = photoLength;
    }

    static final String DEFAULT_SELECT = "00A4040009A00000000386980701";

    /** READ BINARY at offset for length bytes. */
    static byte[] readBinary(int offset, int length) {
        return new byte[] {0x00, (byte) 0xB0, (byte) (offset >> 8), (byte) offset, (byte) length};
    }
}
