package org.opendmv.fleet.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.manager.api.DeviceListener;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceStatusEvent;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.fleet.api.DeviceState;
import org.opendmv.fleet.api.DeviceStatusReport;
import org.opendmv.fleet.api.ErrorEvent;
import org.opendmv.fleet.api.FleetCodec;
import org.opendmv.fleet.api.FleetTopics;
import org.opendmv.fleet.api.Heartbeat;
import org.opendmv.fleet.api.KioskMessage;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's fleet agent: off unless {@code etc/org.opendmv.fleet.agent.cfg} provisions it (one kiosk still runs
 * alone). Sends a heartbeat with the installed features and the kiosk's bundles every {@code heartbeat.seconds},
 * the device picture whenever a device changes, and every device error event (codes only), through the
 * {@link FleetLink} that buffers them on disk while the broker is unreachable.
 */
@Component(configurationPid = "org.opendmv.fleet.agent", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = DeviceListener.class, immediate = true)
@Designate(ocd = AgentConfig.class)
public class FleetAgent implements DeviceListener {

    private static final Logger LOG = LoggerFactory.getLogger(FleetAgent.class);

    private volatile DeviceManager devices;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FeaturesService features;

    private final FleetCodec codec = new FleetCodec();
    private BundleContext context;
    private String kioskId;
    private String office;
    private String group;
    private FleetLink link;
    private ScheduledExecutorService timer;
    private final long startedAt = System.nanoTime();

    @Activate
    void activate(BundleContext context, AgentConfig config) throws IOException {
        this.context = context;
        this.kioskId = require("kiosk.id", config.kiosk_id(), FleetTopics.validKioskId(config.kiosk_id()));
        this.office = require("office", config.office(), FleetTopics.validId(config.office()));
        this.group = require("group", config.group(), FleetTopics.validId(config.group()));
        if (config.broker_url() == null || config.broker_url().isBlank()) {
            throw new IllegalArgumentException("fleet agent: broker.url is required");
        }
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path data = config.data_dir().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data")).resolve("fleet-agent")
                : Path.of(config.data_dir());
        String username = config.username().isBlank() ? kioskId : config.username();
        FleetLink.Settings s = new FleetLink.Settings(kioskId, office, group, config.broker_url().trim(), username,
                password(etc.resolve(config.password_file())), tls(etc, config), data, config.queue_max(),
                Duration.ofSeconds(30));
        link = new FleetLink(s, codec, desired -> { });
        link.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opendmv-fleet-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::heartbeat, 0, Math.max(5, config.heartbeat_seconds()), TimeUnit.SECONDS);
        timer.execute(this::sendDeviceStatus);
        LOG.info("Fleet agent on: kiosk {} of office {}, group {}, broker {}", kioskId, office, group,
                config.broker_url());
    }

    /** The device manager came (also after activation): send the whole device picture. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDevices(DeviceManager dm) {
        devices = dm;
        statusChanged(null);
    }

    void unbindDevices(DeviceManager dm) {
        if (devices == dm) {
            devices = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (link != null) {
            link.close();
        }
    }

    @Override
    public void statusChanged(DeviceStatusEvent event) {
        ScheduledExecutorService t = timer;
        if (t != null && !t.isShutdown()) {
            t.execute(this::sendDeviceStatus); // read the whole picture off the device manager's thread
        }
    }

    @Override
    public void error(DeviceErrorEvent event) {
        send(FleetTopics.Kind.EVENT, seq -> new ErrorEvent(1, kioskId, office, Instant.now(), seq, event.deviceId(),
                event.deviceClass().name(), event.errorCode(), event.hint().name(), event.timestamp()));
    }

    void heartbeat() {
        long uptime = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
        Map<String, String> feats = installedFeatures();
        Map<String, String> bundles = kioskBundles();
        send(FleetTopics.Kind.HEARTBEAT,
                seq -> new Heartbeat(1, kioskId, office, Instant.now(), seq, group, uptime, feats, bundles));
    }

    void sendDeviceStatus() {
        DeviceManager dm = devices;
        if (dm == null) {
            return;
        }
        List<DeviceState> states = new ArrayList<>();
        for (DeviceView v : dm.devices()) {
            states.add(new DeviceState(v.id(), v.deviceClass().name(), v.role(), v.status().lifecycle().name(),
                    v.status().detail().name(), v.status().operational().name(), v.status().substatus()));
        }
        send(FleetTopics.Kind.STATUS, seq -> new DeviceStatusReport(1, kioskId, office, Instant.now(), seq, states));
    }

    private void send(FleetTopics.Kind kind, java.util.function.LongFunction<KioskMessage> build) {
        FleetLink l = link;
        if (l == null) {
            return;
        }
        try {
            l.send(kind, build);
        } catch (IOException | RuntimeException e) {
            LOG.error("Fleet agent: could not queue a {} message ({})", kind.level(), e.getClass().getSimpleName());
        }
    }

    private Map<String, String> installedFeatures() {
        Map<String, String> m = new TreeMap<>();
        FeaturesService fs = features;
        if (fs != null) {
            try {
                for (Feature f : fs.listInstalledFeatures()) {
                    m.put(f.getName(), f.getVersion());
                }
            } catch (Exception e) {
                LOG.debug("Fleet agent: features not listed", e);
            }
        }
        return m;
    }

    private Map<String, String> kioskBundles() {
        Map<String, String> m = new TreeMap<>();
        if (context != null) {
            for (Bundle b : context.getBundles()) {
                String name = b.getSymbolicName();
                if (name != null && name.startsWith("org.opendmv")) {
                    m.put(name, b.getVersion().toString());
                }
            }
        }
        return m;
    }

    private static String require(String name, String value, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("fleet agent: " + name + " must be 1-64 characters of [A-Za-z0-9_.-]");
        }
        return value;
    }

    static char[] password(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("fleet agent: password file " + file + " is missing or unreadable");
        }
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        return first.toCharArray();
    }

    static SSLSocketFactory tls(Path etc, AgentConfig config) throws IOException {
        if (!config.broker_url().trim().startsWith("ssl://")) {
            return null;
        }
        return trustStoreFactory(config.truststore().isBlank() ? null : etc.resolve(config.truststore()),
                config.truststore_password().toCharArray());
    }

    /** A TLS socket factory trusting the CAs in {@code truststore} (PKCS12 or JKS), or the JVM's when {@code null}. */
    static SSLSocketFactory trustStoreFactory(Path truststore, char[] password) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (truststore == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                try (InputStream in = Files.newInputStream(truststore)) {
                    ks.load(in, password);
                }
                tmf.init(ks);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("fleet agent: truststore " + truststore + " unusable: " + e.getMessage(), e);
        }
    }

    /** For the console later: where the link stands. */
    String describe() {
        FleetLink l = link;
        return l == null ? "off" : l.state() + " queued=" + l.queued() + " " + l.lastError();
    }

}
