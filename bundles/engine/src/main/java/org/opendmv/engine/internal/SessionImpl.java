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
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
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
    static final String SERIAL_KEY = "application.serial";

    /** What the session needs from the engine around it. */
    interface Environment {
        Optional<StepType> stepType(String id);

        Map<String, EligibilityRule> rules(BusinessDescriptor business);

        List<SessionListener> globalListeners();

        void ended(SessionImpl session);
    }

    private final String id;
    private final BusinessDescriptor business;
    private final Locale locale;
    private final Environment env;
    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Instant startedAt;
    private final Instant visitDeadline;

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Deque<Integer> path = new ArrayDeque<>();
    private SessionState state = SessionState.ACTIVE;
    private EndReason endReason;
    private int index = -1;
    private int backBarrier;
    private String serial;
    private Instant idleDeadline;
    private ScheduledFuture<?> idleWarn;
    private ScheduledFuture<?> idleEnd;
    private ScheduledFuture<?> visitEnd;

    SessionImpl(String id, BusinessDescriptor business, Locale locale, Environment env, Settings settings,
            ScheduledExecutorService timer, Clock clock) {
        this.id = id;
        this.business = business;
        this.locale = locale == null ? Locale.SIMPLIFIED_CHINESE : locale;
        this.env = env;
        this.settings = settings;
        this.timer = timer;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.visitDeadline = startedAt.plus(settings.visitLimit);
    }

    /** Enters the first step and arms the visit limit. */
    void begin() {
        List<SessionEvent> events = new ArrayList<>();
        synchronized (this) {
            visitEnd = timer.schedule(() -> end(EndReason.VISIT_TIMEOUT), settings.visitLimit.toMillis(), TimeUnit.MILLISECONDS);
            events.add(event(SessionEvent.Type.STARTED, null, null));
            advanceFrom(0, events);
        }
        fire(events);
    }

    // --- step machine (callers hold the lock) ---

    private void advanceFrom(int next, List<SessionEvent> events) {
        int i = next;
        // a fee of 0 skips PAY
        while (i < business.steps().size() && StepTypes.PAY.equals(business.steps().get(i).type()) && business.feeFen() == 0) {
            i++;
        }
        if (i >= business.steps().size()) {
            index = business.steps().size();
            finish(EndReason.COMPLETED, events);
            return;
        }
        index = i;
        StepSpec step = business.steps().get(index);
        env.stepType(step.type()).ifPresent(t -> guarded("enter", () -> t.enter(context(step))));
        armIdle();
        events.add(event(SessionEvent.Type.STEP_ENTERED, null, null));
    }

    private void armIdle() {
        cancelIdle();
        StepSpec step = business.steps().get(index);
        Duration idle = step.idleTimeout()
                .or(() -> env.stepType(step.type()).map(StepType::defaultIdleTimeout))
                .orElse(settings.defaultIdle);
        if (idle == null || idle.isZero() || idle.isNegative()) {
            idle = settings.defaultIdle;
        }
        idleDeadline = clock.instant().plus(idle);
        long idleMs = idle.toMillis();
        long warnMs = idleMs - settings.idleWarning.toMillis();
        if (warnMs > 0 && settings.idleWarning.toMillis() > 0) {
            int armedAt = index;
            idleWarn = timer.schedule(() -> idleWarning(armedAt), warnMs, TimeUnit.MILLISECONDS);
        }
        idleEnd = timer.schedule(() -> end(EndReason.IDLE_TIMEOUT), idleMs, TimeUnit.MILLISECONDS);
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
        }
        fire(List.of(e));
    }

    private void finish(EndReason reason, List<SessionEvent> events) {
        if (state != SessionState.ACTIVE) {
            return;
        }
        if (index >= 0 && index < business.steps().size()) {
            StepSpec step = business.steps().get(index);
            env.stepType(step.type()).ifPresent(t -> guarded("exit", () -> t.exit(context(step))));
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
        for (Object v : data.values()) {
            if (v instanceof byte[]) {
                Arrays.fill((byte[]) v, (byte) 0);
            } else if (v instanceof char[]) {
                Arrays.fill((char[]) v, '\0');
            }
        }
        data.clear();
    }

    void end(EndReason reason) {
        List<SessionEvent> events = new ArrayList<>();
        synchronized (this) {
            finish(reason, events);
        }
        fire(events);
    }

    // --- public API ---

    @Override
    public StepResult submit(Map<String, Object> input) {
        List<SessionEvent> events = new ArrayList<>();
        StepResult result;
        synchronized (this) {
            requireActive();
            StepSpec step = business.steps().get(index);
            Optional<StepType> type = env.stepType(step.type());
            if (type.isEmpty()) {
                result = StepResult.invalid(Map.of("", LocalizedText.of("该步骤暂不可用，请联系工作人员",
                        "This step is not available; please ask staff")));
            } else {
                result = callStep(type.get(), step, input == null ? Map.of() : input);
            }
            switch (result.kind()) {
                case COMPLETED:
                    result.data().forEach((k, v) -> {
                        if (v != null) {
                            data.put(k, v);
                        }
                    });
                    Object s = result.data().get(SERIAL_KEY);
                    if (s instanceof String) {
                        serial = (String) s;
                    }
                    events.add(event(SessionEvent.Type.STEP_COMPLETED, step.type(), result));
                    if (!type.get().allowsBackAfter()) {
                        backBarrier = index + 1;
                    }
                    guarded("exit", () -> type.get().exit(context(step)));
                    path.push(index);
                    advanceFrom(index + 1, events);
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
        }
        fire(events);
        return result;
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
            env.stepType(leaving.type()).ifPresent(t -> guarded("exit", () -> t.exit(context(leaving))));
            index = path.pop();
            StepSpec step = business.steps().get(index);
            env.stepType(step.type()).ifPresent(t -> guarded("enter", () -> t.enter(context(step))));
            armIdle();
            events.add(event(SessionEvent.Type.STEP_BACK, step.type(), null));
        }
        fire(events);
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
        Map<String, EligibilityRule> rules = env.rules(business);
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
        };
    }

    private SessionEvent event(SessionEvent.Type type, String step, StepResult result) {
        String s = step != null ? step : (index >= 0 && index < business.steps().size() ? business.steps().get(index).type() : null);
        return new SessionEvent(type, id, s, result, type == SessionEvent.Type.ENDED ? endReason : null);
    }

    private void fire(List<SessionEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        boolean ended = events.stream().anyMatch(e -> e.type() == SessionEvent.Type.ENDED);
        if (ended) {
            env.ended(this);
            LOG.info("Session {} ({}) ended: {}", id, business.code(), endReason);
        }
        List<SessionListener> all = new ArrayList<>(env.globalListeners());
        all.addAll(listeners);
        for (SessionEvent e : events) {
            for (SessionListener l : all) {
                try {
                    l.onEvent(this, e);
                } catch (RuntimeException ex) {
                    LOG.error("Session listener failed on {}", e, ex);
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
