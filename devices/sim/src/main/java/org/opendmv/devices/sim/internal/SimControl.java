package org.opendmv.devices.sim.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

        @AttributeDefinition(name = "Test citizens folder",
                description = "Folder of *.json files adding test citizens ({\"citizens\": [...]}, same fields as the bundled ones); re-read when a file changes; empty = ${karaf.etc}/opendmv-citizens")
        String citizens_dir() default "";
    }

    /** Default folder of added test citizens, under {@code ${karaf.etc}}. */
    static final String CITIZENS_FOLDER = "opendmv-citizens";

    private final Map<String, Citizen> bundled;
    private final Path extraDir;
    private Map<Path, FileTime> extraSeen = Map.of();
    private volatile Map<String, Citizen> citizens;
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
        this.bundled = loaded;
        this.citizens = loaded;
        this.citizensError = error;
        this.defaultLatencyMs = Math.max(0, config.default_latency_ms());
        String dir = config.citizens_dir() == null ? "" : config.citizens_dir().strip();
        String etc = System.getProperty("karaf.etc");
        this.extraDir = !dir.isEmpty() ? Path.of(dir) : etc == null ? null : Path.of(etc, CITIZENS_FOLDER);
        refresh();
    }

    /** For tests. */
    SimControl(Map<String, Citizen> citizens, int defaultLatencyMs) {
        this(citizens, defaultLatencyMs, null);
    }

    /** For tests: with a folder of added test citizens. */
    SimControl(Map<String, Citizen> citizens, int defaultLatencyMs, Path extraDir) {
        this.bundled = citizens;
        this.citizens = citizens;
        this.citizensError = null;
        this.defaultLatencyMs = defaultLatencyMs;
        this.extraDir = extraDir;
        refresh();
    }

    /**
     * Re-reads the test-citizens folder when a file in it was added, changed or removed. A bad
     * file, or one reusing a profile id, is refused whole with a log line naming the file and
     * the entry's index, never a value.
     */
    synchronized void refresh() {
        if (extraDir == null) {
            return;
        }
        Map<Path, FileTime> now = new TreeMap<>();
        if (Files.isDirectory(extraDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(extraDir, "*.json")) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f)) {
                        now.put(f, Files.getLastModifiedTime(f));
                    }
                }
            } catch (IOException e) {
                LOG.warn("Test citizens folder {} cannot be read: {}", extraDir, e.getClass().getSimpleName());
                return;
            }
        }
        if (now.equals(extraSeen)) {
            return;
        }
        extraSeen = now;
        Map<String, Citizen> merged = new LinkedHashMap<>(bundled);
        Map<String, String> from = new HashMap<>();
        bundled.keySet().forEach(id -> from.put(id, "the bundled citizens"));
        for (Path f : now.keySet()) {
            Map<String, Citizen> added;
            try {
                added = CitizensLoader.parse(Files.readAllBytes(f), true, f.getParent());
            } catch (CitizensFormatException e) {
                LOG.error("Test citizens file {} refused: {}", f, e.getMessage());
                continue;
            } catch (IOException e) {
                LOG.error("Test citizens file {} refused: cannot be read ({})", f, e.getClass().getSimpleName());
                continue;
            }
            String clash = null;
            int i = 0;
            for (String id : added.keySet()) {
                if (from.containsKey(id)) {
                    clash = "citizens[" + i + "]: profile id is already used by " + from.get(id);
                    break;
                }
                i++;
            }
            if (clash != null) {
                LOG.error("Test citizens file {} refused: {}", f, clash);
                continue;
            }
            added.keySet().forEach(id -> from.put(id, f.getFileName().toString()));
            merged.putAll(added);
            LOG.info("Test citizens file {}: {} citizen(s) added", f, added.size());
        }
        citizens = Collections.unmodifiableMap(merged);
    }

    int defaultLatencyMs() {
        return defaultLatencyMs;
    }

    // ---- citizens and the card on the reader

    /** Profile ids usable with {@link #insertCard}, including {@value #NOT_AN_ID_CARD}. */
    List<String> profileIds() {
        refresh();
        List<String> ids = new ArrayList<>(citizens.keySet());
        ids.add(NOT_AN_ID_CARD);
        return ids;
    }

    Map<String, Citizen> citizens() {
        refresh();
        return citizens;
    }

    Optional<Citizen> citizen(String profile) {
        refresh();
        return Optional.ofNullable(profile == null ? null : citizens.get(profile));
    }

    /**
     * Puts a card on every simulated reader (replacing the one there).
     *
     * @throws IllegalArgumentException for an unknown profile
     */
    void insertCard(String profile) {
        String p = profile == null ? "" : profile.trim();
        refresh();
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
            old = devices.put(device.instanceId(), device);
        }
        if (old != null && old != device) {
            LOG.warn("two simulated devices with id {}; the newer one is controlled", device.instanceId());
        }
    }

    synchronized void unregister(SimDevice device) {
        devices.remove(device.instanceId(), device);
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
        LOG.info("simulated device {} set to {}", d.instanceId(), s);
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
