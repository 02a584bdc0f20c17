package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;

import java.util.Map;

import org.junit.Test;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;

/** What the citizen is told after a failed device command follows the hint the driver or core gave. */
public class DeviceCallsTest {
    private static final LocalizedText READER = LocalizedText.of("身份证阅读器", "The ID card reader");

    private static Map.Entry<String, LocalizedText> only(StepResult r) {
        assertEquals(1, r.errors().size());
        return r.errors().entrySet().iterator().next();
    }

    @Test
    public void aTimeoutWithSuspendStaysSuspend() {
        var e = only(DeviceCalls.problem(READER, new DeviceException(CompletionCode.TIMEOUT, null, "rebooting", ActionHint.SUSPEND, null)));
        assertEquals("device:SUSPEND", e.getKey());
        assertEquals("身份证阅读器暂时不可用，请稍候再试。", e.getValue().zh());
    }

    @Test
    public void aTimeoutWithoutAHintIsRetry() {
        var e = only(DeviceCalls.problem(READER, new DeviceException(CompletionCode.TIMEOUT, "deadline passed")));
        assertEquals("device:RETRY", e.getKey());
        assertEquals("The ID card reader did not succeed; please try again.", e.getValue().en());
    }

    @Test
    public void aBrokenDeviceSendsTheCitizenToTheCounter() {
        // what the device manager answers for a reader in HARDWARE_ERROR or NO_DEVICE
        var e = only(DeviceCalls.problem(READER, new DeviceException(CompletionCode.DEVICE_NOT_READY, null,
                "device r1 is not ready: READY HARDWARE_ERROR", ActionHint.MAINTENANCE, null)));
        assertEquals("device:MAINTENANCE", e.getKey());
        assertEquals("身份证阅读器故障，暂停服务，请到人工窗口办理。", e.getValue().zh());
        assertEquals("The ID card reader is out of service; please go to a service counter.", e.getValue().en());
    }
}
