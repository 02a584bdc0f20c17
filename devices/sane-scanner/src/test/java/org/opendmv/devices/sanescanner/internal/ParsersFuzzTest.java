package org.opendmv.devices.sanescanner.internal;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/**
 * Random and mutated inputs (seeded, so reproducible) for every parser of scanner output: only typed
 * errors ({@link ScanOutputException}) or lenient results, never an unchecked exception or a hang (the
 * timeouts only guard against hangs).
 */
public class ParsersFuzzTest {
    private static final int N = 12_000;

    private static byte[] mutate(Random r, byte[] seed) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0: // flip bytes
                for (int i = r.nextInt(8) + 1; i > 0 && b.length > 0; i--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            case 1: // truncate
                return java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2: // interesting values into the first 64 bytes
                for (int i = r.nextInt(4) + 1; i > 0 && b.length > 0; i--) {
                    int[] v = {0, 0xff, 0x7f, 0x80, 0xd8, 0xd9, 0xda, 0xc0, 0x01};
                    b[r.nextInt(Math.min(64, b.length))] = (byte) v[r.nextInt(v.length)];
                }
                return b;
            case 3: // random bytes
                byte[] x = new byte[r.nextInt(300)];
                r.nextBytes(x);
                return x;
            default: // splice a random slice
                if (b.length < 2) {
                    return b;
                }
                int from = r.nextInt(b.length);
                int to = from + r.nextInt(b.length - from);
                byte[] y = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, y, 0, from);
                System.arraycopy(b, to, y, from, b.length - to);
                return y;
        }
    }

    @Test(timeout = 120_000)
    public void imageHeaders() throws Exception {
        Random r = new Random(20261124L);
        byte[][] seeds = {ParsersTest.encode("jpeg", 40, 30), ParsersTest.encode("png", 40, 30)};
        int typed = 0;
        for (int i = 0; i < N; i++) {
            byte[] in = mutate(r, seeds[i % 2]);
            for (String mime : new String[] {ImageHeaders.JPEG, ImageHeaders.PNG}) {
                try {
                    int[] wh = ImageHeaders.size(in, mime);
                    assertTrue(wh[0] >= 1 && wh[1] >= 1 && wh[0] <= 100_000 && wh[1] <= 100_000);
                } catch (ScanOutputException expected) {
                    typed++;
                }
            }
        }
        assertTrue("most mutants are rejected", typed > N / 2);
    }

    private static String mutateText(Random r, String seed) {
        if (r.nextInt(4) == 0) {
            char[] c = new char[r.nextInt(200)];
            for (int i = 0; i < c.length; i++) {
                c[i] = r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : "\t\n\r :.()=0123456789abcdefgscanimageSANE_%"
                        .charAt(r.nextInt(41));
            }
            return new String(c);
        }
        byte[] b = mutate(r, seed.getBytes(StandardCharsets.UTF_8));
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test(timeout = 120_000)
    public void deviceList() {
        Random r = new Random(7L);
        String seed = "test:0\tNoname\tfrontend-tester\tvirtual device\ngenesys:libusb:001:004\tCanon\tLiDE 220\tflatbed scanner\n";
        for (int i = 0; i < N; i++) {
            List<DeviceList.Entry> l = DeviceList.parse(mutateText(r, seed));
            for (DeviceList.Entry e : l) {
                assertTrue(!e.name().isEmpty() && e.name().length() <= 256 && e.name().indexOf('\n') < 0);
            }
            assertTrue(l.size() <= 64);
        }
    }

    @Test(timeout = 120_000)
    public void scanimageStderr() {
        Random r = new Random(11L);
        String[] seeds = {"Scanned page 12. (scanner status = 5)", "scanimage: sane_read: Document feeder jammed",
            "scanimage: open of device test:9 failed: Invalid argument", "scanimage: unrecognized option '--x'",
            "Scanned page 99999999999. (scanner status = 99999999999)", "Batch terminated, 1 page scanned"};
        for (int i = 0; i < N; i++) {
            ScanimageLog log = new ScanimageLog();
            for (int k = 0; k < 3; k++) {
                String line = mutateText(r, seeds[r.nextInt(seeds.length)]);
                int page = log.accept(line);
                assertTrue(page >= 0);
                SaneStatus.ofMessage(line);
            }
            log.status();
        }
    }
}
