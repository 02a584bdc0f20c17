package org.opendmv.engine.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.SignaturePad;
import org.opendmv.devices.api.SignatureRequest;
import org.opendmv.devices.api.SignatureResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGN: the citizen reads the summary and the declaration (descriptor text {@code declaration}),
 * signs — on the signature pad, whose capture starts on entry, or on the screen:
 * {@code {signature: byte[] PNG}} — and confirms with {@code {agree: true}}. {@code {clear: true}}
 * starts over. Confirming stores the application (serial number in {@code application.serial});
 * no going back after that.
 */
@Component(service = StepType.class, property = StepType.STEP_TYPE + "=" + StepTypes.SIGN)
public final class SignStep implements StepType {
    private static final Logger LOG = LoggerFactory.getLogger(SignStep.class);
    static final int MAX_BYTES = 1024 * 1024;
    static final LocalizedText DEFAULT_DECLARATION = LocalizedText.of(
            "本人承诺所填写的信息及提交的材料真实、有效，并对其真实有效性负责。",
            "I declare that the information and documents I have provided are true and valid, and I am responsible for them.");
    private static final LocalizedText PAD = DeviceCalls.name(org.opendmv.devices.api.DeviceClass.SIGNATURE_PAD);

    private final DeviceCalls calls = new DeviceCalls();
    private final Applications applications;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceManager devices;
    /** How long each device command may take (org.opendmv.engine.deadlines); the defaults when absent. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeviceDeadlines deadlines;

    @Activate
    public SignStep(@Reference Applications applications) {
        this.applications = applications;
    }

    SignStep(Applications applications, DeviceManager devices) {
        this(applications);
        this.devices = devices;
    }

    @Override
    public String id() {
        return StepTypes.SIGN;
    }

    @Override
    public boolean allowsBackAfter() {
        return false;
    }

    @Override
    public Duration defaultIdleTimeout() {
        return Duration.ofSeconds(180);
    }

    @Override
    public void enter(StepContext ctx) {
        startPad(ctx);
    }

    @Override
    public void exit(StepContext ctx) {
        calls.cancel(ctx.sessionId());
    }

    private void startPad(StepContext ctx) {
        DeviceManager dm = devices;
        SignaturePad pad = dm == null ? null : dm.role(SignaturePad.class).orElse(null);
        if (pad != null) {
            String prompt = DefaultTexts.forBusiness(ctx.business(), "declaration").orElse(DEFAULT_DECLARATION).get(ctx.locale());
            calls.start(ctx, DeviceDeadlines.of(deadlines).deadline("signaturePad", "capture"),
                    cc -> pad.capture(SignatureRequest.withPrompt(prompt.length() > 60 ? prompt.substring(0, 60) : prompt), cc));
        }
    }

    @Override
    public StepResult submit(StepContext ctx, Map<String, Object> input) {
        if (input.containsKey(DeviceCalls.EVENT)) {
            return StepResult.progress(Map.of("sign.event", String.valueOf(input.get(DeviceCalls.EVENT))));
        }
        var error = DeviceCalls.error(input);
        if (error.isPresent()) {
            // the citizen can still sign on the screen
            return DeviceCalls.problem(PAD, error.get());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        Object result = input.get(DeviceCalls.RESULT);
        if (result instanceof SignatureResult) {
            SignatureResult r = (SignatureResult) result;
            d.put(Facts.SIGNATURE, r.png());
            d.put("sign.source", "pad");
            r.wipe();
        }
        Object screen = input.get("signature");
        if (screen != null) {
            if (!(screen instanceof byte[]) || !isPng((byte[]) screen)) {
                return StepResult.invalid(Map.of("signature", LocalizedText.of("签名未能保存，请重新签名", "The signature could not be read; please sign again")));
            }
            if (((byte[]) screen).length > MAX_BYTES) {
                return StepResult.invalid(Map.of("signature", LocalizedText.of("签名图像过大，请重新签名", "The signature image is too large; please sign again")));
            }
            d.put(Facts.SIGNATURE, ((byte[]) screen).clone());
            d.put("sign.source", "screen");
        }
        if (Boolean.TRUE.equals(input.get("clear"))) {
            d.put(Facts.SIGNATURE, StepResult.REMOVE);
            startPad(ctx);
            return StepResult.progress(d);
        }
        if (Boolean.TRUE.equals(input.get("agree"))) {
            boolean signed = d.get(Facts.SIGNATURE) instanceof byte[] || ctx.data().get(Facts.SIGNATURE) instanceof byte[];
            if (!signed) {
                return StepResult.invalid(Map.of("signature", LocalizedText.of("请先签名", "Please sign first")));
            }
            Map<String, Object> data = new LinkedHashMap<>(ctx.data());
            data.putAll(d);
            try {
                String serial = applications.ensure(new DataOverlay(ctx, data));
                d.put(Facts.SERIAL, serial);
                return StepResult.completed(d);
            } catch (RuntimeException e) {
                LOG.error("Session {} could not store its application", ctx.sessionId(), e);
                return StepResult.invalid(Map.of("", LocalizedText.of("申请保存失败，请重试；如仍不成功请联系工作人员",
                        "The application could not be saved; please try again or ask staff")));
            }
        }
        if (!d.isEmpty()) {
            return StepResult.progress(d);
        }
        return StepResult.invalid(Map.of("signature", LocalizedText.of("请签名后点击“确认”", "Please sign, then press Confirm")));
    }

    static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }
}
