package org.opendmv.devices.sim.internal;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/** The driver conformance suite against the simulated ID_CARD_READER. */
public class SimIdCardReaderConformanceTest extends DriverConformanceTest {
    @Override
    protected DriverUnderTest driver() {
        return SimConformance.driver(DeviceClass.ID_CARD_READER);
    }
}
