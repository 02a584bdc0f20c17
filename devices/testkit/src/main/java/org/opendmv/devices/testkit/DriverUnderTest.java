package org.opendmv.devices.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * What {@link DriverConformanceTest} needs to know about a driver: its factory, the device class to test,
 * a working configuration, and optional hooks into the vendor's emulator. Only {@link #of} and
 * {@link #config} are required; a check that needs a hook which was not given is skipped with a message
 * saying which hook would enable it.
 *
 * <pre>{@code
 * DriverUnderTest.of(new AcmeReaderHandlerFactory(), DeviceClass.ID_CARD_READER)
 *         .config(Map.of("host", "127.0.0.1", "port", String.valueOf(emulator.port())))
 *         .badConfig(Map.of("host", "127.0.0.1", "port", "not-a-port"))
 *         .presentMedia(() -> emulator.insert(VirtualIdCard.textBlock(), VirtualIdCard.wlt()))
 *         .holdCommands(emulator::stall, emulator::resume);
 * }</pre>
 */
public final class DriverUnderTest {
    private final DeviceDriverFactory factory;
    private final DeviceClass deviceClass;
    private Map<String, String> config;
    private Map<String, String> badConfig;
    private Runnable presentMedia;
    private Runnable hold;
    private Runnable release;
    private Duration readyWithin = Duration.ofSeconds(10);
    private boolean virtualIdCard = true;
    private String instanceId = "conformance-1";
    private final List<String> personalData = new ArrayList<>(VirtualIdCard.personalData());

    private DriverUnderTest(DeviceDriverFactory factory, DeviceClass deviceClass) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
    }

    /**
     * The driver to test.
     *
     * @param factory a new factory (as DS would activate it)
     * @param deviceClass one of {@code factory.supportedClasses()}; a driver serving several classes gets
     *        one test class per class
     */
    public static DriverUnderTest of(DeviceDriverFactory factory, DeviceClass deviceClass) {
        return new DriverUnderTest(factory, deviceClass);
    }

    /** Required: driver keys with which the device becomes READY and usable (ONLINE) against your emulator. */
    public DriverUnderTest config(Map<String, String> properties) {
        this.config = Map.copyOf(properties);
        return this;
    }

    /**
     * Driver keys that must give {@code UNINITIALIZED / CONFIGURATION_ERROR} (e.g. a port that is not a
     * number). Without it the configuration-error check is skipped.
     */
    public DriverUnderTest badConfig(Map<String, String> properties) {
        this.badConfig = Map.copyOf(properties);
        return this;
    }

    /**
     * Makes the next command find what it waits for: puts {@link VirtualIdCard} on the reader, a document
     * on the glass, a face before the camera, a signature on the pad. Called before each command that must
     * succeed. For such classes, not calling it is how commands are held (see {@link #holdCommands}).
     */
    public DriverUnderTest presentMedia(Runnable hook) {
        this.presentMedia = hook;
        return this;
    }

    /**
     * Makes commands hang in the device until {@code release} runs (an emulator that stops answering).
     * Needed for the deadline, cancellation and late-result checks of classes that do not wait for a person
     * (a receipt printer); for the others, not {@linkplain #presentMedia presenting media} holds a command
     * and presenting it releases it.
     */
    public DriverUnderTest holdCommands(Runnable hold, Runnable release) {
        this.hold = Objects.requireNonNull(hold, "hold");
        this.release = Objects.requireNonNull(release, "release");
        return this;
    }

    /** How long the device may take to become usable after {@code initialize()}; default 10 s. */
    public DriverUnderTest readyWithin(Duration timeout) {
        this.readyWithin = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * For an ID card reader whose emulator serves another synthetic card than {@link VirtualIdCard}: the
     * data read is then only checked for a valid GB 11643 number, not compared with the virtual card's.
     * Add that card's name, number and address with {@link #personalData}.
     */
    public DriverUnderTest anySyntheticCard() {
        this.virtualIdCard = false;
        return this;
    }

    /** More strings that must never reach the log, besides {@link VirtualIdCard#personalData()}. */
    public DriverUnderTest personalData(Collection<String> strings) {
        this.personalData.addAll(strings);
        return this;
    }

    /** The device instance id used in the configurations; default {@code conformance-1}. */
    public DriverUnderTest instanceId(String id) {
        this.instanceId = Objects.requireNonNull(id, "id");
        return this;
    }

    DeviceDriverFactory factory() {
        return factory;
    }

    DeviceClass deviceClass() {
        return deviceClass;
    }

    DeviceInstanceConfig goodConfig() {
        if (config == null) {
            throw new IllegalStateException("DriverUnderTest.config(...) is required");
        }
        return DeviceInstanceConfig.of(instanceId, deviceClass, factory.driverType(), null, config);
    }

    Optional<DeviceInstanceConfig> badConfig() {
        return Optional.ofNullable(badConfig)
                .map(b -> DeviceInstanceConfig.of(instanceId, deviceClass, factory.driverType(), null, b));
    }

    void presentMedia() {
        if (presentMedia != null) {
            presentMedia.run();
        }
    }

    boolean hasPresentMedia() {
        return presentMedia != null;
    }

    Optional<Runnable> hold() {
        return Optional.ofNullable(hold);
    }

    Optional<Runnable> release() {
        return Optional.ofNullable(release);
    }

    Duration readyWithin() {
        return readyWithin;
    }

    boolean expectsVirtualIdCard() {
        return virtualIdCard;
    }

    List<String> personalData() {
        return personalData;
    }

    @Override
    public String toString() {
        return "DriverUnderTest[" + factory.driverType() + ", " + deviceClass + "]";
    }
}
