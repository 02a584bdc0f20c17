package org.opendmv.central.mqtt.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;
import org.opendmv.fleet.api.DailySummary;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.fleet.api.KioskMessage;
import org.opendmv.itests.servers.Mosquitto;

/** The central's ingest against a real mosquitto with per-kiosk credentials and an ACL, started by the test. */
public class IngestTest {

    private static final String OFFICE = "sz-futian";
    private static final String PERSONAL = "张三 110101199003077777";

    @Rule
    public final TestName name = new TestName();

    private final FleetCodec codec = new FleetCodec();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final MemoryRegistry registry = new MemoryRegistry();
    private Mosquitto broker;

    @Before
    public void startBroker() throws Exception {
        Path dir = Path.of("target", "ingest", name.getMethodName()).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        // each kiosk user may write only below its own id; the central reads everything and writes desired states
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of(
                "user central",
                "topic read opendmv/#",
                "topic write opendmv/+/group/+/desired",
                "pattern write opendmv/+/%u/+",
                "pattern read opendmv/+/group/+/desired"));
        broker = Mosquitto.in(dir.resolve("broker"), Map.of("central", "central-secret", "k-001", "k1-secret",
                "k-002", "k2-secret")).config("acl_file " + acl).start();
    }

    @After
    public void stopAll() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // keep closing
            }
        }
        broker.stop();
    }

    private Ingest ingest() throws Exception {
        Ingest in = new Ingest(new Ingest.Settings(broker.url(), "opendmv-central", "central",
                "central-secret".toCharArray(), null), registry);
        toClose.add(in);
        in.start();
        waitFor(in::connected, 20);
        return in;
    }

    private MqttClient kiosk(String id, String password) throws Exception {
        MqttClient c = new MqttClient(broker.url(), "kiosk-" + id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(id);
        o.setPassword(password.toCharArray());
        c.connect(o);
        toClose.add(() -> {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        });
        return c;
    }

    private static Heartbeat heartbeat(String kiosk, long seq) {
        return new Heartbeat(1, kiosk, OFFICE, Instant.now(), seq, "canary", 60, Map.of("opendmv-core", "0.1.0"),
                Map.of());
    }

    private void publish(MqttClient c, String topic, byte[] payload) throws Exception {
        c.publish(topic, payload, 1, false);
    }

    @Test
    public void validMessagesReachTheRegistryAndMalformedOnesAreCountedAndDroppedWithoutTheirContent()
            throws Exception {
        Ingest in = ingest();
        MqttClient k = kiosk("k-001", "k1-secret");
        String hbTopic = FleetTopics.kiosk(OFFICE, "k-001", FleetTopics.Kind.HEARTBEAT);
        publish(k, hbTopic, codec.encode(heartbeat("k-001", 1)));
        publish(k, hbTopic, ("not json " + PERSONAL).getBytes(StandardCharsets.UTF_8));
        publish(k, hbTopic, new String(codec.encode(heartbeat("k-001", 2)), StandardCharsets.UTF_8)
                .replace("\"v\":1", "\"v\":2").getBytes(StandardCharsets.UTF_8));
        publish(k, hbTopic, new String(codec.encode(heartbeat("k-001", 3)), StandardCharsets.UTF_8)
                .replace("\"group\":\"canary\"", "\"group\":\"" + PERSONAL + "\"").getBytes(StandardCharsets.UTF_8));
        publish(k, "opendmv/" + OFFICE + "/k-001/gossip", codec.encode(heartbeat("k-001", 4)));
        byte[] big = new byte[FleetCodec.MAX_PAYLOAD + 10];
        java.util.Arrays.fill(big, (byte) 'x');
        publish(k, hbTopic, big);
        // a valid message on the wrong kind's topic
        publish(k, FleetTopics.kiosk(OFFICE, "k-001", FleetTopics.Kind.EVENT), codec.encode(heartbeat("k-001", 5)));
        publish(k, FleetTopics.kiosk(OFFICE, "k-001", FleetTopics.Kind.EVENT), codec.encode(new ErrorEvent(1,
                "k-001", OFFICE, Instant.now(), 6, "printer-1", "RECEIPT_PRINTER", "PAPER_OUT", "CLEAR", Instant.now())));
        publish(k, FleetTopics.kiosk(OFFICE, "k-001", FleetTopics.Kind.SUMMARY), codec.encode(new DailySummary(1,
                "k-001", OFFICE, Instant.now(), 7, LocalDate.of(2026, 12, 2), 40, Map.of("dl-renewal", 12L), 1)));

        List<KioskMessage> got = registry.await(m -> m.size() == 3, 20);
        assertEquals(List.of(1L, 6L, 7L), got.stream().map(KioskMessage::seq).collect(Collectors.toList()));
        waitFor(() -> in.dropped() == 6 && in.accepted() == 3, 10);
        assertEquals(0, in.failed());
        List<String> drops = in.recentDrops();
        assertEquals(6, drops.size());
        for (String line : drops) {
            assertFalse(line, line.contains("张三"));
            assertFalse(line, line.contains("110101199003077777"));
            assertFalse(line, line.contains("xxxxxxxx"));
        }
        assertTrue(drops.toString(), drops.stream().anyMatch(l -> l.contains("not valid JSON")));
        assertTrue(drops.toString(), drops.stream().anyMatch(l -> l.contains("unsupported message version")));
        assertTrue(drops.toString(), drops.stream().anyMatch(l -> l.contains("not a kiosk topic")));
        assertTrue(drops.toString(), drops.stream().anyMatch(l -> l.contains("exceeds")));
        assertTrue("the ingest keeps its connection", in.connected());
    }

    @Test
    public void aKioskCannotPublishForAnotherKioskOrWithoutCredentials() throws Exception {
        ingest();
        MqttClient k1 = kiosk("k-001", "k1-secret");
        // k-001 forges a well-formed heartbeat of k-002 on k-002's topic: the broker's ACL swallows it
        publish(k1, FleetTopics.kiosk(OFFICE, "k-002", FleetTopics.Kind.HEARTBEAT), codec.encode(heartbeat("k-002", 1)));
        publish(k1, FleetTopics.kiosk(OFFICE, "k-001", FleetTopics.Kind.HEARTBEAT), codec.encode(heartbeat("k-001", 1)));
        MqttClient k2 = kiosk("k-002", "k2-secret");
        publish(k2, FleetTopics.kiosk(OFFICE, "k-002", FleetTopics.Kind.HEARTBEAT), codec.encode(heartbeat("k-002", 9)));
        List<KioskMessage> got = registry.await(m -> m.size() == 2, 20);
        assertEquals(List.of("k-001#1", "k-002#9"),
                got.stream().map(m -> m.kioskId() + "#" + m.seq()).sorted().collect(Collectors.toList()));

        MqttClient stranger = new MqttClient(broker.url(), "stranger", new MemoryPersistence());
        toClose.add(stranger::close);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("k-001");
        o.setPassword("guessed".toCharArray());
        try {
            stranger.connect(o);
            throw new AssertionError("a wrong password was accepted");
        } catch (MqttException e) {
            // mosquitto answers MQTT 3.1.1 CONNACK 5 (not authorized) to a wrong password; 4 would be as good
            assertTrue(e.toString(), e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        }
        assertEquals(2, registry.messages().size());
    }

    @Test
    public void whatKiosksSendWhileTheCentralOrTheBrokerIsDownArrivesWhenTheyAreBack() throws Exception {
        Ingest first = ingest();
        MqttClient k = kiosk("k-001", "k1-secret");
        String topic = FleetTopics.kiosk(OFFICE, "k-001", FleetTopics.Kind.HEARTBEAT);
        publish(k, topic, codec.encode(heartbeat("k-001", 1)));
        registry.await(m -> m.size() == 1, 20);

        first.close(); // the central goes away; its session stays with the broker
        toClose.remove(first);
        for (long s = 2; s <= 4; s++) {
            publish(k, topic, codec.encode(heartbeat("k-001", s)));
        }
        Ingest second = ingest();
        registry.await(m -> m.size() == 4, 20);

        broker.stop(); // the broker restarts under a running central: Paho reconnects, the session survives
        waitFor(() -> !second.connected(), 20);
        broker.start();
        waitFor(second::connected, 60);
        MqttClient k2 = kiosk("k-002", "k2-secret");
        publish(k2, FleetTopics.kiosk(OFFICE, "k-002", FleetTopics.Kind.HEARTBEAT), codec.encode(heartbeat("k-002", 1)));
        List<KioskMessage> got = registry.await(m -> m.size() == 5, 30);
        assertEquals(List.of(1L, 2L, 3L, 4L), got.stream().filter(m -> m.kioskId().equals("k-001"))
                .map(KioskMessage::seq).collect(Collectors.toList()));
        assertEquals(0, second.dropped());
    }

    static void waitFor(BooleanSupplier condition, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
