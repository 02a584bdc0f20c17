package org.opendmv.devices.pcsc.internal;

import java.util.Random;
import javax.smartcardio.ResponseAPDU;
import org.junit.Assert;
import org.junit.Test;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IdCardTextBlock;

/** APDU responses and card text are untrusted: ≥10,000 random inputs, only typed errors. */
public class PcscParsersFuzzTest {
    @Test
    public void randomResponsesAndTextBlocks() {
        Random r = new Random(11643);
        byte[] good = IdCardTextBlock.encode("测试甲", '1', "01", "19850412", "北京市", "110101198504120019", "某局", "20200101", "长期");
        int parsed = 0;
        for (int i = 0; i < 12_000; i++) {
            byte[] resp = new byte[2 + r.nextInt(40)];
            r.nextBytes(resp);
            if (i % 5 == 0) {
                resp[resp.length - 2] = (byte) 0x90;
                resp[resp.length - 1] = 0;
            }
            try {
                PcscReader.check(new ResponseAPDU(resp), "read");
            } catch (DeviceException typed) {
                // expected
            }
            byte[] text = i % 2 == 0 ? good.clone() : new byte[256];
            if (i % 2 == 0) {
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    text[r.nextInt(text.length)] = (byte) r.nextInt(256);
                }
            } else {
                r.nextBytes(text);
            }
            try {
                IdCardTextBlock.parse(text, null);
                parsed++;
            } catch (DeviceException typed) {
                // expected
            }
        }
        Assert.assertTrue(parsed > 0);
    }
}
