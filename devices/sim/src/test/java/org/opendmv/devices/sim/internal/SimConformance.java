package org.opendmv.devices.sim.internal;

import java.util.Map;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverUnderTest;
import org.opendmv.devices.testkit.VirtualIdCard;

/** The simulator as a driver under the testkit's conformance suite: one test class per device class. */
final class SimConformance {
    /** Card profile of the testkit's {@link VirtualIdCard}. */
    static final String VIRTUAL = "virtual";

    private SimConformance() {
    }

    /**
     * A simulator whose only citizen is the testkit's virtual card. Commands are held by giving the
     * device a minute of latency (the console's {@code kiosk:sim delay}) and released by setting it back.
     */
    static DriverUnderTest driver(DeviceClass deviceClass) {
        Citizen virtual = new Citizen(VIRTUAL, "testkit VirtualIdCard", VirtualIdCard.NAME, VirtualIdCard.SEX,
                VirtualIdCard.ETHNICITY, VirtualIdCard.BIRTH_DATE, VirtualIdCard.ADDRESS, VirtualIdCard.ID_NUMBER,
                VirtualIdCard.AUTHORITY, VirtualIdCard.VALID_FROM, VirtualIdCard.VALID_UNTIL);
        SimControl control = new SimControl(Map.of(VIRTUAL, virtual), 0);
        String id = "sim-" + deviceClass.role();
        DriverUnderTest d = DriverUnderTest.of(new SimDriverFactory(control), deviceClass).instanceId(id)
                .config(Map.of())
                .badConfig(Map.of(SimDevice.KEY_LATENCY, "-5"));
        if (deviceClass == DeviceClass.ID_CARD_READER) {
            // a read waits for a card: not inserting one holds it
            return d.presentMedia(() -> control.insertCard(VIRTUAL));
        }
        return d.holdCommands(() -> control.delay(id, 60_000), () -> control.delay(id, 0));
    }
}
