package org.opendmv.devices.sim.internal;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/** The driver conformance suite against the simulated RECEIPT_PRINTER. */
public class SimReceiptPrinterConformanceTest extends DriverConformanceTest {
    @Override
    protected DriverUnderTest driver() {
        return SimConformance.driver(DeviceClass.RECEIPT_PRINTER);
    }
}
