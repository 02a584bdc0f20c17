package org.opendmv.devices.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Identity of one device instance: the core's instance id, class and driver type, plus what the driver
 * knows about the hardware (vendor, model, firmware, serial number). Immutable.
 */
public final class DeviceInfo {
    private final String instanceId;
    private final DeviceClass deviceClass;
    private final String driverType;
    private final String vendor;
    private final String model;
    private final String firmware;
    private final String serialNumber;

    private DeviceInfo(Builder b) {
        this.instanceId = b.instanceId;
        this.deviceClass = b.deviceClass;
        this.driverType = b.driverType;
        this.vendor = b.vendor;
        this.model = b.model;
        this.firmware = b.firmware;
        this.serialNumber = b.serialNumber;
    }

    /** Starts a builder; vendor and model default to the empty string. */
    public static Builder builder(String instanceId, DeviceClass deviceClass, String driverType) {
        return new Builder(instanceId, deviceClass, driverType);
    }

    /** The instance id from the device configuration, e.g. {@code "printer-1"}. */
    public String instanceId() {
        return instanceId;
    }

    public DeviceClass deviceClass() {
        return deviceClass;
    }

    /** The driver type id of the factory that serves this instance, e.g. {@code "sim"}. */
    public String driverType() {
        return driverType;
    }

    /** Manufacturer name, empty if unknown. */
    public String vendor() {
        return vendor;
    }

    /** Model name, empty if unknown. */
    public String model() {
        return model;
    }

    public Optional<String> firmware() {
        return Optional.ofNullable(firmware);
    }

    public Optional<String> serialNumber() {
        return Optional.ofNullable(serialNumber);
    }

    /** A builder pre-filled with this info, e.g. to add the firmware version once it is known. */
    public Builder toBuilder() {
        return new Builder(instanceId, deviceClass, driverType).vendor(vendor).model(model)
                .firmware(firmware).serialNumber(serialNumber);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeviceInfo)) {
            return false;
        }
        DeviceInfo d = (DeviceInfo) o;
        return instanceId.equals(d.instanceId) && deviceClass == d.deviceClass && driverType.equals(d.driverType)
                && vendor.equals(d.vendor) && model.equals(d.model) && Objects.equals(firmware, d.firmware)
                && Objects.equals(serialNumber, d.serialNumber);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceId, deviceClass, driverType, vendor, model, firmware, serialNumber);
    }

    @Override
    public String toString() {
        return "DeviceInfo[" + instanceId + ", " + deviceClass + ", driver=" + driverType
                + (vendor.isEmpty() ? "" : ", " + vendor) + (model.isEmpty() ? "" : " " + model) + "]";
    }

    /** Builder for {@link DeviceInfo}. */
    public static final class Builder {
        private final String instanceId;
        private final DeviceClass deviceClass;
        private final String driverType;
        private String vendor = "";
        private String model = "";
        private String firmware;
        private String serialNumber;

        private Builder(String instanceId, DeviceClass deviceClass, String driverType) {
            this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
            this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass");
            this.driverType = Objects.requireNonNull(driverType, "driverType");
        }

        public Builder vendor(String vendor) {
            this.vendor = vendor == null ? "" : vendor;
            return this;
        }

        public Builder model(String model) {
            this.model = model == null ? "" : model;
            return this;
        }

        /** Firmware or revision, {@code null} if unknown. */
        public Builder firmware(String firmware) {
            this.firmware = firmware;
            return this;
        }

        /** Serial number, {@code null} if unknown. */
        public Builder serialNumber(String serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        public DeviceInfo build() {
            return new DeviceInfo(this);
        }
    }
}
