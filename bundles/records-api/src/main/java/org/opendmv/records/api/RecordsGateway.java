package org.opendmv.records.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Looks up records by resident ID number. Implementations must not log ID numbers. Register as
 * an OSGi service with {@link #RANK} to choose between several (highest wins, as service ranking).
 */
@ConsumerType
public interface RecordsGateway {
    /** Service property naming the gateway, e.g. {@code sim}, {@code platform}. */
    String NAME = "records.gateway";
    /** Alias of {@code service.ranking}, documented for integrators. */
    String RANK = "service.ranking";

    /**
     * The driver's licence record, or empty if the person holds none.
     *
     * @throws RecordsUnavailableException when the back end cannot answer now
     */
    Optional<DriverRecord> driver(String idNumber);

    /**
     * Vehicles registered to the owner, possibly none.
     *
     * @throws RecordsUnavailableException when the back end cannot answer now
     */
    List<VehicleRecord> vehicles(String ownerIdNumber);
}
