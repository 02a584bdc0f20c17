package org.opendmv.engine.api;

import org.opendmv.business.api.BusinessDescriptor;

/**
 * One installed version of a business. Bundles with the same symbolic name may provide the same
 * code side by side: the highest {@code Bundle-Version} is {@link Status#CURRENT} and takes new
 * visits; lower ones are {@link Status#RETIRED}: they only finish the visits they started and
 * leave once they have none.
 */
public final class BusinessVersion {
    /** Whether a version takes new visits. */
    public enum Status {
        /** New visits start on it. */
        CURRENT,
        /** No new visits; keeps the ones it started until they end. */
        RETIRED
    }

    private final BusinessDescriptor descriptor;
    private final BusinessSource source;
    private final Status status;

    public BusinessVersion(BusinessDescriptor descriptor, BusinessSource source, Status status) {
        this.descriptor = descriptor;
        this.source = source;
        this.status = status;
    }

    public BusinessDescriptor descriptor() {
        return descriptor;
    }

    public BusinessSource source() {
        return source;
    }

    public Status status() {
        return status;
    }

    public boolean isCurrent() {
        return status == Status.CURRENT;
    }

    @Override
    public String toString() {
        return descriptor.code() + " " + source.version() + " " + status.name().toLowerCase(java.util.Locale.ROOT) + " (" + source + ")";
    }
}
