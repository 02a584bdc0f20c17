package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The citizens loader accepts the bundled file and rejects anything malformed with a typed error only. */
public class CitizensLoaderFuzzTest {
    private static ExecutorService worker;
    private static byte[] bundled;

    @BeforeClass
    public static void setUp() throws Exception {
        worker = Executors.newSingleThreadExecutor();
        try (InputStream in = CitizensLoaderFuzzTest.class.getClassLoader().getResourceAsStream(CitizensLoader.RESOURCE)) {
            bundled = in.readAllBytes();
        }
    }

    @AfterClass
    public static void tearDown() {
        worker.shutdownNow();
    }

    /** Parses with a bound; fails the test for anything but success or CitizensFormatException. */
    private static boolean parses(byte[] data) throws Exception {
        Future<Boolean> f = worker.submit(() -> {
            try {
                CitizensLoader.parse(data);
                return true;
            } catch (CitizensFormatException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
                return false;
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("untyped failure: " + e.getCause(), e.getCause());
        }
    }

    private static void rejected(String json) throws Exception {
        assertFalse(json, parses(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String one(String field, String value) {
        String base = "{\"id\":\"p\",\"name\":\"测试\",\"sex\":\"1\",\"ethnicity\":\"汉\",\"birthDate\":\"1980-01-01\","
                + "\"address\":\"某地\",\"idNumber\":\"110101198001010010\",\"issuingAuthority\":\"某局\","
                + "\"validFrom\":\"2010-01-01\",\"validUntil\":\"长期\"}";
        String replaced = base.replaceFirst("\"" + field + "\":(\"[^\"]*\")", "\"" + field + "\":" + value);
        return "{\"citizens\":[" + replaced + "]}";
    }

    @Test
    public void acceptsTheBundledFileAndAMinimalOne() throws Exception {
        assertTrue(parses(bundled));
        assertTrue(parses(one("id", "\"p\"").getBytes(StandardCharsets.UTF_8)));
        assertEquals(16, CitizensLoader.parse(bundled).size());
    }

    @Test
    public void rejectsMalformedFilesWithClearTypedErrors() throws Exception {
        rejected("");
        rejected("[]");
        rejected("{}");
        rejected("{\"citizens\":{}}");
        rejected("{\"citizens\":[]}");
        rejected("{\"citizens\":[1]}");
        rejected("{\"citizens\":[" + "[".repeat(100) + "]".repeat(100) + "]}");
        rejected(one("sex", "\"3\""));
        rejected(one("sex", "1"));
        rejected(one("birthDate", "\"1980-02-30\""));
        rejected(one("validUntil", "\"2000-01-01\""));
        rejected(one("idNumber", "\"11010119800101001\""));
        rejected(one("idNumber", "\"11010119800101001x\""));
        rejected(one("id", "\"Bad Id\""));
        rejected(one("name", "\"\""));
        rejected(one("id", "\"p\"").replace("]}", ",") + one("id", "\"p\"").substring(13));
        rejected(one("id", "\"p\"") + "x");
        assertFalse(parses(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
        try {
            CitizensLoader.parse(one("sex", "\"7\"").getBytes(StandardCharsets.UTF_8));
            fail();
        } catch (CitizensFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("citizen 'p'") && e.getMessage().contains("sex"));
            assertFalse("no personal data in messages", e.getMessage().contains("测试"));
        }
    }

    @Test
    public void tenThousandRandomAndMutatedInputsFailOnlyWithTypedErrors() throws Exception {
        Random r = new Random(20261124L);
        byte[] alphabet = "{}[]:,\"\\ -0123456789.eE+truefalsnul\n\tabcXu长期测试".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < 12_000; i++) {
            byte[] input;
            switch (i % 4) {
                case 0: { // random bytes
                    input = new byte[r.nextInt(200)];
                    r.nextBytes(input);
                    break;
                }
                case 1: { // random JSON-ish text
                    input = new byte[r.nextInt(300)];
                    for (int k = 0; k < input.length; k++) {
                        input[k] = alphabet[r.nextInt(alphabet.length)];
                    }
                    break;
                }
                case 2: { // bundled file with a few bytes flipped
                    input = bundled.clone();
                    for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                        input[r.nextInt(input.length)] = (byte) r.nextInt(256);
                    }
                    break;
                }
                default: { // bundled file truncated or with a slice duplicated
                    int cut = r.nextInt(bundled.length);
                    if (r.nextBoolean()) {
                        input = java.util.Arrays.copyOf(bundled, cut);
                    } else {
                        int len = r.nextInt(Math.min(200, bundled.length - cut) + 1);
                        byte[] out = new byte[bundled.length + len];
                        System.arraycopy(bundled, 0, out, 0, cut + len);
                        System.arraycopy(bundled, cut, out, cut + len, bundled.length - cut);
                        input = out;
                    }
                    break;
                }
            }
            if (parses(input)) {
                accepted++;
            }
        }
        assertTrue("most mutations must be rejected: " + accepted, accepted < 6_000);
    }
}
