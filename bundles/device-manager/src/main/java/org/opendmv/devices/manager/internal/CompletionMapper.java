package org.opendmv.devices.manager.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;

/**
 * The one place where whatever a driver throws becomes a {@link DeviceException} with a completion code
 * (after the XFS4IoT generated handlers). TIMEOUT and CANCELED are decided by the caller's context, not
 * by what the driver says: the driver's own context is cancelled in both cases.
 */
final class CompletionMapper {
    private CompletionMapper() {
    }

    static DeviceException map(Throwable thrown, CommandContext callerCtx) {
        Throwable t = unwrap(thrown);
        if (t instanceof DeviceException) {
            DeviceException de = (DeviceException) t;
            if (de.code() == CompletionCode.CANCELED && !callerCtx.isCancelled() && callerCtx.isExpired()) {
                // the driver's hint is kept as given (a driver that says SUSPEND means it)
                return new DeviceException(CompletionCode.TIMEOUT, de.errorCode().orElse(null), "deadline passed",
                        de.hint(), de);
            }
            return de;
        }
        if (t instanceof CancellationException || t instanceof InterruptedException) {
            return stopped(callerCtx, t);
        }
        if (t instanceof TimeoutException) {
            return new DeviceException(CompletionCode.TIMEOUT, null, "driver timed out", null, t);
        }
        if (t instanceof UnsupportedOperationException) {
            return new DeviceException(CompletionCode.UNSUPPORTED, null, describe(t), null, t);
        }
        if (t instanceof IllegalArgumentException) {
            return new DeviceException(CompletionCode.INVALID_DATA, null, describe(t), null, t);
        }
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return new DeviceException(CompletionCode.HARDWARE_ERROR, null, describe(t), null, t);
        }
        return new DeviceException(CompletionCode.INTERNAL_ERROR, null, describe(t), null, t);
    }

    private static DeviceException stopped(CommandContext callerCtx, Throwable t) {
        if (!callerCtx.isCancelled() && callerCtx.isExpired()) {
            return new DeviceException(CompletionCode.TIMEOUT, null, "deadline passed", null, t);
        }
        return new DeviceException(CompletionCode.CANCELED, null, "command cancelled", null, t);
    }

    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && (cur instanceof CompletionException || cur instanceof ExecutionException
                || cur instanceof InvocationTargetException || cur instanceof UndeclaredThrowableException)) {
            cur = cur.getCause();
        }
        return cur;
    }

    static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
