package org.opendmv.store.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Who did what to which subject, and when. Never pass personal data: use serials and masked values. */
@ProviderType
public interface AuditLog {
    void record(String actor, String action, String subject);

    /** Newest first. */
    List<AuditEntry> latest(int max);
}
