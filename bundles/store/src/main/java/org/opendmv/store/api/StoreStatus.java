package org.opendmv.store.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What the store runs on and which schema migrations are applied (for health and support). */
@ProviderType
public interface StoreStatus {
    /** e.g. "Apache Derby 10.14.2.0". */
    String database();

    /** Ids of applied change sets, oldest first. */
    List<String> appliedMigrations();
}
