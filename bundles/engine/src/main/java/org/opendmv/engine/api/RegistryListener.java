package org.opendmv.engine.api;

import org.opendmv.business.api.BusinessDescriptor;
import org.osgi.annotation.versioning.ConsumerType;

/** Told when businesses come and go. Called on the framework's thread: return quickly. */
@ConsumerType
public interface RegistryListener {
    void added(BusinessDescriptor business);

    void removed(BusinessDescriptor business);
}
