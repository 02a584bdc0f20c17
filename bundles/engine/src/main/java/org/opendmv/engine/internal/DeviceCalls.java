package org.opendmv.engine.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;

/**
 * Device commands started by a step on behalf of a session: one in flight per session, cancelled
 * when the step is left. Results come back to the step through {@link StepContext#post}:
 * {@code {result: value}} or {@code {deviceError: DeviceException}}; intermediate events as
 * {@code {deviceEvent: name}} or {@code {deviceEvent: name, deviceEventDetail: detail}}.
 */
final class DeviceCalls {
    static final String RESULT = "result";
    static final String ERROR = "deviceError";
    static final String EVENT = "deviceEvent";
    /** The event's detail, if it has one, next to {@link #EVENT}; a step passes on only details it knows. */
    static final String EVENT_DETAIL = "deviceEventDetail";
    /**
     * Order of the events (a long, increasing across all commands): posts may be handled out of order, so a step
     * that shows the latest of a series (a countdown) ignores one older than what it has shown.
     */
    static final String EVENT_SEQ = "deviceEventSeq";
    private static final java.util.concurrent.atomic.AtomicLong EVENT_SEQUENCE = new java.util.concurrent.atomic.AtomicLong();
    /** Error key prefix the UI reads: {@code device:RETRY}, {@code device:CLEAR}, ... */
    static final String ERROR_KEY = "device:";

    private final Map<String, CommandContext> inFlight = new ConcurrentHashMap<>();

    <T> void start(StepContext ctx, Duration timeout, Function<CommandContext, CompletionStage<T>> command) {
        cancel(ctx.sessionId());
        CommandContext cc = CommandContext.withTimeout(timeout, e -> {
            Long seq = EVENT_SEQUENCE.incrementAndGet();
            ctx.post(e.detail().isPresent()
                    ? Map.of(EVENT, e.type(), EVENT_DETAIL, e.detail().get(), EVENT_SEQ, seq) : Map.of(EVENT, e.type(), EVENT_SEQ, seq));
        });
        inFlight.put(ctx.sessionId(), cc);
        CompletionStage<T> stage;
        try {
            stage = command.apply(cc);
        } catch (RuntimeException e) {
            inFlight.remove(ctx.sessionId(), cc);
            ctx.post(Map.of(ERROR, DeviceException.find(e).orElse(new DeviceException(CompletionCode.INTERNAL_ERROR, e.toString()))));
            return;
        }
        stage.whenComplete((v, err) -> {
            inFlight.remove(ctx.sessionId(), cc);
            if (err != null) {
                DeviceException de = DeviceException.find(err)
                        .orElse(new DeviceException(CompletionCode.INTERNAL_ERROR, String.valueOf(err)));
                ctx.post(Map.of(ERROR, de));
            } else if (v != null) {
                ctx.post(Map.of(RESULT, v));
            }
        });
    }

    void cancel(String sessionId) {
        CommandContext cc = inFlight.remove(sessionId);
        if (cc != null) {
            cc.cancel();
        }
    }

    /** What the citizen calls a device of this class, as the subject of the texts of {@link #citizenText}. */
    static LocalizedText name(DeviceClass c) {
        switch (c) {
            case ID_CARD_READER:
                return LocalizedText.of("身份证阅读器", "The ID card reader");
            case LIVENESS_DETECTOR:
                return LocalizedText.of("人脸识别摄像头", "The face camera");
            case DOCUMENT_SCANNER:
                return LocalizedText.of("高拍仪", "The document camera");
            case SIGNATURE_PAD:
                return LocalizedText.of("签字板", "The signature pad");
            case RECEIPT_PRINTER:
                return LocalizedText.of("凭条打印机", "The receipt printer");
            default:
                return LocalizedText.of("设备", "The device");
        }
    }

    /** The device the step needs is not there at all. */
    static StepResult missing(LocalizedText what) {
        return StepResult.invalid(Map.of(ERROR_KEY + ActionHint.CLEAR, LocalizedText.of(what.zh() + "未就绪，请联系工作人员。",
                what.en() + " is not ready; please ask staff.")));
    }

    /** A failed command in words a citizen understands, keyed by the action the UI should offer. */
    static StepResult problem(LocalizedText what, DeviceException e) {
        // the hint is kept as the driver (or the device manager) gave it: a TIMEOUT with SUSPEND stays SUSPEND
        ActionHint hint = e.hint();
        return StepResult.invalid(Map.of(ERROR_KEY + hint, citizenText(what, hint)));
    }

    /**
     * What the citizen reads for a failed command of {@code what} (e.g. "The ID card reader") with this hint,
     * whatever the completion code; {@code docs/device-commands.md} quotes these texts.
     */
    static LocalizedText citizenText(LocalizedText what, ActionHint hint) {
        switch (hint) {
            case RETRY:
                return LocalizedText.of(what.zh() + "操作未成功，请重试。", what.en() + " did not succeed; please try again.");
            case CLEAR:
                return LocalizedText.of(what.zh() + "需要工作人员处理，请联系工作人员。", what.en() + " needs attention; please ask staff.");
            case SUSPEND:
                return LocalizedText.of(what.zh() + "暂时不可用，请稍候再试。", what.en() + " is briefly unavailable; please wait and try again.");
            case MAINTENANCE:
            default:
                return LocalizedText.of(what.zh() + "故障，暂停服务，请到人工窗口办理。", what.en() + " is out of service; please go to a service counter.");
        }
    }

    static Optional<DeviceException> error(Map<String, Object> input) {
        Object e = input.get(ERROR);
        return e instanceof DeviceException ? Optional.of((DeviceException) e) : Optional.empty();
    }
}
