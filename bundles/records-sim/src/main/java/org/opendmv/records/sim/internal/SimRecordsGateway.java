package org.opendmv.records.sim.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.RecordsGateway;
import org.opendmv.records.api.RecordsUnavailableException;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded default gateway: synthetic records, same people as the simulated ID cards. */
@Component(service = RecordsGateway.class, configurationPid = SimRecordsGateway.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {RecordsGateway.NAME + "=sim", "service.ranking:Integer=-100"})
@Designate(ocd = SimRecordsConfig.class)
public final class SimRecordsGateway implements RecordsGateway {
    static final String PID = "org.opendmv.records.sim";
    private static final Logger LOG = LoggerFactory.getLogger(SimRecordsGateway.class);

    /** Default folder of added test records, under {@code ${karaf.etc}} (shared with the device simulator's citizens). */
    static final String EXTRA_FOLDER = "opendmv-citizens";

    private volatile RecordsDataset dataset;
    private volatile SimRecordsConfig config;
    private RecordsDataset base;
    private LocalDate today;
    private Path extraDir;
    private Map<Path, FileTime> extraSeen = Map.of();

    @Activate
    public SimRecordsGateway(SimRecordsConfig config) throws RecordsDataset.DatasetException {
        modified(config);
    }

    @Modified
    void modified(SimRecordsConfig c) throws RecordsDataset.DatasetException {
        LocalDate today;
        try {
            today = c.today().isBlank() ? LocalDate.now() : LocalDate.parse(c.today().strip());
        } catch (DateTimeParseException e) {
            throw new RecordsDataset.DatasetException("today must be yyyy-MM-dd or empty");
        }
        RecordsDataset d;
        if (c.dataset_file().isBlank()) {
            d = RecordsDataset.bundled(today);
        } else {
            try {
                d = RecordsDataset.parse(Files.readAllBytes(Path.of(c.dataset_file().strip())), today);
            } catch (IOException e) {
                throw new RecordsDataset.DatasetException("cannot read dataset file " + c.dataset_file() + ": " + e.getClass().getSimpleName());
            }
        }
        String dir = c.extra_dir() == null ? "" : c.extra_dir().strip();
        String etc = System.getProperty("karaf.etc");
        synchronized (this) {
            this.base = d;
            this.today = today;
            this.extraDir = !dir.isEmpty() ? Path.of(dir) : etc == null ? null : Path.of(etc, EXTRA_FOLDER);
            this.extraSeen = Map.of();
            this.dataset = d;
        }
        this.config = c;
        refresh();
        LOG.info("Records simulator: {} drivers, {} vehicles, dates relative to {}", d.driverCount(), d.vehicleCount(), today);
    }

    /**
     * Re-reads the test-records folder when a file in it was added, changed or removed. A bad
     * file, or one repeating an ID number or plate, is refused whole with a log line naming the
     * file and the entry's index, never a value.
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
                LOG.warn("Test records folder {} cannot be read: {}", extraDir, e.getClass().getSimpleName());
                return;
            }
        }
        if (now.equals(extraSeen)) {
            return;
        }
        extraSeen = now;
        RecordsDataset merged = base;
        for (Path f : now.keySet()) {
            try {
                RecordsDataset added = RecordsDataset.parse(Files.readAllBytes(f), today);
                merged = merged.plus(added);
                if (added.driverCount() + added.vehicleCount() > 0) {
                    LOG.info("Test records file {}: {} driver(s), {} vehicle(s) added", f, added.driverCount(), added.vehicleCount());
                }
            } catch (RecordsDataset.DatasetException e) {
                LOG.error("Test records file {} refused: {}", f, e.getMessage());
            } catch (IOException e) {
                LOG.error("Test records file {} refused: cannot be read ({})", f, e.getClass().getSimpleName());
            }
        }
        dataset = merged;
    }

    @Override
    public Optional<DriverRecord> driver(String idNumber) {
        refresh();
        pause();
        return dataset.driver(idNumber);
    }

    @Override
    public List<VehicleRecord> vehicles(String ownerIdNumber) {
        refresh();
        pause();
        return dataset.vehicles(ownerIdNumber);
    }

    private void pause() {
        SimRecordsConfig c = config;
        if (c.unavailable()) {
            throw new RecordsUnavailableException("records simulator is configured as unavailable");
        }
        if (c.latency_ms() > 0) {
            try {
                Thread.sleep(c.latency_ms());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecordsUnavailableException("interrupted", e);
            }
        }
    }
}
