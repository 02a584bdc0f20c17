package org.opendmv.devices.testkit;

import java.util.Map;

import org.opendmv.devices.api.DeviceClass;

/** The suite against a well-behaved driver: every check passes. */
public class MemoryReaderConformanceTest extends DriverConformanceTest {
    @Override
    protected DriverUnderTest driver() {
        MemoryReaderFactory f = new MemoryReaderFactory();
        return DriverUnderTest.of(f, DeviceClass.ID_CARD_READER)
                .config(Map.of("poll", "20ms"))
                .badConfig(Map.of("poll", "often"))
                .presentMedia(() -> f.cardPresent.set(true));
    }
}
