package org.opendmv.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.descriptor.DescriptorParser;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.BusinessVersion;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.engine.api.RegistryListener;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, free of the framework so it can be tested alone: descriptors arrive and
 * leave per bundle. A bad descriptor only affects itself. A code claimed by two bundles with
 * different symbolic names keeps the first; with the same symbolic name they are versions of one
 * business: the highest {@code Bundle-Version} is current, the others are retired (no new
 * visits; they finish their own).
 */
class Registry implements BusinessRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final DescriptorParser parser = new DescriptorParser();
    /** Per code its versions, the current one first (same symbolic name, highest version). */
    private final Map<String, List<Entry>> byCode = new LinkedHashMap<>();
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

    /** Told after any change of versions, including a retired one arriving (listeners hear nothing of that). */
    private final List<Runnable> versionWatchers = new CopyOnWriteArrayList<>();

    void watchVersions(Runnable watcher) {
        versionWatchers.add(watcher);
    }

    void unwatchVersions(Runnable watcher) {
        versionWatchers.remove(watcher);
    }

    void addCheck(DeployCheck check) {
        checks.add(check);
    }

    /**
     * Reads a descriptor exactly as {@link #addBundle} does, without adding it: the parser's
     * problems, else those of every deploy check ({@code kiosk:business-validate}).
     */
    DescriptorParser.Parsed check(InputStream in, long bundleId) {
        // the descriptor module's parser, the one addBundle uses
        DescriptorParser.Parsed parsed;
        try {
            parsed = parser.parse(in);
        } catch (RuntimeException e) {
            return new DescriptorParser.Parsed(null, null, List.of("could not be read: " + e));
        }
        if (parsed.descriptor != null) {
            List<String> problems = deployProblems(parsed.descriptor, bundleId);
            if (!problems.isEmpty()) {
                return new DescriptorParser.Parsed(null, parsed.code, problems);
            }
        }
        return parsed;
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
        final Version version;

        Entry(BusinessDescriptor descriptor, BusinessSource source) {
            this.descriptor = descriptor;
            this.source = source;
            this.version = parseVersion(source.version());
        }
    }

    private static Version parseVersion(String v) {
        try {
            return Version.parseVersion(v);
        } catch (IllegalArgumentException e) {
            return Version.emptyVersion;
        }
    }

    /** Highest version first; of equal versions the one that came first. */
    private static final Comparator<Entry> NEWEST_FIRST = (a, b) -> b.version.compareTo(a.version);

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
        List<Change> added = new ArrayList<>();
        List<String> codes = new ArrayList<>();
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
                    String conflict = conflict(parsed.code, src);
                    if (conflict != null) {
                        parsed = new DescriptorParser.Parsed(null, parsed.code, List.of(conflict));
                    } else {
                        Entry entry = new Entry(parsed.descriptor, src);
                        List<Entry> versions = byCode.computeIfAbsent(parsed.code, k -> new ArrayList<>());
                        Entry before = versions.isEmpty() ? null : versions.get(0);
                        versions.add(entry);
                        versions.sort(NEWEST_FIRST);
                        if (before == null) {
                            added.add(new Change(null, parsed.descriptor));
                            LOG.info("Business '{}' ({}) added from {}", parsed.code, parsed.descriptor.name().zh(), src);
                        } else if (versions.get(0) == entry) {
                            added.add(new Change(before.descriptor, parsed.descriptor));
                            LOG.info("Business '{}' ({}) {} from {} is current; {} is retired: it takes no new visits and finishes its own",
                                    parsed.code, parsed.descriptor.name().zh(), src.version(), src, before.source.version());
                        } else {
                            LOG.info("Business '{}' {} from {} is older than the current {}: retired on arrival", parsed.code,
                                    src.version(), src, versions.get(0).source.version());
                        }
                        codes.add(parsed.code);
                        continue;
                    }
                }
                invalidByBundle.computeIfAbsent(bundleId, k -> new ArrayList<>())
                        .add(new InvalidBusiness(src, parsed.code, parsed.problems));
                LOG.warn("Business descriptor {} refused: {}", src, String.join("; ", parsed.problems));
            }
        }
        added.forEach(this::tell);
        versionWatchers.forEach(w -> safe(w));
        return codes;
    }

    /** What listeners hear: an arrival (old null), a departure (current null) or a replacement. */
    private static final class Change {
        final BusinessDescriptor old;
        final BusinessDescriptor current;

        Change(BusinessDescriptor old, BusinessDescriptor current) {
            this.old = old;
            this.current = current;
        }
    }

    private void tell(Change c) {
        for (RegistryListener l : listeners) {
            if (c.old == null) {
                safe(() -> l.added(c.current));
            } else if (c.current == null) {
                safe(() -> l.removed(c.old));
            } else {
                safe(() -> l.replaced(c.old, c.current));
            }
        }
    }

    /** Why a descriptor cannot join the versions already installed for its code, or null. */
    private String conflict(String code, BusinessSource src) {
        for (Entry e : byCode.getOrDefault(code, List.of())) {
            if (!e.source.symbolicName().equals(src.symbolicName())) {
                return "code '" + code + "' is already provided by " + e.source.symbolicName();
            }
            if (e.source.bundleId() == src.bundleId()) {
                return "code '" + code + "' is already provided by " + e.source.resource() + " in the same bundle";
            }
            if (e.version.equals(parseVersion(src.version()))) {
                return "code '" + code + "' version " + e.source.version() + " is already provided by bundle " + e.source.bundleId()
                        + "; give the new bundle a higher Bundle-Version";
            }
        }
        return null;
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
        List<Change> changes = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, List<Entry>>> it = byCode.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, List<Entry>> code = it.next();
                List<Entry> versions = code.getValue();
                Entry current = versions.get(0);
                if (!versions.removeIf(e -> e.source.bundleId() == bundleId)) {
                    continue;
                }
                if (versions.isEmpty()) {
                    it.remove();
                    changes.add(new Change(current.descriptor, null));
                    LOG.info("Business '{}' removed (bundle {} stopped)", code.getKey(), bundleId);
                } else if (current.source.bundleId() == bundleId) {
                    Entry back = versions.get(0);
                    changes.add(new Change(current.descriptor, back.descriptor));
                    LOG.info("Business '{}' {} left (bundle {} stopped); {} from {} is current again", code.getKey(),
                            current.source.version(), bundleId, back.source.version(), back.source);
                } else {
                    LOG.info("Business '{}': retired version from bundle {} left", code.getKey(), bundleId);
                }
            }
            invalidByBundle.remove(bundleId);
        }
        changes.forEach(this::tell);
        versionWatchers.forEach(w -> safe(w));
    }

    /**
     * Runs the deploy checks again on every business in service (e.g. a rule and the parameters
     * it declares arrived after the business); one that now fails them is refused as if it had
     * just arrived: listed by {@code --invalid}, its visits ended.
     */
    void recheck() {
        List<Change> changes = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, List<Entry>>> it = byCode.entrySet().iterator(); it.hasNext();) {
                List<Entry> versions = it.next().getValue();
                Entry current = versions.get(0);
                versions.removeIf(e -> {
                    List<String> problems = deployProblems(e.descriptor, e.source.bundleId());
                    if (problems.isEmpty()) {
                        return false;
                    }
                    invalidByBundle.computeIfAbsent(e.source.bundleId(), k -> new ArrayList<>())
                            .add(new InvalidBusiness(e.source, e.descriptor.code(), problems));
                    LOG.warn("Business descriptor {} refused: {}", e.source, String.join("; ", problems));
                    return true;
                });
                if (versions.isEmpty()) {
                    it.remove();
                    changes.add(new Change(current.descriptor, null));
                } else if (versions.get(0) != current) {
                    changes.add(new Change(current.descriptor, versions.get(0).descriptor));
                }
            }
        }
        changes.forEach(this::tell);
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
        byCode.values().forEach(v -> out.add(v.get(0).descriptor));
        out.sort(Comparator.comparing(BusinessDescriptor::category).thenComparing(BusinessDescriptor::code));
        return out;
    }

    @Override
    public synchronized Optional<BusinessDescriptor> business(String code) {
        return Optional.ofNullable(byCode.get(code)).map(v -> v.get(0).descriptor);
    }

    @Override
    public synchronized Optional<BusinessSource> source(String code) {
        return Optional.ofNullable(byCode.get(code)).map(v -> v.get(0).source);
    }

    @Override
    public synchronized List<BusinessVersion> versions(String code) {
        List<BusinessVersion> out = new ArrayList<>();
        for (Entry e : byCode.getOrDefault(code, List.of())) {
            out.add(new BusinessVersion(e.descriptor, e.source, out.isEmpty() ? BusinessVersion.Status.CURRENT : BusinessVersion.Status.RETIRED));
        }
        return out;
    }

    /** Every retired version of every business. */
    synchronized List<BusinessVersion> retired() {
        List<BusinessVersion> out = new ArrayList<>();
        for (List<Entry> v : byCode.values()) {
            for (int i = 1; i < v.size(); i++) {
                out.add(new BusinessVersion(v.get(i).descriptor, v.get(i).source, BusinessVersion.Status.RETIRED));
            }
        }
        return out;
    }

    /** Whether a bundle provides the current version of some business. */
    synchronized boolean providesCurrent(long bundleId) {
        return byCode.values().stream().anyMatch(v -> v.get(0).source.bundleId() == bundleId);
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
