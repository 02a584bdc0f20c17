package org.opendmv.fleet.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

public class FleetCodecTest {

    private static final Instant AT = Instant.parse("2026-12-03T08:15:30.123Z");
    private final FleetCodec codec = new FleetCodec();

    private static Heartbeat heartbeat() {
        return new Heartbeat(1, "k-001", "sz-futian", AT, 7, "canary", 3600,
                Map.of("opendmv-core", "0.1.0.SNAPSHOT"), Map.of("org.opendmv.engine", "0.1.0.SNAPSHOT"));
    }

    private static String json(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void everyMessageSurvivesARoundTrip() {
        List<Object> messages = List.of(heartbeat(),
                new DeviceStatusReport(1, "k-001", "sz-futian", AT, 8, List.of(
                        new DeviceState("printer-1", "RECEIPT_PRINTER", "receiptPrinter", "READY", "NONE",
                                "ONLINE", Map.of("paper", "LOW")),
                        new DeviceState("idcard-1", "ID_CARD_READER", "idCardReader", "UNINITIALIZED",
                                "DRIVER_MISSING", "UNKNOWN", Map.of()))),
                new ErrorEvent(1, "k-001", "sz-futian", AT, 9, "printer-1", "RECEIPT_PRINTER", "PAPER_OUT", "CLEAR",
                        AT.minusSeconds(1)),
                new DailySummary(1, "k-001", "sz-futian", AT, 10, LocalDate.of(2026, 12, 2), 41,
                        Map.of("dl-renewal", 12L, "mv-inspection", 3L), 2),
                new DesiredState(1, "sz-futian", "canary", AT, "r-2026-12-03.1",
                        List.of(new DesiredState.Feature("opendmv-businesses", "0.2.0")),
                        List.of(new DesiredState.Kar("http://central:8080/maven/x.kar", "ab".repeat(32)))));
        for (Object m : messages) {
            Decoded<?> back = codec.decode(codec.encode(m), m.getClass());
            assertTrue(back.toString(), back.isOk());
            assertEquals(m, back.get());
        }
    }

    @Test
    public void theWireFormatIsVersionedWithIsoInstants() {
        String s = json(codec.encode(heartbeat()));
        assertTrue(s, s.contains("\"v\":1"));
        assertTrue(s, s.contains("\"kioskId\":\"k-001\""));
        assertTrue(s, s.contains("\"at\":\"2026-12-03T08:15:30.123Z\""));
        assertTrue(s, s.contains("\"seq\":7"));
    }

    @Test
    public void unknownFieldsFromANewerSenderAreIgnored() {
        String s = json(codec.encode(heartbeat())).replace("{\"v\":1", "{\"v\":1,\"futureField\":{\"x\":[1,2]}");
        assertEquals(heartbeat(), codec.decode(bytes(s), Heartbeat.class).get());
    }

    @Test
    public void badPayloadsAreErrorsThatDoNotRepeatTheirContent() {
        String good = json(codec.encode(heartbeat()));
        Map<String, String> cases = Map.of(
                "not json 张三 110101199003077777", "not valid JSON",
                good.replace("\"v\":1", "\"v\":2"), "unsupported message version",
                good.replace("\"at\":\"2026-12-03T08:15:30.123Z\"", "\"at\":\"张三 110101199003077777\""),
                "wrong type or shape at at",
                good.replace("\"kioskId\":\"k-001\"", "\"kioskId\":\"张三/#\""), "kioskId missing or not a valid id",
                good.replace("\"seq\":7", "\"seq\":\"张三 110101199003077777\""), "wrong type or shape at seq",
                "[1,2,3]", "wrong type or shape",
                "null", "JSON null",
                good + "{}", "wrong type or shape");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Decoded<Heartbeat> d = codec.decode(bytes(c.getKey()), Heartbeat.class);
            assertFalse(c.getKey(), d.isOk());
            String error = d.error().orElseThrow();
            assertTrue(error + " for " + c.getKey(), error.contains(c.getValue()));
            assertFalse(error, error.contains("张三"));
            assertFalse(error, error.contains("110101199003077777"));
            assertEquals(Optional.empty(), d.value());
        }
        assertEquals(Optional.of("empty payload"), codec.decode(new byte[0], Heartbeat.class).error());
        assertTrue(codec.decode(new byte[FleetCodec.MAX_PAYLOAD + 1], Heartbeat.class).error().orElseThrow()
                .contains("exceeds"));
    }

    @Test
    public void aKioskCannotSpeakForAnotherOnItsTopic() {
        byte[] payload = codec.encode(heartbeat());
        assertTrue(codec.decode(FleetTopics.parse("opendmv/sz-futian/k-001/heartbeat").orElseThrow(), payload).isOk());
        Decoded<KioskMessage> other = codec.decode(FleetTopics.parse("opendmv/sz-futian/k-002/heartbeat").orElseThrow(),
                payload);
        assertEquals(Optional.of("kioskId/office of the message differ from its topic"), other.error());
        Decoded<KioskMessage> wrongKind = codec.decode(FleetTopics.parse("opendmv/sz-futian/k-001/event").orElseThrow(),
                payload);
        assertFalse(wrongKind.isOk());
    }

    @Test
    public void recordsRefuseInvalidValuesWhenBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> new Heartbeat(1, "group", "o", AT, 1, "g", 0, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Heartbeat(1, "k", "o", AT, 0, "g", 0, Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new DesiredState.Kar("http://x/y.kar", "not-a-sha"));
        assertThrows(IllegalArgumentException.class, () -> new DailySummary(1, "k", "o", AT, 1,
                LocalDate.of(2026, 1, 1), 1, Map.of("b", -1L), 0));
    }

    @Test
    public void topicsAreBuiltAndParsed() {
        assertEquals("opendmv/sz-futian/k-001/status", FleetTopics.kiosk("sz-futian", "k-001", FleetTopics.Kind.STATUS));
        assertEquals("opendmv/sz-futian/group/canary/desired", FleetTopics.desired("sz-futian", "canary"));
        FleetTopics.KioskTopic t = FleetTopics.parse("opendmv/sz-futian/k-001/summary").orElseThrow();
        assertEquals(new FleetTopics.KioskTopic("sz-futian", "k-001", FleetTopics.Kind.SUMMARY), t);
        for (String bad : new String[] {"opendmv/sz/group/canary/desired", "opendmv/sz/k/unknown", "other/sz/k/heartbeat",
                "opendmv/sz/group/heartbeat", "opendmv/s z/k/heartbeat", "opendmv//k/heartbeat", "opendmv/sz/k/heartbeat/x"}) {
            assertEquals(bad, Optional.empty(), FleetTopics.parse(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> FleetTopics.kiosk("sz", "+", FleetTopics.Kind.EVENT));
        assertThrows(IllegalArgumentException.class, () -> FleetTopics.desired("sz", "a/#"));
    }
}
