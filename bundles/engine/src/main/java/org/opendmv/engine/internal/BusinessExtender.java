package org.opendmv.engine.internal;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.BundleTracker;

/**
 * Extender: finds {@code OSGI-INF/business/*.json} in every active bundle. Each descriptor's {@code form}
 * is checked against the installed form layouts ({@link FormChecks}); a business waiting for a form
 * template ({@value FormChecks#FORM_MISSING}) is read again when a {@link FormTemplate} service arrives.
 */
@Component(service = BusinessRegistry.class)
public final class BusinessExtender extends Registry {
    private final FormLayouts forms = new FormLayouts();
    private volatile BundleTracker<Long> tracker;

    public BusinessExtender() {
        addCheck((d, bundleId) -> FormChecks.problems(d, forms::layout, forms.ids()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFormTemplate(FormTemplate template) {
        FormLayout l = forms.add(template);
        BundleTracker<Long> t = tracker;
        if (l != null && t != null) {
            for (Bundle b : t.getBundles()) {
                retry(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), resources(b), FormChecks.FORM_MISSING);
            }
        }
    }

    void removeFormTemplate(FormTemplate template) {
        forms.remove(template);
    }

    private static List<Resource> resources(Bundle bundle) {
        Enumeration<URL> urls = bundle.findEntries(DESCRIPTOR_FOLDER, "*.json", false);
        List<Resource> resources = new ArrayList<>();
        if (urls != null) {
            for (URL u : Collections.list(urls)) {
                resources.add(resource(u));
            }
        }
        resources.sort((a, b) -> a.path().compareTo(b.path()));
        return resources;
    }

    @Activate
    void activate(BundleContext ctx) {
        tracker = new BundleTracker<>(ctx, Bundle.ACTIVE, null) {
            @Override
            public Long addingBundle(Bundle bundle, BundleEvent event) {
                List<Resource> resources = resources(bundle);
                if (resources.isEmpty()) {
                    return null; // not a business bundle: stop tracking it
                }
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
