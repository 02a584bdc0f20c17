package org.opendmv.fleet.agent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;
import org.opendmv.fleet.api.DesiredState;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.fleet.api.KioskMessage;
import org.opendmv.itests.servers.Mosquitto;
import org.opendmv.itests.servers.TestCa;

/** The agent's link against a real mosquitto started by the test. */
public class FleetLinkTest {

    private static final String KIOSK = "k-001";
    private static final String OFFICE = "sz-futian";
    private static final String KIOSK_PASSWORD = "kiosk-secret";
    private static final String CENTRAL_PASSWORD = "central-secret";

    @Rule
    public final TestName name = new TestName();

    private final FleetCodec codec = new FleetCodec();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Mosquitto broker;
    private Path dir;

    @Before
    public void startBroker() throws Exception {
        dir = Path.of("target", "fleet-link", name.getMethodName()).toAbsolutePath();
        deleteTree(dir);
        broker = Mosquitto.in(dir.resolve("broker"), Map.of(KIOSK, KIOSK_PASSWORD, "central", CENTRAL_PASSWORD))
                .start();
    }

    @After
    public void stopAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
        broker.stop();
    }

    private FleetLink link(String password, List<DesiredState> desired) throws Exception {
        return link(broker.url(), null, password, desired);
    }

    private FleetLink link(String url, SSLSocketFactory tls, String password, List<DesiredState> desired)
            throws Exception {
        FleetLink.Settings s = new FleetLink.Settings(KIOSK, OFFICE, "canary", url, KIOSK,
                password.toCharArray(), tls, dir.resolve("kiosk-data"), 1000, Duration.ofSeconds(2));
        FleetLink l = new FleetLink(s, codec, desired::add);
        toClose.add(l);
        l.start();
        return l;
    }

    private Central central() throws Exception {
        Central c = new Central(broker.url(), "central", CENTRAL_PASSWORD);
        toClose.add(c);
        return c.connect();
    }

    private static void heartbeat(FleetLink l) throws Exception {
        l.send(FleetTopics.Kind.HEARTBEAT, seq -> new Heartbeat(1, KIOSK, OFFICE, Instant.now(), seq, "canary", 5,
                Map.of("opendmv-core", "0.1.0.SNAPSHOT"), Map.of("org.opendmv.engine", "0.1.0.SNAPSHOT")));
    }

    private static void event(FleetLink l, String code) throws Exception {
        l.send(FleetTopics.Kind.EVENT, seq -> new ErrorEvent(1, KIOSK, OFFICE, Instant.now(), seq, "printer-1",
                "RECEIPT_PRINTER", code, "CLEAR", Instant.now()));
    }

    @Test
    public void aHeartbeatArrivesAtTheCentralWithTheKiosksVersions() throws Exception {
        Central central = central();
        FleetLink l = link(KIOSK_PASSWORD, new ArrayList<>());
        heartbeat(l);
        List<KioskMessage> got = central.await(r -> !r.isEmpty(), 20);
        Heartbeat h = (Heartbeat) got.get(0);
        assertEquals(KIOSK, h.kioskId());
        assertEquals(OFFICE, h.office());
        assertEquals(1, h.seq());
        assertEquals("0.1.0.SNAPSHOT", h.features().get("opendmv-core"));
        assertEquals("0.1.0.SNAPSHOT", h.bundles().get("org.opendmv.engine"));
        assertEquals(FleetLink.State.CONNECTED, l.state());
        waitFor(() -> l.queued() == 0, 10);
        assertEquals(List.of(), central.errors());
    }

    @Test
    public void whileTheBrokerIsDownTheKioskBuffersAcrossARestartAndCatchesUpOnceInOrder() throws Exception {
        Central central = central();
        FleetLink first = link(KIOSK_PASSWORD, new ArrayList<>());
        heartbeat(first);
        central.await(r -> r.size() == 1, 20);

        broker.stop();
        waitFor(() -> {
            try {
                event(first, "PROBE");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return first.state() == FleetLink.State.BROKER_UNREACHABLE;
        }, 30);
        for (int i = 0; i < 10; i++) {
            heartbeat(first);
            event(first, "PAPER_LOW_" + i);
        }
        assertTrue(first.lastError(), first.lastError().contains("unreachable"));
        // the kiosk restarts while the broker is still down: the outbox is on disk
        first.close();
        toClose.remove(first);
        FleetLink second = link(KIOSK_PASSWORD, new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            event(second, "AFTER_RESTART_" + i);
        }
        long lastSeq = second.send(FleetTopics.Kind.HEARTBEAT, seq -> new Heartbeat(1, KIOSK, OFFICE, Instant.now(),
                seq, "canary", 1, Map.of(), Map.of()));
        assertTrue(second.queued() >= 26);

        broker.start(); // same port, same persistence: the central's session kept its subscription
        List<KioskMessage> all = central.await(r -> !r.isEmpty() && r.get(r.size() - 1).seq() == lastSeq, 60);
        List<Long> seqs = all.stream().map(KioskMessage::seq).collect(Collectors.toList());
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= lastSeq; s++) {
            expected.add(s);
        }
        assertEquals("every message once, in order", expected, seqs);
        assertTrue(all.stream().anyMatch(m -> m instanceof ErrorEvent e && e.errorCode().equals("AFTER_RESTART_4")));
        waitFor(() -> second.queued() == 0 && second.state() == FleetLink.State.CONNECTED, 10);
        assertEquals(List.of(), central.errors());
    }

    @Test
    public void aWrongPasswordIsAClearStateNotACrashAndNothingIsLost() throws Exception {
        Central central = central();
        FleetLink l = link("wrong-password", new ArrayList<>());
        heartbeat(l);
        event(l, "PAPER_OUT");
        waitFor(() -> l.state() == FleetLink.State.AUTH_FAILED, 20);
        assertTrue(l.lastError(), l.lastError().contains("refused the kiosk's credentials"));
        assertTrue(l.lastError(), !l.lastError().contains("wrong-password"));
        assertEquals(2, l.queued());
        Thread.sleep(1500);
        assertEquals(List.of(), central.received());
        l.close();
        toClose.remove(l);
        // provisioned again with the right password: the two messages kept on disk arrive
        FleetLink fixed = link(KIOSK_PASSWORD, new ArrayList<>());
        assertEquals(List.of(1L, 2L),
                central.await(r -> r.size() == 2, 20).stream().map(KioskMessage::seq).collect(Collectors.toList()));
        assertEquals(FleetLink.State.CONNECTED, fixed.state());
    }

    @Test
    public void theGroupsRetainedDesiredStateIsRecordedAndBadOnesAreIgnored() throws Exception {
        DesiredState ds = new DesiredState(1, OFFICE, "canary", Instant.parse("2026-12-03T10:00:00Z"), "r-7",
                List.of(new DesiredState.Feature("opendmv-businesses", "0.2.0")), List.of());
        MqttClient publisher = new MqttClient(broker.url(), "central-publisher", new MemoryPersistence());
        toClose.add(publisher::close);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("central");
        o.setPassword(CENTRAL_PASSWORD.toCharArray());
        publisher.connect(o);
        publisher.publish(FleetTopics.desired(OFFICE, "canary"), codec.encode(ds), 1, true);
        publisher.publish(FleetTopics.desired(OFFICE, "other-group"), codec.encode(new DesiredState(1, OFFICE,
                "other-group", Instant.now(), "r-x", List.of(), List.of())), 1, true);

        List<DesiredState> seen = new CopyOnWriteArrayList<>();
        FleetLink l = link(KIOSK_PASSWORD, seen);
        waitFor(() -> !seen.isEmpty(), 20);
        assertEquals(List.of(ds), seen);
        assertEquals(ds, l.desired().orElseThrow());
        assertEquals(ds, codec.decode(Files.readAllBytes(dir.resolve("kiosk-data/desired.json")), DesiredState.class)
                .get());

        publisher.publish(FleetTopics.desired(OFFICE, "canary"),
                new MqttMessage("{\"v\":1,\"office\":\"sz-futian\"".getBytes(StandardCharsets.UTF_8)));
        waitFor(() -> l.badDesiredMessages() == 1, 10);
        assertEquals(ds, l.desired().orElseThrow());
        assertEquals(FleetLink.State.CONNECTED, l.state());
        publisher.disconnect();

        // after a restart the kiosk still knows its desired state before the broker answers
        l.close();
        toClose.remove(l);
        broker.stop();
        FleetLink again = link(KIOSK_PASSWORD, new ArrayList<>());
        assertEquals(ds, again.desired().orElseThrow());
    }

    @Test
    public void overTlsTheKioskTrustsTheBrokersCaAndRefusesAnotherCertificate() throws Exception {
        broker.stop();
        TestCa ca = TestCa.in(dir.resolve("ca"));
        TestCa stranger = TestCa.in(dir.resolve("other-ca"));
        broker = Mosquitto.in(dir.resolve("tls-broker"), Map.of(KIOSK, KIOSK_PASSWORD, "central", CENTRAL_PASSWORD))
                .tls(ca).start();
        char[] tp = TestCa.TRUSTSTORE_PASSWORD.toCharArray();

        // a truststore without the broker's CA: the handshake fails, the kiosk says so and keeps its messages
        FleetLink untrusting = link(broker.sslUrl(), FleetAgent.trustStoreFactory(stranger.truststore(), tp),
                KIOSK_PASSWORD, new ArrayList<>());
        heartbeat(untrusting);
        waitFor(() -> untrusting.state() == FleetLink.State.TLS_FAILED, 20);
        assertTrue(untrusting.lastError(), untrusting.lastError().contains("TLS handshake with the broker failed"));
        assertEquals(1, untrusting.queued());
        untrusting.close();
        toClose.remove(untrusting);

        // plain TCP to the TLS listener is no way round it
        FleetLink plain = link(broker.url(), null, KIOSK_PASSWORD, new ArrayList<>());
        waitFor(() -> plain.state() == FleetLink.State.BROKER_UNREACHABLE, 20);
        plain.close();
        toClose.remove(plain);

        Central central = new Central(broker.sslUrl(), "central", CENTRAL_PASSWORD,
                FleetAgent.trustStoreFactory(ca.truststore(), tp));
        toClose.add(central);
        central.connect();
        FleetLink trusting = link(broker.sslUrl(), FleetAgent.trustStoreFactory(ca.truststore(), tp), KIOSK_PASSWORD,
                new ArrayList<>());
        heartbeat(trusting);
        List<KioskMessage> got = central.await(r -> r.size() == 2, 20);
        assertEquals(List.of(1L, 2L), got.stream().map(KioskMessage::seq).collect(Collectors.toList()));
        assertEquals(FleetLink.State.CONNECTED, trusting.state());
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

    static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path f : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(f);
                }
            }
        }
    }
}
