package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Test;
import org.opendmv.fleet.api.DeviceState;
import org.opendmv.fleet.api.DeviceStatusReport;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.fleet.api.KioskMessage;
import org.opendmv.itests.servers.Mosquitto;

/**
 * The fleet agent in the unpacked distribution (headless), provisioned as docs/fleet-messaging.md says, against a
 * real mosquitto started here: heartbeats with the kiosk's versions and the simulated devices' picture arrive; a
 * device failed from the console shows in the next status report; the broker goes away and comes back and the
 * kiosk's messages arrive without a gap in their sequence numbers.
 */
public class FleetAgentIT {
    private static final String KIOSK = "KFLEET1";
    private KioskProcess kiosk;
    private Mosquitto broker;
    private MqttClient central;
    private final FleetCodec codec = new FleetCodec();
    private final List<KioskMessage> received = new ArrayList<>();

    @After
    public void stopAll() throws Exception {
        if (central != null) {
            try {
                central.disconnectForcibly(0, 1000);
            } catch (Exception ignored) {
                // closing anyway
            }
            central.close(true);
        }
        if (kiosk != null) {
            kiosk.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    private synchronized List<KioskMessage> received() {
        return List.copyOf(received);
    }

    private Optional<DeviceState> lastState(String deviceId) {
        List<KioskMessage> r = received();
        for (int i = r.size() - 1; i >= 0; i--) {
            if (r.get(i) instanceof DeviceStatusReport s) {
                return s.devices().stream().filter(d -> d.id().equals(deviceId)).findFirst();
            }
        }
        return Optional.empty();
    }

    @Test
    public void theKioskReportsItsVersionsAndDevicesAndCatchesUpAfterABrokerOutage() throws Exception {
        Path dir = Path.of("target", "fleet-agent-it").toAbsolutePath();
        KioskProcess.run(List.of("rm", "-rf", dir.toString()));
        broker = Mosquitto.in(dir.resolve("broker"), Map.of(KIOSK, "kiosk-secret", "central", "central-secret")).start();

        central = new MqttClient(broker.url(), "central-it", new MemoryPersistence());
        central.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                FleetTopics.parse(topic).map(t -> codec.decode(t, m.getPayload())).filter(d -> d.isOk())
                        .ifPresent(d -> {
                            synchronized (FleetAgentIT.this) {
                                received.add(d.get());
                            }
                        });
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setUserName("central");
        o.setPassword("central-secret".toCharArray());
        central.connect(o);
        central.subscribe(FleetTopics.ALL_KIOSK_MESSAGES, 1);

        kiosk = KioskProcess.unpack("fleet");
        kiosk.headless();
        kiosk.config("org.opendmv.kiosk", "kiosk.id", KIOSK);
        // provisioning: no kiosk.id here, the agent takes the kiosk's own
        kiosk.config("org.opendmv.fleet.agent", "office", "sz-test");
        kiosk.config("org.opendmv.fleet.agent", "group", "canary");
        kiosk.config("org.opendmv.fleet.agent", "broker.url", broker.url());
        kiosk.config("org.opendmv.fleet.agent", "heartbeat.seconds", "5");
        Files.writeString(kiosk.home.resolve("etc/fleet-agent.password"), "kiosk-secret\n");
        kiosk.bootFeature("opendmv-payment-sim", "opendmv-fleet-agent");
        kiosk.start();

        KioskProcess.await("a heartbeat and the device picture", Duration.ofSeconds(60),
                () -> received().stream().anyMatch(m -> m instanceof Heartbeat)
                        && lastState("receipt-printer").isPresent());
        Heartbeat h = received().stream().filter(m -> m instanceof Heartbeat).map(m -> (Heartbeat) m).findFirst()
                .orElseThrow();
        assertEquals(KIOSK, h.kioskId());
        assertEquals("sz-test", h.office());
        assertTrue(h.features().toString(), h.features().containsKey("opendmv-fleet-agent"));
        assertTrue(h.bundles().toString(), h.bundles().containsKey("org.opendmv.engine"));
        KioskProcess.await("the printer ONLINE", Duration.ofSeconds(30),
                () -> lastState("receipt-printer").map(DeviceState::operational).orElse("").equals("ONLINE"));

        String out = kiosk.shell("kiosk:sim fail receipt-printer PAPER_OUT");
        assertTrue(out, out.contains("PAPER_OUT"));
        KioskProcess.await("the paper-out printer in a status report", Duration.ofSeconds(30),
                () -> lastState("receipt-printer").map(s -> "OUT".equals(s.substatus().get("paper")) || !s.usable())
                        .orElse(false));

        broker.stop();
        int before = received().size();
        Thread.sleep(12_000); // two heartbeats while the broker is away
        broker.start();
        KioskProcess.await("the heartbeats sent while the broker was away", Duration.ofSeconds(90),
                () -> received().size() >= before + 3);
        List<Long> seqs = received().stream().map(KioskMessage::seq).collect(Collectors.toList());
        // QoS 1 is at least once: the message in flight when the broker went away may come again once it is back
        // (the central counts it once, by kiosk and seq); nothing may be missing or out of order
        for (int i = 1; i < seqs.size(); i++) {
            long step = seqs.get(i) - seqs.get(i - 1);
            assertTrue("no gap, in order, a repeat only of the one before: " + seqs, step == 1 || step == 0);
        }
    }
}
