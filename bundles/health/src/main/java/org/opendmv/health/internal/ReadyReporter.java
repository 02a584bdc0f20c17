package org.opendmv.health.internal;

import org.opendmv.devices.api.DeviceManager;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.store.api.StoreStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line once the kiosk can serve: store migrated, engine, device manager and the HTTP
 * runtime all up. Operators and scripts wait for it (or for GET /api/health).
 */
@Component(immediate = true, service = {})
public final class ReadyReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyReporter.class);

    @Activate
    public ReadyReporter(@Reference BusinessRegistry registry, @Reference DeviceManager devices,
            @Reference StoreStatus store, @Reference HttpServiceRuntime http) {
        LOG.info("OpenDMV Kiosk ready: {} business(es), {} device(s), store {}, health at /api/health",
                registry.businesses().size(), devices.devices().size(), store.database());
    }
}
