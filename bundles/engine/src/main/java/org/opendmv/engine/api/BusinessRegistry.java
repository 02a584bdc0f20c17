package org.opendmv.engine.api;

import java.util.List;
import java.util.Optional;
import org.opendmv.business.api.BusinessDescriptor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Businesses currently installed. An extender reads every {@code OSGI-INF/business/*.json}
 * of every active bundle: a business appears when its bundle starts and disappears when it
 * stops. Descriptors with problems are listed by {@link #invalid()} and never offered.
 */
@ProviderType
public interface BusinessRegistry {
    /** Where the extender looks inside a bundle. */
    String DESCRIPTOR_FOLDER = "OSGI-INF/business";

    /** Valid businesses (their current versions), ordered by category then code. */
    List<BusinessDescriptor> businesses();

    Optional<BusinessDescriptor> business(String code);

    /** The bundle that provides a business's current version. */
    Optional<BusinessSource> source(String code);

    /**
     * Every installed version of a business, the {@link BusinessVersion.Status#CURRENT current} one
     * first, then the retired ones from the highest version down; empty when none is installed.
     */
    default List<BusinessVersion> versions(String code) {
        Optional<BusinessDescriptor> d = business(code);
        Optional<BusinessSource> s = source(code);
        if (d.isEmpty() || s.isEmpty()) {
            return List.of();
        }
        return List.of(new BusinessVersion(d.get(), s.get(), BusinessVersion.Status.CURRENT));
    }

    /** Descriptors that were refused, with the reasons. */
    List<InvalidBusiness> invalid();

    void addListener(RegistryListener listener);

    void removeListener(RegistryListener listener);
}
