package org.opendmv.devices.manager.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;

/**
 * What flows hold instead of a driver object: a {@link java.lang.reflect.Proxy} on the class interface
 * that looks the device up by id on every call, so it survives driver updates and reconfiguration.
 * {@code info()}/{@code status()} answer from the core; commands go through the device's queue.
 */
final class DeviceProxy implements InvocationHandler {
    private static final DeviceStatus GONE = DeviceStatus.of(Lifecycle.REMOVING, LifecycleDetail.NONE,
            OperationalState.UNKNOWN, java.util.Map.of(), "device is no longer configured");

    private final DeviceManagerImpl manager;
    private final String id;
    private final DeviceClass deviceClass;
    private volatile ManagedDevice last;

    DeviceProxy(DeviceManagerImpl manager, ManagedDevice initial) {
        this.manager = manager;
        this.id = initial.id();
        this.deviceClass = initial.config.deviceClass();
        this.last = initial;
    }

    static Device create(DeviceManagerImpl manager, ManagedDevice d) {
        Class<? extends Device> type = d.config.deviceClass().type();
        // the API bundle's loader sees the interface; the proxy class needs nothing else
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new DeviceProxy(manager, d)));
    }

    /** The current device with this id and class, or {@code null}. */
    private ManagedDevice current() {
        ManagedDevice d = manager.managed(id);
        if (d != null && d.config.deviceClass() == deviceClass) {
            last = d;
            return d;
        }
        return null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return deviceClass.type().getSimpleName() + "[" + id + "]";
            }
        }
        ManagedDevice d = current();
        int n = args == null ? 0 : args.length;
        if (n == 0 && method.getName().equals("info")) {
            return (d == null ? last : d).info();
        }
        if (n == 0 && method.getName().equals("status")) {
            return d == null ? GONE : d.status();
        }
        if (CompletionStage.class.isAssignableFrom(method.getReturnType()) && n > 0
                && method.getParameterTypes()[n - 1] == CommandContext.class) {
            return manager.execute(d, id, method, args);
        }
        // not a command (e.g. a future capability getter): call the driver directly
        DriverSession s = d == null ? null : d.session();
        Device target = s == null ? null : s.driverDevice();
        if (target == null) {
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, "device " + id + " has no driver");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
