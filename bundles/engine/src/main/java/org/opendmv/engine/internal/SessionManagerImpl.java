package org.opendmv.engine.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessVersion;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.RegistryListener;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionManager;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs visits; step types and rules come and go as services. */
@Component(configurationPid = "org.opendmv.engine", service = SessionManager.class)
@Designate(ocd = EngineConfig.class)
public final class SessionManagerImpl implements SessionManager, RegistryListener, SessionImpl.Environment {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManagerImpl.class);

    private final BusinessRegistry registry;
    private final Map<String, List<Provider<StepType>>> stepTypes = new ConcurrentHashMap<>();
    private final Map<String, List<Provider<EligibilityRule>>> rules = new ConcurrentHashMap<>();
    private final Map<String, SessionImpl> sessions = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timer;
    private final java.util.concurrent.ExecutorService worker;
    private volatile Settings settings;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Aftermaths aftermaths;
    /** Rule parameters from Config Admin; a visit keeps the values in effect when it started. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile org.opendmv.engine.api.BusinessSettings businessSettings;

    @Activate
    public SessionManagerImpl(@Reference BusinessRegistry registry, EngineConfig config) {
        this.registry = registry;
        this.settings = Settings.from(config);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "opendmv-engine-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.worker = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "opendmv-engine-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        registry.addListener(this);
    }

    @Override
    public Optional<org.opendmv.engine.api.Aftermath> aftermath(String sessionId) {
        Aftermaths a = aftermaths;
        return a == null ? Optional.empty() : a.get(sessionId);
    }

    @Modified
    void modified(EngineConfig config) {
        // applies to visits started from now on
        this.settings = Settings.from(config);
        LOG.info("Engine limits changed: visit {} s, idle {} s", settings.visitLimit.toSeconds(), settings.defaultIdle.toSeconds());
    }

    @Deactivate
    void deactivate() {
        registry.removeListener(this);
        new ArrayList<>(sessions.values()).forEach(s -> s.end(EndReason.SHUTDOWN));
        timer.shutdownNow();
        worker.shutdownNow();
    }

    /** One registered service for an id: several bundles (two versions of a business) may provide the same id. */
    static final class Provider<T> {
        final T service;
        final long bundleId;
        final int ranking;
        final long serviceId;

        Provider(T service, Map<String, Object> props, long fallbackId) {
            this.service = service;
            Object b = props.get(Constants.SERVICE_BUNDLEID);
            Object r = props.get(Constants.SERVICE_RANKING);
            Object i = props.get(Constants.SERVICE_ID);
            this.bundleId = b instanceof Number ? ((Number) b).longValue() : -1;
            this.ranking = r instanceof Integer ? (Integer) r : 0;
            this.serviceId = i instanceof Number ? ((Number) i).longValue() : fallbackId;
        }
    }

    private final java.util.concurrent.atomic.AtomicLong unregisteredIds = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE / 2);

    private static <T> void add(Map<String, List<Provider<T>>> map, String id, Provider<T> p) {
        map.compute(id, (k, v) -> {
            List<Provider<T>> l = v == null ? new ArrayList<>() : new ArrayList<>(v);
            l.add(p);
            return List.copyOf(l);
        });
    }

    private static <T> void remove(Map<String, List<Provider<T>>> map, String id, T service) {
        map.computeIfPresent(id, (k, v) -> {
            List<Provider<T>> l = new ArrayList<>(v);
            l.removeIf(p -> p.service == service);
            return l.isEmpty() ? null : List.copyOf(l);
        });
    }

    /**
     * The provider a visit pins: the business's own bundle if it provides the id, else the
     * highest ranking, then the most recently registered.
     */
    private static <T> Optional<T> best(Map<String, List<Provider<T>>> map, String id, long ownerBundle) {
        List<Provider<T>> l = map.getOrDefault(id, List.of());
        Provider<T> best = null;
        for (Provider<T> p : l) {
            if (best == null || better(p, best, ownerBundle)) {
                best = p;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.service);
    }

    private static boolean better(Provider<?> a, Provider<?> b, long owner) {
        boolean aOwn = owner >= 0 && a.bundleId == owner;
        boolean bOwn = owner >= 0 && b.bundleId == owner;
        if (aOwn != bOwn) {
            return aOwn;
        }
        if (a.ranking != b.ranking) {
            return a.ranking > b.ranking;
        }
        return a.serviceId > b.serviceId;
    }

    @Reference(name = "stepType", service = StepType.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "unbindStepType")
    void bindStepType(StepType type, Map<String, Object> props) {
        add(stepTypes, type.id(), new Provider<>(type, props, unregisteredIds.incrementAndGet()));
    }

    void unbindStepType(StepType type, Map<String, Object> props) {
        remove(stepTypes, type.id(), type);
        lost(type);
    }

    /** For tests: a step type registered without service properties. */
    void addStepType(StepType type) {
        bindStepType(type, Map.of());
    }

    void removeStepType(StepType type) {
        unbindStepType(type, Map.of());
    }

    @Reference(name = "rule", service = EligibilityRule.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "unbindRule")
    void bindRule(EligibilityRule rule, Map<String, Object> props) {
        add(rules, rule.id(), new Provider<>(rule, props, unregisteredIds.incrementAndGet()));
    }

    void unbindRule(EligibilityRule rule, Map<String, Object> props) {
        remove(rules, rule.id(), rule);
        lost(rule);
    }

    /** For tests: a rule registered without service properties. */
    void addRule(EligibilityRule rule) {
        bindRule(rule, Map.of());
    }

    void removeRule(EligibilityRule rule) {
        unbindRule(rule, Map.of());
    }

    /** A service left: visits that still need it end once it is clear whether their business is still installed. */
    private void lost(Object service) {
        java.time.Duration grace = settings.upgradeGrace;
        for (SessionImpl s : new ArrayList<>(sessions.values())) {
            if (s.lost(service)) {
                if (grace.isZero()) {
                    settle(s, true);
                } else {
                    // when a bundle stops, its services leave before the registry hears of it: look a moment later
                    schedule(() -> settle(s, false), Math.min(500, grace.toMillis()));
                }
            }
        }
    }

    /**
     * Ends a visit that lost a service it needs: {@link EndReason#BUSINESS_UPGRADED} when a
     * version of its business is installed, else, once the grace is over,
     * {@link EndReason#BUSINESS_REMOVED}.
     */
    private void settle(SessionImpl s, boolean last) {
        if (s.state() != org.opendmv.engine.api.SessionState.ACTIVE) {
            return;
        }
        boolean installed = registry.business(s.business().code()).isPresent();
        if (installed) {
            s.end(EndReason.BUSINESS_UPGRADED);
        } else if (last) {
            s.end(EndReason.BUSINESS_REMOVED);
        } else {
            schedule(() -> settle(s, true), settings.upgradeGrace.toMillis());
        }
    }

    private void schedule(Runnable r, long ms) {
        try {
            timer.schedule(r, ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the visits end with SHUTDOWN
        }
    }

    @Override
    public Session start(String businessCode, Locale locale) {
        BusinessVersion current = registry.versions(businessCode).stream().filter(BusinessVersion::isCurrent).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no business with code '" + businessCode + "'"));
        BusinessDescriptor business = current.descriptor();
        List<String> missing = readiness(businessCode);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("business '" + businessCode + "' cannot run now: " + String.join(", ", missing));
        }
        Settings s = settings;
        if (sessions.size() >= s.maxSessions) {
            throw new IllegalStateException("the kiosk is already serving " + sessions.size() + " visit(s)");
        }
        org.opendmv.engine.api.BusinessSettings bs = businessSettings;
        if (bs != null) {
            business = bs.forNextVisit(business); // a snapshot: later changes apply to later visits
        }
        SessionImpl session = new SessionImpl(UUID.randomUUID().toString().substring(0, 8), business, current.source(), locale,
                this, s, timer, Clock.systemDefaultZone());
        session.pin();
        sessions.put(session.id(), session);
        LOG.info("Session {} started for '{}' {}", session.id(), businessCode, current.source().version());
        session.begin();
        return session;
    }

    @Override
    public List<Session> sessions() {
        return new ArrayList<>(sessions.values());
    }

    @Override
    public Optional<Session> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public List<String> readiness(String businessCode) {
        Optional<BusinessDescriptor> b = registry.business(businessCode);
        if (b.isEmpty()) {
            return List.of("business '" + businessCode + "' is not installed");
        }
        List<String> missing = new ArrayList<>();
        b.get().steps().forEach(st -> {
            boolean skipped = StepTypes.PAY.equals(st.type()) && b.get().feeFen() == 0;
            if (!skipped && !stepTypes.containsKey(st.type())) {
                missing.add("step type " + st.type());
            }
        });
        b.get().rules().forEach(r -> {
            if (!rules.containsKey(r)) {
                missing.add("rule " + r);
            }
        });
        return missing;
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    // --- RegistryListener ---

    @Override
    public void added(BusinessDescriptor business) {
        // nothing to do: new visits can start
    }

    @Override
    public void replaced(BusinessDescriptor old, BusinessDescriptor current) {
        // visits in progress keep the version they started on; new visits take the current one
    }

    /**
     * The last version of a business left. It may be an in-place update (the bundle stops and
     * starts again): its visits wait for the grace, then end if it did not come back.
     */
    @Override
    public void removed(BusinessDescriptor business) {
        java.time.Duration grace = settings.upgradeGrace;
        if (grace.isZero()) {
            graceOver(business.code());
            return;
        }
        long n = sessions.values().stream().filter(s -> s.business().code().equals(business.code())).count();
        if (n > 0) {
            LOG.info("Business '{}' left: its {} visit(s) in progress end in {} s unless a version of it comes back", business.code(), n,
                    grace.toSeconds());
        }
        schedule(() -> graceOver(business.code()), grace.toMillis());
    }

    private void graceOver(String code) {
        boolean back = registry.business(code).isPresent();
        for (SessionImpl s : new ArrayList<>(sessions.values())) {
            if (!s.business().code().equals(code)) {
                continue;
            }
            if (!back) {
                s.end(EndReason.BUSINESS_REMOVED);
            } else if (s.orphaned()) {
                s.end(EndReason.BUSINESS_UPGRADED);
            }
        }
    }

    // --- SessionImpl.Environment ---

    @Override
    public Optional<StepType> stepType(String id, long ownerBundle) {
        return best(stepTypes, id, ownerBundle);
    }

    @Override
    public Map<String, EligibilityRule> rules(BusinessDescriptor business, long ownerBundle) {
        Map<String, EligibilityRule> out = new LinkedHashMap<>();
        business.rules().forEach(r -> best(rules, r, ownerBundle).ifPresent(rule -> out.put(r, rule)));
        return out;
    }

    @Override
    public List<SessionListener> globalListeners() {
        return listeners;
    }

    @Override
    public java.util.concurrent.Executor worker() {
        return worker;
    }

    @Override
    public void ended(SessionImpl session) {
        sessions.remove(session.id(), session);
    }
}
