package org.opendmv.devices.serialsam.internal;

import java.util.Map;
import org.junit.After;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/**
 * The testkit's driver conformance suite against a SAM reader emulated on a real pty pair: the card
 * ({@code VirtualIdCard}) is put on the reader by {@code presentMedia}; without it a read waits, which is
 * how the deadline, cancel and late-result checks hold a command.
 */
public class SerialSamConformanceTest extends DriverConformanceTest {
    private SamPtyEmulator sam;

    @Override
    protected DriverUnderTest driver() throws Exception {
        sam = new SamPtyEmulator(false);
        return DriverUnderTest.of(new SerialSamDriverFactory(), DeviceClass.ID_CARD_READER)
                .config(Map.of("serial.port", sam.port(), "reply.timeout.ms", "800", "poll.ms", "100"))
                .badConfig(Map.of("serial.port", sam.port(), "baud", "fast"))
                .presentMedia(() -> sam.cardPresent = true);
    }

    @After
    public void unplug() throws Exception {
        if (sam != null) {
            sam.close();
        }
    }
}
