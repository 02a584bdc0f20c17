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
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.RegistryListener;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionManager;
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
    private final Map<String, StepType> stepTypes = new ConcurrentHashMap<>();
    private final Map<String, EligibilityRule> rules = new ConcurrentHashMap<>();
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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStepType(StepType type) {
        stepTypes.put(type.id(), type);
    }

    void removeStepType(StepType type) {
        stepTypes.remove(type.id(), type);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(EligibilityRule rule) {
        rules.put(rule.id(), rule);
    }

    void removeRule(EligibilityRule rule) {
        rules.remove(rule.id(), rule);
    }

    @Override
    public Session start(String businessCode, Locale locale) {
        BusinessDescriptor business = registry.business(businessCode)
                .orElseThrow(() -> new IllegalArgumentException("no business with code '" + businessCode + "'"));
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
        SessionImpl session = new SessionImpl(UUID.randomUUID().toString().substring(0, 8), business, locale, this, s,
                timer, Clock.systemDefaultZone());
        sessions.put(session.id(), session);
        LOG.info("Session {} started for '{}'", session.id(), businessCode);
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
    public void removed(BusinessDescriptor business) {
        for (SessionImpl s : new ArrayList<>(sessions.values())) {
            if (s.business().code().equals(business.code())) {
                s.end(EndReason.BUSINESS_REMOVED);
            }
        }
    }

    // --- SessionImpl.Environment ---

    @Override
    public Optional<StepType> stepType(String id) {
        return Optional.ofNullable(stepTypes.get(id));
    }

    @Override
    public Map<String, EligibilityRule> rules(BusinessDescriptor business) {
        Map<String, EligibilityRule> out = new LinkedHashMap<>();
        business.rules().forEach(r -> {
            EligibilityRule rule = rules.get(r);
            if (rule != null) {
                out.put(r, rule);
            }
        });
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
