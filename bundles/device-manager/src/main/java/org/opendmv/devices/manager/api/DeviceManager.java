package org.opendmv.devices.manager.api;

import java.util.List;
import java.util.Optional;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.ReceiptPrinter;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kiosk's device registry, implemented by the core and used by flows, the UI and the console.
 *
 * <p>Flows ask for a <em>role</em> ({@code "idCardReader"}), never for a driver. The device returned is
 * a wrapper owned by the core: it stays valid while drivers come and go (commands then complete with
 * {@link CompletionCode#DEVICE_NOT_READY}), so it may be kept for a whole session. Its commands run one at
 * a time per device, honour the {@link CommandContext} deadline and fail only with
 * {@link DeviceException}.
 *
 * <p>When several devices serve one role, a usable one is preferred, then the lowest instance id.
 */
@ProviderType
public interface DeviceManager {

    /** Snapshot of every configured device, sorted by instance id. */
    List<DeviceView> devices();

    /** Snapshot of one device by instance id. */
    Optional<DeviceView> device(String id);

    /** The device serving {@code role}, whatever its class; empty if no device is configured for it. */
    Optional<Device> byRole(String role);

    /**
     * The device serving {@code role} as {@code type}, e.g. {@code role("counterPrinter", ReceiptPrinter.class)};
     * empty if none is configured or it is not of that type.
     */
    <T extends Device> Optional<T> role(String role, Class<T> type);

    /**
     * The device serving the default role of the class of {@code type}, e.g.
     * {@code role(IdCardReader.class)} for role {@code "idCardReader"}.
     */
    <T extends Device> Optional<T> role(Class<T> type);

    /** The device with this instance id, e.g. for the operator console. */
    Optional<Device> byId(String id);

    /** The most recent status changes, newest first, at most {@code max} (the core keeps the last 200). */
    List<DeviceStatusEvent> recentStatusEvents(int max);

    /** The most recent error events, newest first, at most {@code max} (the core keeps the last 200). */
    List<DeviceErrorEvent> recentErrors(int max);

    /** Registers a listener; it first receives nothing, so read {@link #devices()} for the current state. */
    void addListener(DeviceListener listener);

    /** Unregisters a listener; no-op if not registered. */
    void removeListener(DeviceListener listener);
}
