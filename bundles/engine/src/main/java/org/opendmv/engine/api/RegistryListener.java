package org.opendmv.engine.api;

import org.opendmv.business.api.BusinessDescriptor;
import org.osgi.annotation.versioning.ConsumerType;

/** Told when businesses come and go. Called on the framework's thread: return quickly. */
@ConsumerType
public interface RegistryListener {
    /** A business appeared: its code was not provided before. */
    void added(BusinessDescriptor business);

    /** The last version of a business left: no bundle provides its code any more. */
    void removed(BusinessDescriptor business);

    /**
     * A higher version of a business became current ({@code old} is retired and keeps its own
     * visits), or the current one left and a retired one took over again. By default the same
     * as {@link #removed} of the old descriptor followed by {@link #added} of the new one.
     */
    default void replaced(BusinessDescriptor old, BusinessDescriptor current) {
        removed(old);
        added(current);
    }
}
