package org.opendmv.store.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Submitted applications. {@link #submit} assigns the serial number (流水号) and writes the
 * application, its first status and an audit entry in one transaction: once it returns, the
 * application survives a crash.
 */
@ProviderType
public interface ApplicationStore {
    Application submit(NewApplication application);

    Optional<Application> find(String serial);

    /** Newest first. */
    List<Application> recent(int max);

    List<StatusChange> history(String serial);

    /** Appends a status; throws {@link IllegalArgumentException} for an unknown serial. */
    void changeStatus(String serial, String status, String note);

    long count();
}
