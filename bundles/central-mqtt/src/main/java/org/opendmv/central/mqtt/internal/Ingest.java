package org.opendmv.central.mqtt.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.opendmv.fleet.api.Decoded;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetRegistry;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.KioskMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central's MQTT subscriber (Eclipse Paho): every kiosk message of every office
 * ({@value FleetTopics#ALL_KIOSK_MESSAGES}, QoS 1) is decoded and handed to the {@link FleetRegistry}. The session
 * is persistent (clean session off, fixed client id), so the broker keeps what kiosks send while the central is
 * down and delivers it when it is back; Paho reconnects by itself after a lost connection.
 *
 * <p>A malformed message (unknown topic, not JSON, wrong shape or version, a kiosk id that differs from its
 * topic, too large) is counted and dropped with one log line that names the topic and the reason, never the
 * payload. A registry failure is counted and logged without the message.
 */
final class Ingest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
    private static final int RECENT = 50;

    record Settings(String brokerUrl, String clientId, String username, char[] password, SSLSocketFactory tls) {
    }

    private final Settings settings;
    private final FleetRegistry registry;
    private final FleetCodec codec = new FleetCodec();
    private final MqttClient client;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Deque<String> recentDrops = new ArrayDeque<>();
    private final Thread connector;
    private volatile boolean running = true;
    private volatile String lastError = "";

    Ingest(Settings settings, FleetRegistry registry) throws MqttException {
        this.settings = settings;
        this.registry = registry;
        this.client = new MqttClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        this.client.setTimeToWait(30_000);
        this.client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    LOG.info("Fleet ingest: reconnected to {}", serverURI);
                    subscribe();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("Fleet ingest: lost the broker ({}); reconnecting", cause == null ? "-"
                        : cause.getClass().getSimpleName());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                handle(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the ingest publishes nothing
            }
        });
        this.connector = new Thread(this::connectLoop, "opendmv-fleet-ingest-connect");
        this.connector.setDaemon(true);
    }

    void start() {
        connector.start();
    }

    /** The first connection, retried until it works; Paho's automatic reconnect takes over from there. */
    private void connectLoop() {
        long backoff = 1000;
        while (running) {
            try {
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(false);
                o.setAutomaticReconnect(true);
                o.setMaxReconnectDelay(30_000);
                o.setConnectionTimeout(10);
                o.setKeepAliveInterval(30);
                o.setUserName(settings.username());
                o.setPassword(settings.password());
                if (settings.tls() != null) {
                    o.setSocketFactory(settings.tls());
                }
                client.connect(o);
                subscribe();
                lastError = "";
                LOG.info("Fleet ingest: subscribed to kiosk messages on {}", settings.brokerUrl());
                return;
            } catch (MqttException e) {
                int code = e.getReasonCode();
                String why = code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                        || code == MqttException.REASON_CODE_NOT_AUTHORIZED
                                ? "the broker refused the central's credentials (username " + settings.username() + ")"
                                : "broker " + settings.brokerUrl() + " unreachable (" + e.getReasonCode() + ")";
                if (!why.equals(lastError)) {
                    LOG.warn("Fleet ingest: {}; retrying", why);
                }
                lastError = why;
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void subscribe() {
        try {
            client.subscribe(FleetTopics.ALL_KIOSK_MESSAGES, 1);
        } catch (MqttException e) {
            LOG.warn("Fleet ingest: subscription failed ({})", e.getReasonCode());
        }
    }

    /** One message from the broker; never throws (an exception here would make Paho drop the connection). */
    void handle(String topic, byte[] payload) {
        try {
            Optional<FleetTopics.KioskTopic> t = FleetTopics.parse(topic);
            if (t.isEmpty()) {
                drop("a topic that is not a kiosk topic (" + topic.split("/", -1).length + " levels)");
                return;
            }
            Decoded<KioskMessage> d = codec.decode(t.get(), payload);
            if (!d.isOk()) {
                drop(t.get().topic() + ": " + d.error().orElseThrow());
                return;
            }
            try {
                registry.accept(d.get());
                accepted.incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.error("Fleet ingest: the registry failed on {} seq {} ({})", t.get().topic(), d.get().seq(),
                        e.getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.error("Fleet ingest: unexpected failure ({})", e.getClass().getSimpleName());
        }
    }

    private void drop(String line) {
        dropped.incrementAndGet();
        LOG.warn("Fleet ingest: dropped a message on {}", line);
        synchronized (recentDrops) {
            recentDrops.addFirst(line);
            while (recentDrops.size() > RECENT) {
                recentDrops.removeLast();
            }
        }
    }

    long accepted() {
        return accepted.get();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    boolean connected() {
        return client.isConnected();
    }

    String lastError() {
        return lastError;
    }

    /** The last drop reasons, newest first, exactly as logged (after "dropped a message on "). */
    List<String> recentDrops() {
        synchronized (recentDrops) {
            return List.copyOf(recentDrops);
        }
    }

    @Override
    public void close() {
        running = false;
        connector.interrupt();
        try {
            connector.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 1000);
            } catch (MqttException ignored) {
                // closing anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // closing anyway
        }
    }
}
