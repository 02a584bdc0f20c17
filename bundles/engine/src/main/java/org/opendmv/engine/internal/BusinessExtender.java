package org.opendmv.engine.internal;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.opendmv.engine.api.BusinessRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;

/** Extender: finds {@code OSGI-INF/business/*.json} in every active bundle. */
@Component(service = BusinessRegistry.class)
public final class BusinessExtender extends Registry {
    private BundleTracker<Long> tracker;

    @Activate
    void activate(BundleContext ctx) {
        tracker = new BundleTracker<>(ctx, Bundle.ACTIVE, null) {
            @Override
            public Long addingBundle(Bundle bundle, BundleEvent event) {
                Enumeration<URL> urls = bundle.findEntries(DESCRIPTOR_FOLDER, "*.json", false);
                if (urls == null) {
                    return null; // not a business bundle: stop tracking it
                }
                List<Resource> resources = new ArrayList<>();
                for (URL u : Collections.list(urls)) {
                    resources.add(resource(u));
                }
                resources.sort((a, b) -> a.path().compareTo(b.path()));
                addBundle(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString(), resources);
                return bundle.getBundleId();
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Long id) {
                removeBundle(id);
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }
}
