package org.opendmv.engine.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.IdNumbers;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.FaceGuidance;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.LivenessChallenge;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.ReadCardRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * IDENTIFY: read the resident ID card, check it (GB 11643 check digit, validity, birth date and
 * sex against the number), ask consent for face recognition, then liveness + 1:1 comparison with
 * the chip photo. The camera command starts only after the citizen agreed.
 *
 * <p>Phases in {@code identify.phase}: CARD → CONSENT → LIVENESS → PASSED (shown for a moment, then the
 * step completes). A live face that is not the card holder's ({@code FAIL}) is refused at once and sent to a
 * counter: trying again would only help an impostor. A check that saw no live face ({@code SPOOF},
 * {@code NO_FACE}) goes to RETRY with {@code identify.outcome} and {@code identify.attemptsLeft}; the camera
 * looks again on {@code {retry: true}} or by itself after a pause, until {@code liveness_attempts} are used,
 * then the citizen is sent to a counter.
 *
 * <p>While the camera looks, the driver's events reach the UI as {@code identify.event} (the type) and, for the
 * details the UI knows and nothing else (never personal data): {@code identify.challenge}
 * ({@code "TURN_LEFT;2/3;4"}, see {@link LivenessChallenge}), {@code identify.challengePassed}
 * ({@code "BLINK;1/3"}) and {@code identify.guidance} ({@code "TOO_FAR"}, see {@link FaceGuidance}).
 * Input: {@code {consent: true|false}}, {@code {retry: true}} (read or look again); device results
 * arrive by themselves. No going back once done.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.IDENTIFY,
        configurationPid = "org.opendmv.engine.identify")
@Designate(ocd = IdentifyConfig.class)
public final class IdentifyStep implements StepType {
    static final String PHASE = "identify.phase";
    static final String EVENT = "identify.event";
    static final String CHALLENGE = "identify.challenge";
    static final String CHALLENGE_PASSED = "identify.challengePassed";
    static final String GUIDANCE = "identify.guidance";
    static final String OUTCOME = "identify.outcome";
    static final String ATTEMPTS_LEFT = "identify.attemptsLeft";
    private static final String PASSED_KEY = "identify.passedShown";
    private static final String ATTEMPT_KEY = "identify.attempt";
    /** Pause before reading again after a refused card; a real reader needs the card re-presented anyway. */
    static final long REREAD_DELAY_MS = 1500;
    private static final LocalizedText READER = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.ID_CARD_READER);
    private static final LocalizedText CAMERA = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.LIVENESS_DETECTOR);

    private final DeviceCalls calls = new DeviceCalls();
    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Per session and event type, the sequence number of the newest device event shown. Per type: posted events may
     * be handled out of order, and a newer piece of advice must not make an older challenge prompt look stale.
     */
    private final Map<String, Map<String, Long>> lastEvent = new java.util.concurrent.ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    /** How long each device command may take (org.opendmv.engine.deadlines); the defaults when absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceDeadlines deadlines;
    private volatile IdentifyConfig config;
    /** The configured retry pause; longer or shorter in tests. */
    volatile long retryPauseMs;

    @Activate
    public IdentifyStep(IdentifyConfig config) {
        modified(config);
    }

    /** For tests. */
    IdentifyStep(IdentifyConfig config, DeviceManager devices) {
        this(config);
        this.devices = devices;
    }

    @Modified
    void modified(IdentifyConfig c) {
        if (c.match_threshold() < 0 || c.match_threshold() > 1) {
            throw new IllegalArgumentException("match.threshold must be between 0 and 1");
        }
        if (c.passed_pause_ms() < 0 || c.retry_pause_ms() < 0) {
            throw new IllegalArgumentException("passed.pause.ms and retry.pause.ms must not be negative");
        }
        this.config = c;
        this.retryPauseMs = c.retry_pause_ms();
    }

    @Override
    public String id() {
        return StepTypes.IDENTIFY;
    }

    @Override
    public boolean allowsBackAfter() {
        return false;
    }

    @Override
    public Duration defaultIdleTimeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    public void enter(StepContext ctx) {
        readCard(ctx);
    }

    @Override
    public void exit(StepContext ctx) {
        calls.cancel(ctx.sessionId());
        failures.remove(ctx.sessionId());
        lastEvent.remove(ctx.sessionId());
    }

    private boolean readCard(StepContext ctx) {
        DeviceManager dm = devices;
        IdCardReader r = dm == null ? null : dm.role(IdCardReader.class).orElse(null);
        if (r == null) {
            return false;
        }
        calls.start(ctx, DeviceDeadlines.of(deadlines).deadline("idCardReader", "readCard"),
                cc -> r.readCard(ReadCardRequest.WITH_PHOTO, cc));
        return true;
    }

    private boolean lookAtFace(StepContext ctx) {
        DeviceManager dm = devices;
        LivenessDetector d = dm == null ? null : dm.role(LivenessDetector.class).orElse(null);
        if (d == null) {
            return false;
        }
        IdCardData card = (IdCardData) ctx.data().get(Facts.IDCARD);
        byte[] photo = card == null ? null : card.photo().orElse(null);
        LivenessRequest req = photo == null ? LivenessRequest.liveOnly() : LivenessRequest.match(photo, config.match_threshold());
        calls.start(ctx, DeviceDeadlines.of(deadlines).deadline("livenessDetector", "checkLiveness"),
                cc -> d.checkLiveness(req, cc));
        return true;
    }

    /** A device event as session data: its type, and the details the UI knows, re-written (never passed on as given). */
    private StepResult event(StepContext ctx, String phase, Map<String, Object> input) {
        String type = String.valueOf(input.get(DeviceCalls.EVENT));
        Object seq = input.get(DeviceCalls.EVENT_SEQ);
        if (seq instanceof Long) {
            long mine = (Long) seq;
            Map<String, Long> newest = lastEvent.computeIfAbsent(ctx.sessionId(), k -> new java.util.concurrent.ConcurrentHashMap<>());
            if (newest.merge(type, mine, Math::max) != mine) {
                return StepResult.progress(Map.of()); // overtaken by a newer event of the same type
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(EVENT, type);
        if (phase.equals("LIVENESS")) {
            Object detail = input.get(DeviceCalls.EVENT_DETAIL);
            IntermediateEvent e = detail == null ? IntermediateEvent.of(type) : IntermediateEvent.of(type).withDetail(String.valueOf(detail));
            LivenessChallenge.parse(e).ifPresent(c -> {
                if (e.is(IntermediateEvent.LIVENESS_ACTION)) {
                    d.put(CHALLENGE, LivenessChallenge.secondsLeft(e).isPresent()
                            ? c.prompt(LivenessChallenge.secondsLeft(e).getAsInt()).detail().orElseThrow() : c.toString());
                } else {
                    d.put(CHALLENGE_PASSED, c.toString());
                    d.put(GUIDANCE, StepResult.REMOVE);
                }
            });
            FaceGuidance.of(e).ifPresent(g -> d.put(GUIDANCE, g.name()));
        }
        return StepResult.progress(d);
    }

    /** Clears what the UI showed of the previous check. */
    private static Map<String, Object> freshCheck() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(PHASE, "LIVENESS");
        for (String k : new String[] {CHALLENGE, CHALLENGE_PASSED, GUIDANCE, OUTCOME, ATTEMPTS_LEFT}) {
            d.put(k, StepResult.REMOVE);
        }
        return d;
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        String phase = String.valueOf(ctx.data().getOrDefault(PHASE, "CARD"));
        if (input.containsKey(DeviceCalls.EVENT)) {
            return event(ctx, phase, input);
        }
        if (phase.equals("PASSED")) {
            if (input.containsKey(PASSED_KEY)) {
                return StepResult.completed(Map.of(PHASE, "DONE"));
            }
            return StepResult.progress(Map.of());
        }
        var error = DeviceCalls.error(input);
        if (error.isPresent()) {
            return DeviceCalls.problem(phase.equals("CARD") ? READER : CAMERA, error.get());
        }
        Object result = input.get(DeviceCalls.RESULT);
        if (result instanceof IdCardData && phase.equals("CARD")) {
            return card(ctx, (IdCardData) result);
        }
        if (result instanceof LivenessResult && phase.equals("LIVENESS")) {
            return liveness(ctx, (LivenessResult) result);
        }
        if (Boolean.TRUE.equals(input.get("retry")) && phase.equals("RETRY")) {
            Object attempt = input.get(ATTEMPT_KEY);
            if (attempt != null && !attempt.equals(failures.get(ctx.sessionId()))) {
                return StepResult.progress(Map.of()); // a pause that ended after the citizen already tried again
            }
            return lookAtFace(ctx) ? StepResult.progress(freshCheck()) : DeviceCalls.missing(CAMERA);
        }
        if (Boolean.TRUE.equals(input.get("retry"))) {
            boolean started = phase.equals("LIVENESS") ? lookAtFace(ctx) : readCard(ctx);
            return started ? StepResult.progress(Map.of(EVENT, "RETRY")) : DeviceCalls.missing(phase.equals("LIVENESS") ? CAMERA : READER);
        }
        if (input.containsKey("consent") && phase.equals("CONSENT")) {
            if (!Boolean.TRUE.equals(input.get("consent")) && !"true".equals(input.get("consent"))) {
                return StepResult.refused(RuleResult.refuse("NO_FACE_CONSENT",
                        LocalizedText.of("您未同意人脸识别，无法在自助机核验身份。", "Without consent to face recognition the kiosk cannot verify your identity."),
                        LocalizedText.of("请到人工窗口，由工作人员核验身份后办理。", "Please go to a service counter where staff will check your identity.")));
            }
            if (!config.liveness_required()) {
                return StepResult.completed(Map.of(PHASE, "DONE"));
            }
            if (!lookAtFace(ctx)) {
                return DeviceCalls.missing(CAMERA);
            }
            failures.remove(ctx.sessionId());
            return StepResult.progress(freshCheck());
        }
        if (result != null) {
            SessionImpl.wipeValue(result);
        }
        if (phase.equals("CARD") && devices != null && devices.role(IdCardReader.class).isEmpty()) {
            return DeviceCalls.missing(READER);
        }
        return StepResult.invalid(Map.of("", phase.equals("CONSENT")
                ? LocalizedText.of("请阅读说明后选择“同意”或“不同意”", "Please read the notice and choose Agree or Decline")
                : phase.equals("LIVENESS") || phase.equals("PASSED") ? LocalizedText.of("请正对摄像头", "Please look at the camera")
                : phase.equals("RETRY") ? LocalizedText.of("请点击“再试一次”", "Please press Try again")
                : LocalizedText.of("请将身份证放在读卡区", "Please place your ID card on the reader")));
    }

    private StepResult card(StepContext ctx, IdCardData card) {
        LocalDate today = LocalDate.now(ctx.clock());
        String id = card.idNumber();
        LocalizedText problem = null;
        String code = null;
        if (id == null || !IdNumbers.isValid(id)) {
            code = "ID_CHECKSUM";
            problem = LocalizedText.of("身份证号码校验未通过，请使用本人有效的居民身份证。",
                    "The ID number failed its check digit; please use your own valid resident ID card.");
        } else if (!card.isLongTerm() && card.validUntil().map(u -> u.isBefore(today)).orElse(true)) {
            code = "ID_EXPIRED";
            problem = LocalizedText.of("您的身份证已过有效期，请使用有效证件，或到人工窗口办理。",
                    "Your ID card has expired; please use a valid card or go to a service counter.");
        } else if (card.birthDate() == null || !card.birthDate().equals(IdNumbers.birthDate(id))
                || (card.sex() == IdCardData.Sex.MALE) != IdNumbers.isMale(id)
                || (card.sex() != IdCardData.Sex.MALE && card.sex() != IdCardData.Sex.FEMALE)) {
            code = "ID_INCONSISTENT";
            problem = LocalizedText.of("身份证信息不一致，无法在自助机核验，请到人工窗口办理。",
                    "The card's data is inconsistent and cannot be verified here; please go to a service counter.");
        }
        if (problem != null) {
            card.wipe();
            // let the citizen take the card away before the reader looks again
            java.util.concurrent.CompletableFuture.delayedExecutor(REREAD_DELAY_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> ctx.post(Map.of("retry", true)));
            return StepResult.invalid(Map.of("idcard:" + code, problem));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(Facts.IDCARD, card);
        d.put(Facts.ID_NUMBER, id);
        d.put(Facts.NAME, card.name());
        d.put(Facts.SEX, card.sex() == IdCardData.Sex.MALE ? "1" : "2");
        d.put(Facts.BIRTH_DATE, card.birthDate());
        if (card.address() != null) {
            d.put(Facts.ADDRESS, card.address());
        }
        if (card.ethnicity() != null) {
            d.put("idcard.ethnicity", card.ethnicity());
        }
        d.put(PHASE, "CONSENT");
        return StepResult.progress(d);
    }

    private StepResult liveness(StepContext ctx, LivenessResult r) {
        switch (r.outcome()) {
            case PASS: {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put(PHASE, "PASSED");
                d.put(GUIDANCE, StepResult.REMOVE);
                r.matchScore().ifPresent(s -> d.put(Facts.LIVENESS_SCORE, s));
                if (config.passed_pause_ms() == 0) {
                    d.put(PHASE, "DONE");
                    return StepResult.completed(d);
                }
                // let the citizen see that it worked before the next step
                java.util.concurrent.CompletableFuture.delayedExecutor(config.passed_pause_ms(), java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(() -> ctx.post(Map.of(PASSED_KEY, true)));
                return StepResult.progress(d);
            }
            case FAIL:
                // a live face that is not the card holder's: another try would only help an impostor
                return StepResult.refused(RuleResult.refuse("FACE_NOT_HOLDER",
                        LocalizedText.of("人脸与身份证照片不一致，无法确认您是持证人本人。",
                                "Your face does not match the photo on the ID card, so we cannot confirm that you are its holder."),
                        LocalizedText.of("请持本人身份证到人工窗口办理。", "Please take your own ID card to a service counter.")));
            case NO_FACE:
            case SPOOF:
            default:
                break;
        }
        int attempts = failures.merge(ctx.sessionId(), 1, Integer::sum);
        int left = config.liveness_attempts() - attempts;
        if (left <= 0) {
            return StepResult.refused(RuleResult.refuse("FACE_NOT_VERIFIED",
                    LocalizedText.of("活体检测未通过，已达到尝试次数上限。", "The liveness check did not succeed and no tries are left."),
                    LocalizedText.of("请到人工窗口，由工作人员核验身份后办理。", "Please go to a service counter where staff will check your identity.")));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(PHASE, "RETRY");
        d.put(OUTCOME, r.outcome().name());
        d.put(ATTEMPTS_LEFT, left);
        d.put(GUIDANCE, StepResult.REMOVE);
        java.util.concurrent.CompletableFuture.delayedExecutor(retryPauseMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> ctx.post(Map.of("retry", true, ATTEMPT_KEY, attempts)));
        return StepResult.progress(d);
    }
}
