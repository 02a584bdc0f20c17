package org.opendmv.devices.api;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Failure of a device command: a {@link CompletionCode}, an optional per-command error code (the name of
 * a constant of the device's error enum, e.g. {@link IdCardReader.ReadCardError#CHIP_ERROR}) and an
 * {@link ActionHint}.
 *
 * <p>Unchecked on purpose: commands report failure by completing their {@code CompletionStage}
 * exceptionally, and stage callbacks and driver lambdas cannot throw checked exceptions. Callers meet it
 * as the cause of a failed stage, possibly wrapped in a {@link CompletionException};
 * {@link #find(Throwable)} and {@link #codeOf(Throwable)} unwrap it.
 *
 * <p>Messages are for logs and operators and must not contain personal data.
 */
public class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CompletionCode code;
    private final String errorCode;
    private final ActionHint hint;

    /** With the code's default hint and no per-command error code. */
    public DeviceException(CompletionCode code, String message) {
        this(code, (String) null, message, null, null);
    }

    /** With a per-command error code, e.g. {@code ReadCardError.CHIP_ERROR}, and the code's default hint. */
    public DeviceException(CompletionCode code, Enum<?> errorCode, String message) {
        this(code, errorCode == null ? null : errorCode.name(), message, null, null);
    }

    /**
     * Full constructor.
     *
     * @param code completion code, not {@link CompletionCode#SUCCESS}
     * @param errorCode per-command error code, {@code null} if none
     * @param message operator-facing text without personal data
     * @param hint what to do next; {@code null} for {@link CompletionCode#defaultHint()}
     * @param cause underlying exception or {@code null}
     */
    public DeviceException(CompletionCode code, String errorCode, String message, ActionHint hint, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        if (code == CompletionCode.SUCCESS) {
            throw new IllegalArgumentException("a DeviceException cannot carry SUCCESS");
        }
        this.errorCode = errorCode;
        this.hint = hint == null ? code.defaultHint() : hint;
    }

    /** The generic completion code. */
    public CompletionCode code() {
        return code;
    }

    /** The per-command error code, if the driver gave one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** Whether the per-command error code is {@code value}, e.g. {@code hasErrorCode(PrintError.PAPER_OUT)}. */
    public boolean hasErrorCode(Enum<?> value) {
        return value != null && value.name().equals(errorCode);
    }

    /** What should happen next. */
    public ActionHint hint() {
        return hint;
    }

    /** The {@link DeviceException} behind {@code t}, looking through completion/execution wrappers. */
    public static Optional<DeviceException> find(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur instanceof DeviceException ? Optional.of((DeviceException) cur) : Optional.empty();
    }

    /**
     * The completion code for a stage's outcome: {@link CompletionCode#SUCCESS} for {@code null},
     * the code of the {@link DeviceException} behind {@code t}, else {@link CompletionCode#INTERNAL_ERROR}.
     */
    public static CompletionCode codeOf(Throwable t) {
        if (t == null) {
            return CompletionCode.SUCCESS;
        }
        return find(t).map(DeviceException::code).orElse(CompletionCode.INTERNAL_ERROR);
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + code + (errorCode == null ? "" : "/" + errorCode) + " [" + hint + "] "
                + getMessage();
    }
}
