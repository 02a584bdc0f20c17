package org.opendmv.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.SignatureResult;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step machine of one visit. State changes happen under the session's lock; listeners are
 * called after the lock is released so a listener may call back into the session.
 */
final class SessionImpl implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(SessionImpl.class);
    static final String SERIAL_KEY = Facts.SERIAL;

    /** What the session needs from the engine around it. */
    interface Environment {
        /** The step type a visit of the business from {@code ownerBundle} (-1: unknown) pins for this id. */
        Optional<StepType> stepType(String id, long ownerBundle);

        /** The rules a visit of the business from {@code ownerBundle} pins, by id; missing ones left out. */
        Map<String, EligibilityRule> rules(BusinessDescriptor business, long ownerBundle);

        List<SessionListener> globalListeners();

        void ended(SessionImpl session);

        /** Runs input posted by steps (device results) off the caller's thread. */
        Executor worker();
    }

    private final String id;
    private final BusinessDescriptor business;
    private final BusinessSource source;
    /** The step type and rule services this visit started with: a newer version does not change them. */
    private final Map<String, StepType> pinnedSteps = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Map<String, EligibilityRule> pinnedRules = Map.of();
    /** Set when a service the visit still needs left: no more input until the engine ends the visit. */
    private volatile boolean orphaned;
    private final Locale locale;
    private final Environment env;
    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Instant startedAt;
    private final Instant visitDeadline;

    private final Map<String, Object> data = new LinkedHashMap<>();
    /** Events waiting for listeners; guarded by this. */
    private final Deque<SessionEvent> outbox = new ArrayDeque<>();
    private boolean delivering;
    private int pacePercent = 100;
    private final Deque<Integer> path = new ArrayDeque<>();
    private SessionState state = SessionState.ACTIVE;
    private EndReason endReason;
    private int index = -1;
    /** Incremented whenever a step is entered, so input posted for an earlier entry is dropped. */
    private long generation;
    private int backBarrier;
    private String serial;
    private Instant idleDeadline;
    private ScheduledFuture<?> idleWarn;
    private ScheduledFuture<?> idleEnd;
    private ScheduledFuture<?> visitEnd;

    SessionImpl(String id, BusinessDescriptor business, BusinessSource source, Locale locale, Environment env, Settings settings,
            ScheduledExecutorService timer, Clock clock) {
        this.id = id;
        this.business = business;
        this.source = source;
        this.locale = locale == null ? Locale.SIMPLIFIED_CHINESE : locale;
        this.env = env;
        this.settings = settings;
        this.timer = timer;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.visitDeadline = startedAt.plus(settings.visitLimit);
    }

    private long ownerBundle() {
        return source == null ? -1 : source.bundleId();
    }

    /** Pins the rules and the step types of every step, as they are now. */
    void pin() {
        pinnedRules = Collections.unmodifiableMap(new LinkedHashMap<>(env.rules(business, ownerBundle())));
        for (StepSpec st : business.steps()) {
            env.stepType(st.type(), ownerBundle()).ifPresent(t -> pinnedSteps.putIfAbsent(st.type(), t));
        }
    }

    /** The pinned step type; one not pinned yet (a PAY skipped at start) is pinned on first use. */
    private Optional<StepType> stepType(String type) {
        StepType t = pinnedSteps.get(type);
        if (t == null && !orphaned) {
            t = env.stepType(type, ownerBundle()).orElse(null);
            if (t != null) {
                StepType before = pinnedSteps.putIfAbsent(type, t);
                t = before != null ? before : t;
            }
        }
        return Optional.ofNullable(t);
    }

    /** Built-in step types that never run rules; any other step may (FORM re-runs them, CHECK runs them). */
    private static final java.util.Set<String> RULE_FREE = java.util.Set.of(StepTypes.IDENTIFY, StepTypes.MATERIALS, StepTypes.PHOTO,
            StepTypes.SIGN, StepTypes.PAY, StepTypes.RECEIPT);

    /**
     * A service left. Returns true when this visit used it and still needs it (the current step
     * or one ahead uses it): the visit then takes no more input and the engine ends it. When only
     * a step behind used it, going back there is no longer offered; otherwise it is forgotten.
     */
    synchronized boolean lost(Object service) {
        if (state != SessionState.ACTIVE) {
            return false;
        }
        boolean ahead = false;
        boolean behind = false;
        for (Map.Entry<String, StepType> e : new ArrayList<>(pinnedSteps.entrySet())) {
            if (e.getValue() == service) {
                for (int i = 0; i < business.steps().size(); i++) {
                    if (business.steps().get(i).type().equals(e.getKey())) {
                        ahead |= i >= index;
                        behind |= i < index;
                    }
                }
            }
        }
        pinnedSteps.values().removeIf(t -> t == service);
        if (pinnedRules.containsValue(service)) {
            for (int i = 0; i < business.steps().size(); i++) {
                if (!RULE_FREE.contains(business.steps().get(i).type())) {
                    ahead |= i >= index;
                    behind |= i < index;
                }
            }
        }
        if (ahead) {
            orphaned = true;
            LOG.info("Session {} ({}) lost a service it needs: {}", id, business.code(), service.getClass().getName());
        } else if (behind) {
            backBarrier = Math.max(backBarrier, index);
        }
        return ahead;
    }

    boolean orphaned() {
        return orphaned;
    }

    /** Enters the first step and arms the visit limit. */
    void begin() {
        List<SessionEvent> events = new ArrayList<>();
        synchronized (this) {
            visitEnd = timer.schedule(() -> end(EndReason.VISIT_TIMEOUT), settings.visitLimit.toMillis(), TimeUnit.MILLISECONDS);
            events.add(event(SessionEvent.Type.STARTED, null, null));
            advanceFrom(0, events);
            queue(events);
        }
        deliver();
    }

    // --- step machine (callers hold the lock) ---

    private void advanceFrom(int next, List<SessionEvent> events) {
        int i = next;
        // a fee of 0 skips PAY
        while (i < business.steps().size() && StepTypes.PAY.equals(business.steps().get(i).type()) && Fees.of(business, data) == 0) {
            i++;
        }
        if (i >= business.steps().size()) {
            index = business.steps().size();
            finish(EndReason.COMPLETED, events);
            return;
        }
        index = i;
        generation++;
        StepSpec step = business.steps().get(index);
        armIdle();
        events.add(event(SessionEvent.Type.STEP_ENTERED, null, null));
        stepType(step.type()).ifPresent(t -> guarded("enter", () -> t.enter(context(step))));
    }

    private void armIdle() {
        cancelIdle();
        Duration idle = effectiveIdle(business.steps().get(index));
        idleDeadline = clock.instant().plus(idle);
        long idleMs = idle.toMillis();
        long warnMs = idleMs - settings.idleWarning.toMillis();
        if (warnMs > 0 && settings.idleWarning.toMillis() > 0) {
            int armedAt = index;
            idleWarn = timer.schedule(() -> idleWarning(armedAt), warnMs, TimeUnit.MILLISECONDS);
        }
        idleEnd = timer.schedule(() -> end(EndReason.IDLE_TIMEOUT), idleMs, TimeUnit.MILLISECONDS);
    }

    /** The step's idle timeout after the kiosk's scaling and this visit's pace. */
    private synchronized Duration effectiveIdle(StepSpec step) {
        Duration idle = step.idleTimeout()
                .or(() -> stepType(step.type()).map(StepType::defaultIdleTimeout))
                .orElse(settings.defaultIdle);
        if (idle == null || idle.isZero() || idle.isNegative()) {
            idle = settings.defaultIdle;
        }
        idle = settings.scaled(idle);
        if (pacePercent != 100) {
            idle = Duration.ofMillis(Math.max(1000, idle.toMillis() * pacePercent / 100));
        }
        return idle;
    }

    private void cancelIdle() {
        if (idleWarn != null) {
            idleWarn.cancel(false);
            idleWarn = null;
        }
        if (idleEnd != null) {
            idleEnd.cancel(false);
            idleEnd = null;
        }
    }

    private void idleWarning(int armedAt) {
        SessionEvent e;
        synchronized (this) {
            if (state != SessionState.ACTIVE || index != armedAt) {
                return;
            }
            e = event(SessionEvent.Type.IDLE_WARNING, null, null);
            queue(List.of(e));
        }
        deliver();
    }

    private void finish(EndReason reason, List<SessionEvent> events) {
        if (state != SessionState.ACTIVE) {
            return;
        }
        if (index >= 0 && index < business.steps().size()) {
            StepSpec step = business.steps().get(index);
            stepType(step.type()).ifPresent(t -> guarded("exit", () -> t.exit(context(step))));
        }
        state = reason == EndReason.COMPLETED ? SessionState.COMPLETED : SessionState.ENDED;
        endReason = reason;
        cancelIdle();
        if (visitEnd != null) {
            visitEnd.cancel(false);
        }
        wipe();
        events.add(event(SessionEvent.Type.ENDED, null, null));
    }

    /** Personal data leaves memory with the visit; a submitted application lives on in the store. */
    private void wipe() {
        data.values().forEach(SessionImpl::wipeValue);
        data.clear();
    }

    static void wipeValue(Object v) {
        if (v instanceof byte[]) {
            Arrays.fill((byte[]) v, (byte) 0);
        } else if (v instanceof char[]) {
            Arrays.fill((char[]) v, '\0');
        } else if (v instanceof Wipeable) {
            ((Wipeable) v).wipe();
        } else if (v instanceof IdCardData) {
            ((IdCardData) v).wipe();
        } else if (v instanceof ScanResult) {
            ((ScanResult) v).wipe();
        } else if (v instanceof SignatureResult) {
            ((SignatureResult) v).wipe();
        } else if (v instanceof Iterable) {
            ((Iterable<?>) v).forEach(SessionImpl::wipeValue);
        } else if (v instanceof Map) {
            ((Map<?, ?>) v).values().forEach(SessionImpl::wipeValue);
        }
    }

    private void merge(Map<String, Object> more) {
        more.forEach((k, v) -> {
            if (v == StepResult.REMOVE) {
                Object old = data.remove(k);
                if (old != null) {
                    wipeValue(old);
                }
            } else if (v != null) {
                Object old = data.put(k, v);
                if (old != null && old != v && !(old instanceof String) && !(old instanceof Number)) {
                    wipeValue(old);
                }
            }
        });
        Object s = more.get(SERIAL_KEY);
        if (s instanceof String) {
            serial = (String) s;
        }
    }

    void end(EndReason reason) {
        List<SessionEvent> events = new ArrayList<>();
        synchronized (this) {
            finish(reason, events);
            queue(events);
        }
        deliver();
    }

    // --- public API ---

    @Override
    public StepResult submit(Map<String, Object> input) {
        return submitFor(-1, input);
    }

    private StepResult submitFor(long gen, Map<String, Object> input) {
        List<SessionEvent> events = new ArrayList<>();
        StepResult result;
        synchronized (this) {
            requireActive();
            if (gen >= 0 && gen != generation) {
                throw new IllegalStateException("the step has changed");
            }
            StepSpec step = business.steps().get(index);
            Optional<StepType> type = stepType(step.type());
            if (orphaned) {
                result = StepResult.invalid(Map.of("", LocalizedText.of("该业务正在更新，请稍候", "This service is being updated; please wait")));
            } else if (type.isEmpty()) {
                result = StepResult.invalid(Map.of("", LocalizedText.of("该步骤暂不可用，请联系工作人员",
                        "This step is not available; please ask staff")));
            } else {
                result = callStep(type.get(), step, input == null ? Map.of() : input);
            }
            switch (result.kind()) {
                case COMPLETED:
                    merge(result.data());
                    events.add(event(SessionEvent.Type.STEP_COMPLETED, step.type(), result));
                    if (!type.get().allowsBackAfter()) {
                        backBarrier = index + 1;
                    }
                    guarded("exit", () -> type.get().exit(context(step)));
                    path.push(index);
                    advanceFrom(index + 1, events);
                    break;
                case PROGRESS:
                    merge(result.data());
                    armIdle();
                    events.add(event(SessionEvent.Type.STEP_PROGRESS, step.type(), result));
                    break;
                case INVALID:
                    armIdle();
                    events.add(event(SessionEvent.Type.STEP_INVALID, step.type(), result));
                    break;
                case REFUSED:
                default:
                    events.add(event(SessionEvent.Type.REFUSED, step.type(), result));
                    finish(EndReason.REFUSED, events);
                    break;
            }
            queue(events);
        }
        deliver();
        return result;
    }

    /** Input a step posted for the entry {@code gen}; dropped if the session moved on or ended. */
    private void posted(long gen, Map<String, Object> input) {
        synchronized (this) {
            if (state != SessionState.ACTIVE || gen != generation) {
                input.values().forEach(SessionImpl::wipeValue);
                return;
            }
        }
        try {
            submitFor(gen, input);
        } catch (IllegalStateException e) {
            // ended or moved on between the check and the submit
            input.values().forEach(SessionImpl::wipeValue);
        }
    }

    private StepResult callStep(StepType type, StepSpec step, Map<String, Object> input) {
        try {
            StepResult r = type.submit(context(step), input);
            if (r == null) {
                throw new IllegalStateException("step type " + type.id() + " returned null");
            }
            return r;
        } catch (RuntimeException e) {
            LOG.error("Step {} of session {} failed", step.type(), id, e);
            return StepResult.invalid(Map.of("", LocalizedText.of("系统繁忙，请重试；如仍不成功请联系工作人员",
                    "Something went wrong; please try again or ask staff")));
        }
    }

    @Override
    public synchronized boolean canGoBack() {
        return state == SessionState.ACTIVE && !path.isEmpty() && path.peek() >= backBarrier;
    }

    @Override
    public void back() {
        List<SessionEvent> events = new ArrayList<>();
        synchronized (this) {
            requireActive();
            if (!canGoBack()) {
                throw new IllegalStateException("going back is not possible from this step");
            }
            StepSpec leaving = business.steps().get(index);
            stepType(leaving.type()).ifPresent(t -> guarded("exit", () -> t.exit(context(leaving))));
            index = path.pop();
            generation++;
            StepSpec step = business.steps().get(index);
            armIdle();
            events.add(event(SessionEvent.Type.STEP_BACK, step.type(), null));
            stepType(step.type()).ifPresent(t -> guarded("enter", () -> t.enter(context(step))));
            queue(events);
        }
        deliver();
    }

    @Override
    public synchronized void pace(int percent) {
        if (percent < 50 || percent > 400) {
            throw new IllegalArgumentException("pace must be 50-400 %, was " + percent);
        }
        pacePercent = percent;
        if (state == SessionState.ACTIVE && index >= 0 && index < business.steps().size()) {
            armIdle();
        }
    }

    @Override
    public synchronized void touch() {
        if (state == SessionState.ACTIVE) {
            armIdle();
        }
    }

    @Override
    public void cancel() {
        end(EndReason.CANCELLED);
    }

    private void requireActive() {
        if (state != SessionState.ACTIVE) {
            throw new IllegalStateException("the visit has ended (" + endReason + ")");
        }
    }

    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("Step {} hook of session {} failed", what, id, e);
        }
    }

    private StepContext context(StepSpec step) {
        Map<String, Object> view = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        long gen = generation;
        Map<String, EligibilityRule> rules = pinnedRules;
        return new StepContext() {
            @Override
            public String sessionId() {
                return id;
            }

            @Override
            public BusinessDescriptor business() {
                return business;
            }

            @Override
            public StepSpec step() {
                return step;
            }

            @Override
            public Locale locale() {
                return locale;
            }

            @Override
            public Map<String, Object> data() {
                return view;
            }

            @Override
            public Map<String, EligibilityRule> rules() {
                return rules;
            }

            @Override
            public Duration effectiveIdleTimeout() {
                return effectiveIdle(step);
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void post(Map<String, Object> input) {
                Map<String, Object> copy = new LinkedHashMap<>(input);
                try {
                    env.worker().execute(() -> posted(gen, copy));
                } catch (RuntimeException e) {
                    // engine shutting down
                    copy.values().forEach(SessionImpl::wipeValue);
                }
            }
        };
    }

    private SessionEvent event(SessionEvent.Type type, String step, StepResult result) {
        String s = step != null ? step : (index >= 0 && index < business.steps().size() ? business.steps().get(index).type() : null);
        return new SessionEvent(type, id, s, result, type == SessionEvent.Type.ENDED ? endReason : null);
    }

    /** Called under the lock, so events leave in the order the state changed. */
    private void queue(List<SessionEvent> events) {
        outbox.addAll(events);
    }

    /**
     * Hands queued events to listeners outside the lock, one thread at a time, in order. A thread
     * that finds another one delivering leaves its events to that thread; a listener that calls
     * back into the session has its new events delivered after it returns.
     */
    private void deliver() {
        synchronized (this) {
            if (delivering) {
                return;
            }
            delivering = true;
        }
        boolean done = false;
        try {
            while (true) {
                SessionEvent e;
                synchronized (this) {
                    e = outbox.poll();
                    if (e == null) {
                        delivering = false;
                        done = true;
                        return;
                    }
                }
                if (e.type() == SessionEvent.Type.ENDED) {
                    env.ended(this);
                    LOG.info("Session {} ({}) ended: {}", id, business.code(), e.endReason().orElse(null));
                }
                List<SessionListener> all = new ArrayList<>(env.globalListeners());
                all.addAll(listeners);
                for (SessionListener l : all) {
                    try {
                        l.onEvent(this, e);
                    } catch (RuntimeException ex) {
                        LOG.error("Session listener failed on {}", e, ex);
                    }
                }
            }
        } finally {
            if (!done) {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public BusinessDescriptor business() {
        return business;
    }

    @Override
    public Optional<BusinessSource> businessSource() {
        return Optional.ofNullable(source);
    }

    @Override
    public Locale locale() {
        return locale;
    }

    @Override
    public synchronized SessionState state() {
        return state;
    }

    @Override
    public synchronized Optional<EndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    @Override
    public List<StepSpec> steps() {
        return business.steps();
    }

    @Override
    public synchronized int currentIndex() {
        return index;
    }

    @Override
    public synchronized Optional<StepSpec> currentStep() {
        return state == SessionState.ACTIVE ? Optional.of(business.steps().get(index)) : Optional.empty();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public synchronized Instant idleDeadline() {
        return idleDeadline;
    }

    @Override
    public Instant visitDeadline() {
        return visitDeadline;
    }

    @Override
    public synchronized Map<String, Object> data() {
        return Map.copyOf(data);
    }

    @Override
    public synchronized Optional<String> applicationSerial() {
        return Optional.ofNullable(serial);
    }

    @Override
    public Optional<LocalizedText> text(String key) {
        return DefaultTexts.forBusiness(business, key);
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "Session[" + id + " " + business.code() + " " + state + "]";
    }

}
