package org.opendmv.fleet.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.KioskMessage;

/**
 * The central's side as the tests see it: a plain Paho subscriber with a persistent session (clean session off,
 * QoS 1), so the broker keeps kiosk messages for it while it is away, as the real central does.
 */
final class Central implements AutoCloseable {
    private final FleetCodec codec = new FleetCodec();
    private final List<KioskMessage> received = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final MqttClient client;
    private final String user;
    private final String password;

    private final javax.net.ssl.SSLSocketFactory tls;

    Central(String url, String user, String password) throws MqttException {
        this(url, user, password, null);
    }

    Central(String url, String user, String password, javax.net.ssl.SSLSocketFactory tls) throws MqttException {
        this.tls = tls;
        this.client = new MqttClient(url, "central-test", new MemoryPersistence());
        this.user = user;
        this.password = password;
    }

    Central connect() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                arrived(topic, m.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(o);
        client.subscribe(FleetTopics.ALL_KIOSK_MESSAGES, 1);
        return this;
    }

    private synchronized void arrived(String topic, byte[] payload) {
        FleetTopics.parse(topic).map(t -> codec.decode(t, payload)).ifPresentOrElse(d -> {
            if (d.isOk()) {
                received.add(d.get());
            } else {
                errors.add(d.error().orElseThrow());
            }
        }, () -> errors.add("bad topic " + topic));
        notifyAll();
    }

    void disconnect() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000);
        }
    }

    synchronized List<KioskMessage> received() {
        return List.copyOf(received);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Waits until {@code done} holds for what was received; returns it. */
    synchronized List<KioskMessage> await(Predicate<List<KioskMessage>> done, long seconds)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.test(received)) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("timed out; received " + received + ", errors " + errors);
            }
            wait(left);
        }
        return List.copyOf(received);
    }

    @Override
    public void close() throws MqttException {
        try {
            disconnect();
        } finally {
            client.close(true);
        }
    }
}
