package org.opendmv.devices.serialsam.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.Random;
import org.junit.Test;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.testkit.VirtualIdCard;

public class SamFrameTest {

    /** The SAM's answer to READ: text length, photo length, the testkit's {@link VirtualIdCard} text and photo. */
    static byte[] readAnswer() {
        byte[] text = VirtualIdCard.textBlock();
        byte[] wlt = VirtualIdCard.wlt();
        byte[] out = new byte[4 + 256 + 1024];
        out[0] = 1;
        out[1] = 0;
        out[2] = 4;
        out[3] = 0;
        System.arraycopy(text, 0, out, 4, 256);
        System.arraycopy(wlt, 0, out, 4 + 256, 1024);
        return out;
    }

    @Test
    public void commandFrameHasPreambleLengthAndXor() {
        byte[] f = SamFrame.command(SamFrame.FIND_CARD, new byte[0]);
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22}, f);
    }

    @Test
    public void responsesDecodeAcrossChunksAndAfterGarbage() throws Exception {
        SamFrame.Decoder d = new SamFrame.Decoder();
        byte[] a = SamFrame.response(0, 0, SamFrame.FOUND, new byte[] {0, 0, 0, 0});
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(new byte[] {0x13, (byte) 0xAA, 0x55, (byte) 0xAA, (byte) 0xAA});
        stream.writeBytes(a);
        byte[] all = stream.toByteArray();
        for (byte b : all) {
            d.feed(new byte[] {b}, 0, 1);
        }
        SamFrame f = d.next();
        assertEquals(SamFrame.FOUND, f.sw3);
        assertEquals(4, f.data.length);
        assertNull(d.next());
    }

    @Test
    public void badChecksumIsReportedThenTheNextFrameIsRead() throws Exception {
        SamFrame.Decoder d = new SamFrame.Decoder();
        byte[] bad = SamFrame.response(0, 0, SamFrame.OK, new byte[] {1, 2, 3});
        bad[bad.length - 1] ^= 0x5A;
        d.feed(bad, 0, bad.length);
        byte[] good = SamFrame.response(0, 0, SamFrame.NO_CARD, new byte[0]);
        d.feed(good, 0, good.length);
        try {
            d.next();
            fail();
        } catch (FrameException e) {
            assertEquals(FrameException.Kind.BAD_CHECKSUM, e.kind);
        }
        assertEquals(SamFrame.NO_CARD, d.next().sw3);
    }

    @Test
    public void wrongLengthIsReported() {
        SamFrame.Decoder d = new SamFrame.Decoder();
        byte[] f = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69, (byte) 0xFF, (byte) 0xFF, 0, 0};
        d.feed(f, 0, f.length);
        try {
            d.next();
            fail();
        } catch (FrameException e) {
            assertEquals(FrameException.Kind.BAD_LENGTH, e.kind);
        }
    }

    @Test
    public void readAnswerParsesIntoCardData() throws Exception {
        IdCardData c = SerialSamReader.parse(readAnswer(), ReadCardRequest.WITH_PHOTO);
        assertEquals(VirtualIdCard.NAME, c.name());
        assertEquals(IdCardData.Sex.MALE, c.sex());
        assertEquals("汉", c.ethnicity());
        assertEquals(VirtualIdCard.BIRTH_DATE, c.birthDate());
        assertEquals(VirtualIdCard.ID_NUMBER, c.idNumber());
        assertEquals(VirtualIdCard.VALID_UNTIL, c.validUntil().orElseThrow());
        assertArrayEquals(VirtualIdCard.wlt(), c.photoWlt().orElseThrow());
        byte[] longTerm = readAnswer();
        byte[] text = org.opendmv.devices.api.IdCardTextBlock.encode("测试丙", '1', "01", "19530210", "北京市", "110105195302100038", "某局", "20100101", "长期");
        System.arraycopy(text, 0, longTerm, 4, 256);
        IdCardData lt = SerialSamReader.parse(longTerm, ReadCardRequest.TEXT_ONLY);
        assertEquals(true, lt.isLongTerm());
        assertEquals(false, lt.photoWlt().isPresent());
    }

    /** ≥10,000 random and mutated inputs: only FrameException, never a crash or a hang. */
    @Test
    public void fuzzedBytesGiveOnlyTypedErrors() {
        Random r = new Random(467);
        byte[] good = SamFrame.response(0, 0, SamFrame.OK, readAnswer());
        int frames = 0;
        for (int i = 0; i < 12_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = good.clone();
                for (int k = 0; k < 1 + r.nextInt(6); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                if (r.nextInt(4) == 0) {
                    b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                }
            } else {
                b = new byte[r.nextInt(300)];
                r.nextBytes(b);
            }
            SamFrame.Decoder d = new SamFrame.Decoder();
            d.feed(b, 0, b.length);
            for (int guard = 0; guard < b.length + 2; guard++) {
                try {
                    SamFrame f = d.next();
                    if (f == null) {
                        break;
                    }
                    frames++;
                    SerialSamReader.parse(f.data, ReadCardRequest.WITH_PHOTO);
                } catch (FrameException typed) {
                    // expected for garbage
                }
            }
        }
        assertEquals(true, frames > 0);
    }
}
