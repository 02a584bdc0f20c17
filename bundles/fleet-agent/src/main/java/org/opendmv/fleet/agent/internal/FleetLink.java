package org.opendmv.fleet.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.opendmv.fleet.api.Decoded;
import org.opendmv.fleet.api.DesiredState;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.KioskMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's link to the broker (Eclipse Paho MQTT v3): every message goes into the {@link DiskQueue} first, and
 * one sender thread publishes the oldest with QoS 1 and removes it only when the broker has acknowledged it, so
 * messages arrive in order and none is lost while the broker is unreachable or the kiosk restarts (after a crash
 * between acknowledgement and removal one may arrive twice: same {@code seq}, which the central ignores).
 * Device status is published retained. The group's retained desired state is subscribed to, recorded in
 * {@code desired.json} and handed to a listener.
 *
 * <p>A failed connection is retried with back-off (1 s doubling up to {@code retryMax}); refused credentials and
 * TLS failures become a {@link State} with an operator-readable {@link #lastError()}, never an exception.
 */
final class FleetLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);

    /** Where the link stands, for the console and tests. */
    enum State {
        STARTING, CONNECTED, BROKER_UNREACHABLE, AUTH_FAILED, TLS_FAILED, STOPPED
    }

    /** What the link needs. */
    record Settings(String kioskId, String office, String group, String brokerUrl, String username,
            char[] password, SSLSocketFactory tls, Path dataDir, int queueMax, Duration retryMax) {
    }

    private final Settings settings;
    private final FleetCodec codec;
    private final Consumer<DesiredState> onDesired;
    private final DiskQueue queue;
    private final MqttClient client;
    private final Thread sender;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong badDesired = new AtomicLong();
    private volatile State state = State.STARTING;
    private volatile String lastError = "";
    private volatile DesiredState desired;
    private volatile boolean running = true;

    FleetLink(Settings settings, FleetCodec codec, Consumer<DesiredState> onDesired) throws IOException {
        this.settings = settings;
        this.codec = codec;
        this.onDesired = onDesired;
        Files.createDirectories(settings.dataDir());
        this.queue = new DiskQueue(settings.dataDir().resolve("outbox"), settings.queueMax());
        this.desired = readDesired().orElse(null);
        try {
            this.client = new MqttClient(settings.brokerUrl(), "kiosk-" + settings.kioskId(), new MemoryPersistence());
            this.client.setTimeToWait(30_000);
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.url is not a usable MQTT URL (tcp://host:port or ssl://host:port)",
                    e);
        }
        this.sender = new Thread(this::run, "opendmv-fleet-agent");
        this.sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    /**
     * Queues a message: {@code build} makes it for the next sequence number. Returns that number; the message is on
     * disk when this returns.
     */
    long send(FleetTopics.Kind kind, LongFunction<KioskMessage> build) throws IOException {
        return queue.append(kind, seq -> {
            KioskMessage m = build.apply(seq);
            if (m.kind() != kind || m.seq() != seq) {
                throw new IllegalArgumentException("message kind or seq differ from the queue's");
            }
            return codec.encode(m);
        });
    }

    State state() {
        return state;
    }

    /** Why the last connection or publication failed; empty when connected. Contains no secrets. */
    String lastError() {
        return lastError;
    }

    int queued() {
        return queue.size();
    }

    long dropped() {
        return queue.dropped();
    }

    long published() {
        return published.get();
    }

    long badDesiredMessages() {
        return badDesired.get();
    }

    /** The group's desired state last received (kept across restarts). */
    Optional<DesiredState> desired() {
        return Optional.ofNullable(desired);
    }

    private void run() {
        long backoff = 1000;
        while (running) {
            try {
                if (!client.isConnected()) {
                    connect();
                    backoff = 1000;
                }
                Optional<DiskQueue.Entry> next = queue.peek();
                if (next.isEmpty()) {
                    queue.awaitMessage(1000);
                    continue;
                }
                DiskQueue.Entry e = next.get();
                MqttMessage m = new MqttMessage(e.payload());
                m.setQos(1);
                m.setRetained(e.kind() == FleetTopics.Kind.STATUS);
                client.publish(FleetTopics.kiosk(settings.office(), settings.kioskId(), e.kind()), m);
                queue.remove(e.seq());
                published.incrementAndGet();
            } catch (MqttException e) {
                if (!running) {
                    break;
                }
                failed(e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
            } catch (IOException e) {
                LOG.error("Fleet agent: outbox unreadable ({}); retrying", e.getClass().getSimpleName());
                lastError = "outbox: " + e.getClass().getSimpleName();
                sleep(backoff);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("Fleet agent: unexpected failure; retrying", e);
                sleep(backoff);
            }
        }
        state = State.STOPPED;
    }

    private void connect() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false); // the sender thread reconnects, with back-off and a state
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(10);
        o.setUserName(settings.username());
        o.setPassword(settings.password());
        if (settings.tls() != null) {
            o.setSocketFactory(settings.tls());
        }
        client.connect(o);
        String topic = FleetTopics.desired(settings.office(), settings.group());
        client.subscribe(topic, 1, (t, message) -> desiredArrived(message.getPayload()));
        if (state != State.CONNECTED) {
            LOG.info("Fleet agent: connected to {} as kiosk {} ({} message(s) waiting)", settings.brokerUrl(),
                    settings.kioskId(), queue.size());
        }
        state = State.CONNECTED;
        lastError = "";
    }

    private void failed(MqttException e) {
        State s;
        String why;
        int code = e.getReasonCode();
        if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION || code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
            s = State.AUTH_FAILED;
            why = "the broker refused the kiosk's credentials (username " + settings.username()
                    + "): check the password file and the broker's password_file";
        } else if (causedBy(e, SSLException.class)) {
            s = State.TLS_FAILED;
            why = "TLS handshake with the broker failed: check the truststore and the broker's certificate ("
                    + rootMessage(e) + ")";
        } else {
            s = State.BROKER_UNREACHABLE;
            why = "broker " + settings.brokerUrl() + " unreachable (" + rootMessage(e) + "); " + queue.size()
                    + " message(s) kept on disk";
        }
        if (s != state) {
            if (s == State.BROKER_UNREACHABLE) {
                LOG.warn("Fleet agent: {}", why);
            } else {
                LOG.error("Fleet agent: {}", why);
            }
        }
        state = s;
        lastError = why;
        if (client.isConnected()) {
            try {
                client.disconnectForcibly(0, 1000);
            } catch (MqttException ignored) {
                // already gone
            }
        }
    }

    private void desiredArrived(byte[] payload) {
        Decoded<DesiredState> d = codec.decode(payload, DesiredState.class);
        if (!d.isOk()) {
            badDesired.incrementAndGet();
            LOG.warn("Fleet agent: ignored a desired state for group {}: {}", settings.group(), d.error().orElseThrow());
            return;
        }
        DesiredState ds = d.get();
        if (!ds.office().equals(settings.office()) || !ds.group().equals(settings.group())) {
            badDesired.incrementAndGet();
            LOG.warn("Fleet agent: ignored a desired state naming another office or group");
            return;
        }
        if (desired != null && desired.equals(ds)) {
            return;
        }
        try {
            Path file = settings.dataDir().resolve("desired.json");
            Path tmp = settings.dataDir().resolve("desired.json.tmp");
            Files.write(tmp, codec.encode(ds));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Fleet agent: could not record the desired state ({})", e.getClass().getSimpleName());
        }
        desired = ds;
        LOG.info("Fleet agent: desired state {} for group {}: {} feature(s), {} KAR(s) (applying comes later)",
                ds.revision(), ds.group(), ds.features().size(), ds.kars().size());
        try {
            onDesired.accept(ds);
        } catch (RuntimeException e) {
            LOG.warn("Fleet agent: desired-state listener failed", e);
        }
    }

    private Optional<DesiredState> readDesired() {
        Path file = settings.dataDir().resolve("desired.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return codec.decode(Files.readAllBytes(file), DesiredState.class).value();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void sleep(long millis) {
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (running && System.nanoTime() < end) {
                Thread.sleep(Math.min(100, millis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        running = false;
        queue.wake();
        try {
            sender.join(5000);
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
        state = State.STOPPED;
    }

}
