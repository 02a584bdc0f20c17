package org.opendmv.records.sim.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

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

    private volatile RecordsDataset dataset;
    private volatile SimRecordsConfig config;

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
        this.dataset = d;
        this.config = c;
        LOG.info("Records simulator: {} drivers, {} vehicles, dates relative to {}", d.driverCount(), d.vehicleCount(), today);
    }

    @Override
    public Optional<DriverRecord> driver(String idNumber) {
        pause();
        return dataset.driver(idNumber);
    }

    @Override
    public List<VehicleRecord> vehicles(String ownerIdNumber) {
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
