package org.opendmv.devices.manager.internal;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;

import java.util.concurrent.CompletableFuture;

import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.manager.api.DeviceStatusEvent;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's record of one configured device: configuration, status and the current driver session (if
 * any). Status writes and session attach/detach happen under this object's monitor, so a driver callback
 * can never overwrite the status the core set when it detached the driver.
 */
final class ManagedDevice {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedDevice.class);

    final DeviceInstanceConfig config;
    private final EventDispatcher events;
    private DeviceStatus status;
    private volatile DriverSession session;
    private volatile DeviceInfo info;
    private volatile boolean removed;
    /** The hint of the driver's last error event while the device is not usable; null when none. */
    private volatile ActionHint lastErrorHint;
    /** Completes when the last session's dispose finished (or timed out); guarded by the manager lock. */
    CompletableFuture<Void> lastDisposal;
    int generation;

    ManagedDevice(DeviceInstanceConfig config, EventDispatcher events, CompletableFuture<Void> previousDisposal) {
        this.config = config;
        this.events = events;
        this.info = config.infoBuilder().build();
        this.lastDisposal = previousDisposal;
    }

    String id() {
        return config.id();
    }

    synchronized DeviceStatus status() {
        return status;
    }

    DriverSession session() {
        return session;
    }

    void errorReported(ActionHint hint) {
        lastErrorHint = hint;
    }

    /**
     * What a command refused because the device is not usable tells the citizen: out of service (go to the
     * counter) for a device that will not come back by waiting — misconfigured, broken ({@code HARDWARE_ERROR})
     * or absent ({@code NO_DEVICE}); for the latter two the hint of the driver's last error event wins if it gave
     * one. {@code null} (the code's default, SUSPEND: try later) for anything that may recover by itself.
     */
    ActionHint notReadyHint() {
        DeviceStatus st = status();
        if (st == null) {
            return ActionHint.MAINTENANCE;
        }
        if (st.detail() == LifecycleDetail.CONFIGURATION_ERROR) {
            return ActionHint.MAINTENANCE;
        }
        if (st.operational() == OperationalState.HARDWARE_ERROR || st.operational() == OperationalState.NO_DEVICE) {
            ActionHint h = lastErrorHint;
            return h != null ? h : ActionHint.MAINTENANCE;
        }
        return null;
    }

    DeviceInfo info() {
        return info;
    }

    boolean isRemoved() {
        return removed;
    }

    DeviceView view() {
        return DeviceView.of(info, config.role(), status());
    }

    /** Core-originated status change. */
    synchronized void setStatus(DeviceStatus next) {
        if (next.equals(status)) {
            return;
        }
        DeviceStatus prev = status;
        status = next;
        if (next.isUsable()) {
            lastErrorHint = null; // a recovered device forgets what its last error asked for
        }
        // published under the monitor so that listeners see changes in the order they happened
        events.status(DeviceStatusEvent.of(config.id(), config.deviceClass(), config.role(), prev, next));
    }

    /** Driver-originated status change; dropped unless {@code from} is the attached, live session. */
    synchronized boolean setStatusFrom(DriverSession from, DeviceStatus next) {
        if (from != session || from.isStopped()) {
            return false;
        }
        setStatus(next);
        return true;
    }

    synchronized void attach(DriverSession s, DeviceStatus initial) {
        session = s;
        setStatus(initial);
    }

    /** Detaches {@code s} if it is attached; from now on its callbacks are dropped. */
    synchronized boolean detach(DriverSession s, DeviceStatus finalStatus, boolean remove) {
        if (remove) {
            removed = true;
        }
        if (s != null) {
            s.markStopped();
        }
        boolean wasAttached = s != null && session == s;
        if (wasAttached) {
            session = null;
        }
        setStatus(finalStatus);
        return wasAttached;
    }

    /** Takes vendor/model/firmware from the driver but keeps the core's identity fields. */
    void refreshInfo(Device driverDevice) {
        try {
            DeviceInfo d = driverDevice.info();
            if (d != null) {
                info = config.infoBuilder().vendor(d.vendor()).model(d.model()).firmware(d.firmware().orElse(null))
                        .serialNumber(d.serialNumber().orElse(null)).build();
            }
        } catch (RuntimeException e) {
            LOG.debug("Device {}: driver info() failed", config.id(), e);
        }
    }

    @Override
    public String toString() {
        return "ManagedDevice[" + config.id() + "]";
    }
}
