package org.opendmv.devices.sim.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulators' shared state, one per bundle: the synthetic citizens, the card currently on the
 * reader(s), and the running simulated devices by instance id. Used by the driver factory (devices register
 * here) and by {@code kiosk:sim} (registered as a service of this internal class, found by the command
 * through Karaf's {@code @Reference}; both live in this bundle).
 */
@Component(service = SimControl.class, configurationPid = SimControl.PID)
@Designate(ocd = SimControl.Config.class)
public final class SimControl {
    static final String PID = "org.opendmv.devices.sim";
    /** Pseudo-profile: a card that is not a resident ID card (bank card); readers report INVALID_MEDIA. */
    static final String NOT_AN_ID_CARD = "not-id-card";

    private static final Logger LOG = LoggerFactory.getLogger(SimControl.class);

    /** Settings shared by all simulated devices. */
    @ObjectClassDefinition(id = PID, name = "OpenDMV device simulators",
            description = "Defaults of the 'sim' driver; per-device keys (sim.latency.ms, sim.fault, ...) override them")
    public @interface Config {
        @AttributeDefinition(name = "Default latency (ms)", min = "0",
                description = "Duration of one simulated step (card read, page capture, print) unless sim.latency.ms is set")
        int default_latency_ms() default 300;
    }

    private final Map<String, Citizen> citizens;
    private final String citizensError;
    private final int defaultLatencyMs;
    private final Map<String, SimDevice> devices = new TreeMap<>();
    private String insertedProfile;

    @Activate
    public SimControl(Config config) {
        Map<String, Citizen> loaded;
        String error = null;
        try {
            loaded = CitizensLoader.loadBundled();
        } catch (CitizensFormatException e) {
            LOG.error("simulated citizens unavailable: {}", e.getMessage());
            loaded = Map.of();
            error = e.getMessage();
        }
        this.citizens = loaded;
        this.citizensError = error;
        this.defaultLatencyMs = Math.max(0, config.default_latency_ms());
    }

    /** For tests. */
    SimControl(Map<String, Citizen> citizens, int defaultLatencyMs) {
        this.citizens = citizens;
        this.citizensError = null;
        this.defaultLatencyMs = defaultLatencyMs;
    }

    int defaultLatencyMs() {
        return defaultLatencyMs;
    }

    // ---- citizens and the card on the reader

    /** Profile ids usable with {@link #insertCard}, including {@value #NOT_AN_ID_CARD}. */
    List<String> profileIds() {
        List<String> ids = new ArrayList<>(citizens.keySet());
        ids.add(NOT_AN_ID_CARD);
        return ids;
    }

    Map<String, Citizen> citizens() {
        return citizens;
    }

    Optional<Citizen> citizen(String profile) {
        return Optional.ofNullable(profile == null ? null : citizens.get(profile));
    }

    /**
     * Puts a card on every simulated reader (replacing the one there).
     *
     * @throws IllegalArgumentException for an unknown profile
     */
    void insertCard(String profile) {
        String p = profile == null ? "" : profile.trim();
        if (!p.equals(NOT_AN_ID_CARD) && !citizens.containsKey(p)) {
            throw new IllegalArgumentException((p.isEmpty() ? "missing profile" : "unknown profile '" + p + "'")
                    + "; known: " + String.join(", ", profileIds())
                    + (citizensError == null ? "" : " (citizens file broken: " + citizensError + ")"));
        }
        List<SimDevice> targets;
        synchronized (this) {
            insertedProfile = p;
            targets = new ArrayList<>(devices.values());
        }
        LOG.info("simulated card inserted: profile {}", p);
        notifyCard(targets, p);
    }

    /** Takes the card away; returns whether there was one. */
    boolean removeCard() {
        List<SimDevice> targets;
        boolean had;
        synchronized (this) {
            had = insertedProfile != null;
            insertedProfile = null;
            targets = new ArrayList<>(devices.values());
        }
        notifyCard(targets, null);
        return had;
    }

    synchronized Optional<String> insertedCard() {
        return Optional.ofNullable(insertedProfile);
    }

    private static void notifyCard(List<SimDevice> targets, String profile) {
        for (SimDevice d : targets) {
            if (d instanceof SimIdCardReader) {
                ((SimIdCardReader) d).cardChanged(profile);
            }
        }
    }

    // ---- devices

    void register(SimDevice device) {
        SimDevice old;
        synchronized (this) {
            old = devices.put(device.id(), device);
        }
        if (old != null && old != device) {
            LOG.warn("two simulated devices with id {}; the newer one is controlled", device.id());
        }
    }

    synchronized void unregister(SimDevice device) {
        devices.remove(device.id(), device);
    }

    synchronized List<String> deviceIds() {
        return new ArrayList<>(devices.keySet());
    }

    synchronized List<SimDevice> devices() {
        return Collections.unmodifiableList(new ArrayList<>(devices.values()));
    }

    /** @throws IllegalArgumentException if no simulated device has this id */
    synchronized SimDevice device(String id) {
        String i = id == null ? "" : id.trim();
        SimDevice d = devices.get(i);
        if (d == null) {
            throw new IllegalArgumentException((i.isEmpty() ? "missing device id" : "unknown simulated device '" + i + "'")
                    + "; known: " + (devices.isEmpty() ? "(none running)" : String.join(", ", devices.keySet())));
        }
        return d;
    }

    /** {@code kiosk:sim fail}: puts a device in a state. */
    SimState fail(String deviceId, String state) {
        SimDevice d = device(deviceId);
        SimState s = SimState.parse(state, d.deviceClass());
        d.apply(s);
        LOG.info("simulated device {} set to {}", d.id(), s);
        return s;
    }

    /** {@code kiosk:sim delay}: sets a device's latency. */
    void delay(String deviceId, long ms) {
        device(deviceId).setLatency(ms);
    }

    /** {@code kiosk:sim reset}: removes the card and restores every device's configured behaviour. */
    void reset() {
        removeCard();
        for (SimDevice d : devices()) {
            d.reset(true);
        }
    }
}
