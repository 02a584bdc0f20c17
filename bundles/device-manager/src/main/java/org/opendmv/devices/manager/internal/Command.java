package org.opendmv.devices.manager.internal;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.DeviceException;

/** One device command: the caller's context, the derived context the driver sees, and the result. */
final class Command {
    final Method method;
    private final Object[] args;
    final CommandContext callerCtx;
    final CommandContext driverCtx;
    final CompletableFuture<Object> result = new CompletableFuture<>();

    Command(Method method, Object[] args, CommandContext callerCtx) {
        this.method = method;
        this.args = args;
        this.callerCtx = callerCtx;
        // the driver's context is also cancelled at the deadline, without touching the caller's
        this.driverCtx = callerCtx.derive();
    }

    Object[] driverArgs() {
        Object[] a = args.clone();
        a[a.length - 1] = driverCtx;
        return a;
    }

    /** First outcome wins: result, caller cancel, deadline or driver stop. */
    void fail(DeviceException e) {
        result.completeExceptionally(e);
    }
}
