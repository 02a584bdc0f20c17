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
import org.opendmv.devices.api.IdCardReader;
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
 * the chip photo. Phases in {@code identify.phase}: CARD → CONSENT → LIVENESS. Input:
 * {@code {consent: true|false}}, {@code {retry: true}} (read or look again); device results
 * arrive by themselves. No going back once done.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.IDENTIFY,
        configurationPid = "org.opendmv.engine.identify")
@Designate(ocd = IdentifyConfig.class)
public final class IdentifyStep implements StepType {
    static final String PHASE = "identify.phase";
    static final String EVENT = "identify.event";
    /** Pause before reading again after a refused card; a real reader needs the card re-presented anyway. */
    static final long REREAD_DELAY_MS = 1500;
    private static final LocalizedText READER = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.ID_CARD_READER);
    private static final LocalizedText CAMERA = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.LIVENESS_DETECTOR);

    private final DeviceCalls calls = new DeviceCalls();
    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    /** How long each device command may take (org.opendmv.engine.deadlines); the defaults when absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceDeadlines deadlines;
    private volatile IdentifyConfig config;

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
        this.config = c;
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

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        String phase = String.valueOf(ctx.data().getOrDefault(PHASE, "CARD"));
        if (input.containsKey(DeviceCalls.EVENT)) {
            return StepResult.progress(Map.of(EVENT, String.valueOf(input.get(DeviceCalls.EVENT))));
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
            return StepResult.progress(Map.of(PHASE, "LIVENESS"));
        }
        if (result != null) {
            SessionImpl.wipeValue(result);
        }
        if (phase.equals("CARD") && devices != null && devices.role(IdCardReader.class).isEmpty()) {
            return DeviceCalls.missing(READER);
        }
        return StepResult.invalid(Map.of("", phase.equals("CONSENT")
                ? LocalizedText.of("请阅读说明后选择“同意”或“不同意”", "Please read the notice and choose Agree or Decline")
                : phase.equals("LIVENESS") ? LocalizedText.of("请正对摄像头", "Please look at the camera")
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
        if (r.outcome() == LivenessResult.Outcome.PASS) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(PHASE, "DONE");
            r.matchScore().ifPresent(s -> d.put(Facts.LIVENESS_SCORE, s));
            return StepResult.completed(d);
        }
        int attempts = failures.merge(ctx.sessionId(), 1, Integer::sum);
        if (attempts >= config.liveness_attempts()) {
            return StepResult.refused(RuleResult.refuse("FACE_NOT_VERIFIED",
                    LocalizedText.of("人脸核验未通过。", "Your face could not be verified against your ID card."),
                    LocalizedText.of("请到人工窗口，由工作人员核验身份后办理。", "Please go to a service counter where staff will check your identity.")));
        }
        LocalizedText msg;
        switch (r.outcome()) {
            case NO_FACE:
                msg = LocalizedText.of("未检测到人脸，请正对摄像头。", "No face found; please look straight at the camera.");
                break;
            case SPOOF:
                msg = LocalizedText.of("未通过活体检测，请本人正对摄像头，不要使用照片或屏幕。",
                        "Liveness check failed; please face the camera yourself, not a photo or screen.");
                break;
            case FAIL:
            default:
                msg = LocalizedText.of("人脸与身份证照片不一致，请本人重试。", "Your face does not match the ID card photo; please try again.");
                break;
        }
        lookAtFace(ctx);
        return StepResult.invalid(Map.of("face:" + r.outcome(), msg));
    }
}
