package org.opendmv.engine.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessVersion;
import org.opendmv.engine.api.RegistryListener;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionManager;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes away a retired business bundle once no visit uses it any more: a jar in
 * {@code deploy/} is moved to {@code data/businesses/retired/} (fileinstall then uninstalls
 * it); a bundle installed otherwise (a feature, {@code bundle:install}) is stopped, and the
 * operator uninstalls it ({@code feature:uninstall}). A bundle that still provides the current
 * version of some business stays.
 */
@Component(service = {}, immediate = true)
public final class RetiredBundles implements RegistryListener, SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(RetiredBundles.class);

    /** What is done with a retired bundle; separate so the decision can be tested alone. */
    interface Retirer {
        void retire(BusinessVersion version);
    }

    private final BusinessRegistry registry;
    private final SessionManager sessions;
    private final Retirer retirer;
    private final ExecutorService worker;
    private final Set<Long> done = new HashSet<>();
    private final Runnable watcher = this::sweepLater;

    @Activate
    public RetiredBundles(@Reference BusinessRegistry registry, @Reference SessionManager sessions, BundleContext ctx) {
        this(registry, sessions, new Mover(ctx, Path.of(System.getProperty("karaf.base", ".")).resolve("deploy"),
                Path.of(System.getProperty("karaf.data", "data")).resolve("businesses").resolve("retired")));
    }

    RetiredBundles(BusinessRegistry registry, SessionManager sessions, Retirer retirer) {
        this.registry = registry;
        this.sessions = sessions;
        this.retirer = retirer;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "opendmv-retired-bundles");
            t.setDaemon(true);
            return t;
        });
        registry.addListener(this);
        if (registry instanceof Registry) {
            // a lower version arriving is retired at once, and registry listeners hear nothing of it
            ((Registry) registry).watchVersions(watcher);
        }
        sessions.addListener(this);
        sweepLater();
    }

    @Deactivate
    void deactivate() {
        registry.removeListener(this);
        if (registry instanceof Registry) {
            ((Registry) registry).unwatchVersions(watcher);
        }
        sessions.removeListener(this);
        worker.shutdown();
    }

    /** Retired bundles that provide no current business and have no visit in progress. */
    static Set<BusinessVersion> idle(BusinessRegistry registry, List<Session> active) {
        Set<Long> current = new HashSet<>();
        List<BusinessVersion> retired = new java.util.ArrayList<>();
        for (BusinessDescriptor d : registry.businesses()) {
            for (BusinessVersion v : registry.versions(d.code())) {
                if (v.isCurrent()) {
                    current.add(v.source().bundleId());
                } else {
                    retired.add(v);
                }
            }
        }
        Set<Long> busy = new HashSet<>();
        for (Session s : active) {
            s.businessSource().ifPresent(src -> busy.add(src.bundleId()));
        }
        Set<Long> seen = new HashSet<>();
        Set<BusinessVersion> out = new LinkedHashSet<>();
        for (BusinessVersion v : retired) {
            long id = v.source().bundleId();
            if (!current.contains(id) && !busy.contains(id) && seen.add(id)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Looks for bundles to take away; runs on its own thread, never the framework's or a visit's. */
    void sweep() {
        for (BusinessVersion v : idle(registry, sessions.sessions())) {
            synchronized (done) {
                if (!done.add(v.source().bundleId())) {
                    continue;
                }
            }
            try {
                retirer.retire(v);
            } catch (RuntimeException e) {
                LOG.error("Could not take away the retired business bundle {}", v.source(), e);
            }
        }
    }

    private void sweepLater() {
        try {
            worker.execute(this::sweep);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    @Override
    public void added(BusinessDescriptor business) {
        sweepLater();
    }

    @Override
    public void removed(BusinessDescriptor business) {
        // nothing retired is left behind by a departure
    }

    @Override
    public void replaced(BusinessDescriptor old, BusinessDescriptor current) {
        sweepLater();
    }

    @Override
    public void onEvent(Session session, SessionEvent event) {
        if (event.type() == SessionEvent.Type.ENDED && session.businessSource().isPresent()) {
            sweepLater();
        }
    }

    /** Moves deploy/ jars away, stops the rest. */
    static final class Mover implements Retirer {
        private final BundleContext ctx;
        private final Path deploy;
        private final Path retired;

        Mover(BundleContext ctx, Path deploy, Path retired) {
            this.ctx = ctx;
            this.deploy = deploy;
            this.retired = retired;
        }

        @Override
        public void retire(BusinessVersion v) {
            Bundle b = ctx.getBundle(v.source().bundleId());
            if (b == null) {
                return;
            }
            Path jar = deployedJar(b.getLocation(), deploy);
            if (jar != null) {
                try {
                    Path to = moveAway(jar, retired);
                    LOG.info("Retired business bundle {} {} has no visits left: moved {} to {} (it is uninstalled now)",
                            b.getSymbolicName(), b.getVersion(), jar, to);
                    return;
                } catch (IOException e) {
                    LOG.warn("Retired business bundle {} {}: could not move {} to {} ({}); stopping it instead", b.getSymbolicName(),
                            b.getVersion(), jar, retired, e.toString());
                }
            }
            try {
                b.stop();
                LOG.info("Retired business bundle {} {} has no visits left: stopped; uninstall it (feature:uninstall <feature>/<old version> "
                        + "or bundle:uninstall {})", b.getSymbolicName(), b.getVersion(), b.getBundleId());
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Retired business bundle {} {} could not be stopped: {}", b.getSymbolicName(), b.getVersion(), e.toString());
            }
        }
    }

    /** The jar behind a bundle location when it is a file directly in {@code deploy}, else null. */
    static Path deployedJar(String location, Path deploy) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            Path p = Path.of(URI.create(location)).toAbsolutePath().normalize();
            Path dir = deploy.toAbsolutePath().normalize();
            if (p.getParent() != null && Files.isRegularFile(p) && sameDir(p.getParent(), dir)) {
                return p;
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a plain file URI
        }
        return null;
    }

    private static boolean sameDir(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.equals(b);
        }
    }

    /** Moves a jar into {@code retired}, keeping its name unless a file of that name is already there. */
    static Path moveAway(Path jar, Path retired) throws IOException {
        Files.createDirectories(retired);
        String name = jar.getFileName().toString();
        Path to = retired.resolve(name);
        for (int i = 2; Files.exists(to); i++) {
            int dot = name.lastIndexOf('.');
            to = retired.resolve(dot > 0 ? name.substring(0, dot) + "-" + i + name.substring(dot) : name + "-" + i);
        }
        return Files.move(jar, to, StandardCopyOption.ATOMIC_MOVE);
    }
}
