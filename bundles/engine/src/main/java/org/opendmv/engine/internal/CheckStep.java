package org.opendmv.engine.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.RecordsGateway;
import org.opendmv.records.api.RecordsUnavailableException;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CHECK: looks up the applicant's records and runs the business's rules. Starts by itself on
 * entry; the citizen sees "正在核查" and then either the form or a refusal with the reason and
 * what to do instead. A vehicle business (descriptor property {@code subject=vehicle}) asks the
 * rules once per vehicle the applicant owns and offers the ones that pass.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.CHECK)
public final class CheckStep implements StepType {
    static final String SUBJECT = "subject";
    static final String VEHICLES_OK = "check.vehicles";
    private static final Logger LOG = LoggerFactory.getLogger(CheckStep.class);
    private static final String LOOKUP_DRIVER = "check.lookup.driver";
    private static final String LOOKUP_VEHICLES = "check.lookup.vehicles";
    private static final String LOOKUP_FAILED = "check.lookup.failed";
    /** Records look-ups, one thread per waiting visit (a kiosk has one or two at a time). */
    private static final java.util.concurrent.ExecutorService LOOKUPS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "opendmv-records-lookup");
        t.setDaemon(true);
        return t;
    });

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordsGateway records;

    public CheckStep() {
    }

    CheckStep(RecordsGateway records) {
        this.records = records;
    }

    @Override
    public String id() {
        return StepTypes.CHECK;
    }

    @Override
    public boolean allowsBackAfter() {
        // it runs by itself: going back into it would only run it again
        return false;
    }

    @Override
    public Duration defaultIdleTimeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * Looks the records up off the session's lock (a records back end may take seconds and the
     * screen must not freeze meanwhile), then posts them to the step, which runs the rules.
     */
    @Override
    public void enter(StepContext ctx) {
        Object id = ctx.data().get(Facts.ID_NUMBER);
        RecordsGateway g = records;
        if (!(id instanceof String) || g == null) {
            ctx.post(Map.of("run", true));
            return;
        }
        boolean vehicle = vehicleBusiness(ctx.business());
        LOOKUPS.execute(() -> {
            Map<String, Object> in = new LinkedHashMap<>();
            try {
                in.put(LOOKUP_DRIVER, g.driver((String) id));
                in.put(LOOKUP_VEHICLES, vehicle ? g.vehicles((String) id) : List.of());
            } catch (RecordsUnavailableException e) {
                LOG.warn("Session {}: records unavailable: {}", ctx.sessionId(), e.getMessage());
                in.put(LOOKUP_FAILED, true);
            } catch (RuntimeException e) {
                LOG.error("Session {}: records gateway failed", ctx.sessionId(), e);
                in.put(LOOKUP_FAILED, true);
            }
            ctx.post(in);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<VehicleRecord> castVehicles(Object o) {
        return o instanceof List ? (List<VehicleRecord>) o : List.of();
    }

    static boolean vehicleBusiness(BusinessDescriptor b) {
        return "vehicle".equals(b.property(SUBJECT, "driver"));
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        if (!input.containsKey("run") && !input.containsKey(LOOKUP_DRIVER) && !input.containsKey(LOOKUP_FAILED)) {
            return StepResult.invalid(Map.of("", LocalizedText.of("正在核查，请稍候", "Checking, please wait")));
        }
        BusinessDescriptor b = ctx.business();
        Object id = ctx.data().get(Facts.ID_NUMBER);
        if (!(id instanceof String)) {
            return StepResult.refused(RuleResult.refuse("NOT_IDENTIFIED", LocalizedText.of("尚未核验身份。", "Your identity has not been verified."),
                    LocalizedText.of("请重新开始办理。", "Please start again.")));
        }
        RecordsGateway g = records;
        if (g == null) {
            return StepResult.refused(unavailable());
        }
        Map<String, Object> facts = new LinkedHashMap<>(ctx.data());
        Map<String, Object> out = new LinkedHashMap<>();
        List<VehicleRecord> vehicles;
        try {
            if (Boolean.TRUE.equals(input.get(LOOKUP_FAILED))) {
                return StepResult.refused(unavailable());
            }
            DriverRecord driver;
            if (input.containsKey(LOOKUP_DRIVER)) {
                // looked up by enter() off the lock
                driver = ((java.util.Optional<?>) input.get(LOOKUP_DRIVER)).map(DriverRecord.class::cast).orElse(null);
                vehicles = castVehicles(input.get(LOOKUP_VEHICLES));
            } else {
                driver = g.driver((String) id).orElse(null);
                vehicles = vehicleBusiness(b) ? g.vehicles((String) id) : List.of();
            }
            if (driver != null) {
                facts.put(Facts.DRIVER, driver);
                out.put(Facts.DRIVER, driver);
            }
            facts.put(Facts.VEHICLES, vehicles);
            out.put(Facts.VEHICLES, vehicles);
        } catch (RecordsUnavailableException e) {
            LOG.warn("Session {}: records unavailable: {}", ctx.sessionId(), e.getMessage());
            return StepResult.refused(unavailable());
        } catch (RuntimeException e) {
            LOG.error("Session {}: records gateway failed", ctx.sessionId(), e);
            return StepResult.refused(unavailable());
        }
        LocalDate today = LocalDate.now(ctx.clock());
        if (!vehicleBusiness(b)) {
            RuleResult r = Rules.evaluate(b, ctx.rules(), facts, today);
            return r.isEligible() ? StepResult.completed(out) : StepResult.refused(r);
        }
        List<VehicleRecord> ok = new ArrayList<>();
        List<RuleResult> refusals = new ArrayList<>();
        for (VehicleRecord v : vehicles) {
            facts.put(Facts.VEHICLE, v);
            RuleResult r = Rules.evaluate(b, ctx.rules(), facts, today);
            if (r.isEligible()) {
                ok.add(v);
            } else {
                refusals.add(r);
            }
        }
        if (vehicles.isEmpty()) {
            facts.remove(Facts.VEHICLE);
            RuleResult r = Rules.evaluate(b, ctx.rules(), facts, today);
            return StepResult.refused(r.isEligible() ? noVehicle() : r);
        }
        if (ok.isEmpty()) {
            return StepResult.refused(refusals.size() == 1 ? refusals.get(0) : combine(refusals));
        }
        out.put(VEHICLES_OK, List.copyOf(ok));
        out.put(Facts.ELIGIBLE_PLATES, String.join(",", ok.stream().map(VehicleRecord::plate).toList()));
        return StepResult.completed(out);
    }

    /** Several vehicles, none eligible: every vehicle's reason, one per line. */
    private static RuleResult combine(List<RuleResult> refusals) {
        StringBuilder zh = new StringBuilder("您名下的车辆均不能办理此业务：");
        StringBuilder en = new StringBuilder("None of your vehicles qualifies:");
        for (RuleResult r : refusals) {
            zh.append('\n').append(r.reason().map(LocalizedText::zh).orElse(r.code().orElse("")));
            en.append('\n').append(r.reason().map(LocalizedText::en).orElse(r.code().orElse("")));
        }
        return RuleResult.refuse("NO_ELIGIBLE_VEHICLE", LocalizedText.of(zh.toString(), en.toString()),
                refusals.get(0).advice().orElse(LocalizedText.of("请到人工窗口咨询。", "Please ask at a service counter.")));
    }

    private static RuleResult noVehicle() {
        return RuleResult.refuse("NO_VEHICLE", LocalizedText.of("未查询到登记在您名下的机动车。", "No vehicle is registered in your name."),
                LocalizedText.of("本业务须由机动车所有人本人办理；代办请到人工窗口。",
                        "Only the registered owner can do this at the kiosk; agents please go to a service counter."));
    }

    private static RuleResult unavailable() {
        return RuleResult.refuse("RECORDS_UNAVAILABLE",
                LocalizedText.of("暂时无法查询您的驾驶证或车辆信息。", "Your licence and vehicle records cannot be checked right now."),
                LocalizedText.of("请稍后再试，或到人工窗口办理。", "Please try again later or go to a service counter."));
    }
}
