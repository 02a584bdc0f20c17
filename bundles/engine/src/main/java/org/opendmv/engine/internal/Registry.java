package org.opendmv.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.engine.api.RegistryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, free of OSGi so it can be tested alone: descriptors arrive and leave
 * per bundle. A bad descriptor only affects itself; a code claimed twice keeps the first.
 */
class Registry implements BusinessRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final DescriptorParser parser = new DescriptorParser();
    private final Map<String, Entry> byCode = new LinkedHashMap<>();
    private final Map<Long, List<InvalidBusiness>> invalidByBundle = new LinkedHashMap<>();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DeployCheck> checks = new CopyOnWriteArrayList<>();

    /**
     * A deploy-time check beyond the descriptor's own shape (its form, its rules' parameters):
     * a business with problems is refused when it arrives, never after a citizen has paid.
     */
    interface DeployCheck {
        /** Every problem found, phrased for {@code kiosk:businesses --invalid}; empty when fine. */
        List<String> problems(BusinessDescriptor descriptor, long bundleId);
    }

    void addCheck(DeployCheck check) {
        checks.add(check);
    }

    private List<String> deployProblems(BusinessDescriptor descriptor, long bundleId) {
        List<String> problems = new ArrayList<>();
        for (DeployCheck c : checks) {
            try {
                problems.addAll(c.problems(descriptor, bundleId));
            } catch (RuntimeException e) {
                problems.add("could not be checked: " + e);
            }
        }
        return problems;
    }

    private static final class Entry {
        final BusinessDescriptor descriptor;
        final BusinessSource source;

        Entry(BusinessDescriptor descriptor, BusinessSource source) {
            this.descriptor = descriptor;
            this.source = source;
        }
    }

    /** A bundle's descriptor resource, opened lazily. */
    interface Resource {
        String path();

        InputStream open() throws IOException;
    }

    static Resource resource(URL url) {
        return new Resource() {
            @Override
            public String path() {
                return url.getPath();
            }

            @Override
            public InputStream open() throws IOException {
                return url.openStream();
            }
        };
    }

    /** Reads a bundle's descriptors; returns the codes it added. */
    List<String> addBundle(long bundleId, String symbolicName, String version, List<Resource> resources) {
        List<BusinessDescriptor> added = new ArrayList<>();
        synchronized (this) {
            for (Resource r : resources) {
                BusinessSource src = new BusinessSource(bundleId, symbolicName, version, r.path());
                DescriptorParser.Parsed parsed;
                try (InputStream in = r.open()) {
                    parsed = parser.parse(in);
                } catch (IOException | RuntimeException e) {
                    parsed = new DescriptorParser.Parsed(null, null, List.of("could not be read: " + e));
                }
                if (parsed.descriptor != null) {
                    List<String> problems = deployProblems(parsed.descriptor, bundleId);
                    if (!problems.isEmpty()) {
                        parsed = new DescriptorParser.Parsed(null, parsed.code, problems);
                    }
                }
                if (parsed.descriptor != null) {
                    Entry other = byCode.get(parsed.code);
                    if (other != null) {
                        parsed = new DescriptorParser.Parsed(null, parsed.code,
                                List.of("code '" + parsed.code + "' is already provided by " + other.source.symbolicName()));
                    } else {
                        byCode.put(parsed.code, new Entry(parsed.descriptor, src));
                        added.add(parsed.descriptor);
                        LOG.info("Business '{}' ({}) added from {}", parsed.code, parsed.descriptor.name().zh(), src);
                        continue;
                    }
                }
                invalidByBundle.computeIfAbsent(bundleId, k -> new ArrayList<>())
                        .add(new InvalidBusiness(src, parsed.code, parsed.problems));
                LOG.warn("Business descriptor {} refused: {}", src, String.join("; ", parsed.problems));
            }
        }
        added.forEach(d -> listeners.forEach(l -> safe(() -> l.added(d))));
        List<String> codes = new ArrayList<>();
        added.forEach(d -> codes.add(d.code()));
        return codes;
    }

    /**
     * Reads again those descriptors of a bundle that were refused with a problem starting with
     * {@code marker} (e.g. {@link FormChecks#FORM_MISSING} once a form template arrives); the bundle's
     * other businesses are left alone. Returns the codes added.
     */
    List<String> retry(long bundleId, String symbolicName, String version, List<Resource> resources, String marker) {
        java.util.Set<String> paths = new java.util.HashSet<>();
        synchronized (this) {
            List<InvalidBusiness> inv = invalidByBundle.getOrDefault(bundleId, new ArrayList<>());
            for (InvalidBusiness i : inv) {
                if (i.problems().stream().anyMatch(pr -> pr.startsWith(marker))) {
                    paths.add(i.source().resource());
                }
            }
            if (paths.isEmpty()) {
                return List.of();
            }
            inv.removeIf(i -> paths.contains(i.source().resource()));
        }
        List<Resource> again = new ArrayList<>();
        resources.forEach(r -> {
            if (paths.contains(r.path())) {
                again.add(r);
            }
        });
        return addBundle(bundleId, symbolicName, version, again);
    }

    void removeBundle(long bundleId) {
        List<BusinessDescriptor> removed = new ArrayList<>();
        synchronized (this) {
            byCode.values().removeIf(e -> {
                if (e.source.bundleId() == bundleId) {
                    removed.add(e.descriptor);
                    return true;
                }
                return false;
            });
            invalidByBundle.remove(bundleId);
        }
        for (BusinessDescriptor d : removed) {
            LOG.info("Business '{}' removed (bundle {} stopped)", d.code(), bundleId);
            listeners.forEach(l -> safe(() -> l.removed(d)));
        }
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("Registry listener failed", e);
        }
    }

    @Override
    public synchronized List<BusinessDescriptor> businesses() {
        List<BusinessDescriptor> out = new ArrayList<>();
        byCode.values().forEach(e -> out.add(e.descriptor));
        out.sort(Comparator.comparing(BusinessDescriptor::category).thenComparing(BusinessDescriptor::code));
        return out;
    }

    @Override
    public synchronized Optional<BusinessDescriptor> business(String code) {
        return Optional.ofNullable(byCode.get(code)).map(e -> e.descriptor);
    }

    @Override
    public synchronized Optional<BusinessSource> source(String code) {
        return Optional.ofNullable(byCode.get(code)).map(e -> e.source);
    }

    @Override
    public synchronized List<InvalidBusiness> invalid() {
        List<InvalidBusiness> out = new ArrayList<>();
        invalidByBundle.values().forEach(out::addAll);
        return out;
    }

    @Override
    public void addListener(RegistryListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(RegistryListener listener) {
        listeners.remove(listener);
    }
}
