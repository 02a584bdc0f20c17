package org.opendmv.devices.escpos.internal;

import java.util.Map;

import org.junit.After;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/** The driver conformance suite against a network ESC/POS printer ({@link FakePrinter} on 127.0.0.1). */
public class EscPosConformanceTest extends DriverConformanceTest {
    private FakePrinter fake;

    @Override
    protected DriverUnderTest driver() throws Exception {
        fake = new FakePrinter();
        return DriverUnderTest.of(new EscPosDriverFactory(EscPosPrinterTest.defaults()), DeviceClass.RECEIPT_PRINTER)
                .config(Map.of("host", "127.0.0.1", "port", String.valueOf(fake.port()), "status.poll.s", "1"))
                .badConfig(Map.of("host", "127.0.0.1", "port", "70000"))
                .holdCommands(fake::hold, fake::release);
    }

    @After
    public void stopPrinter() throws Exception {
        fake.close();
    }
}
