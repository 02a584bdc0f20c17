package org.opendmv.ui.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;

/** A device this step needs that is broken or absent sends the citizen to the counter, not to "try later". */
public class DeviceProblemActionTest {
    @Test
    public void brokenAbsentOrMisconfiguredDevicesAreOutOfService() {
        assertTrue(VisitScreen.outOfService(DeviceStatus.ready(OperationalState.HARDWARE_ERROR)));
        assertTrue(VisitScreen.outOfService(DeviceStatus.ready(OperationalState.NO_DEVICE)));
        assertTrue(VisitScreen.outOfService(DeviceStatus.uninitialized(LifecycleDetail.CONFIGURATION_ERROR, "bad port")));
        assertTrue("no device serves the role", VisitScreen.outOfService(null));
    }

    @Test
    public void devicesThatMayComeBackAreNot() {
        assertFalse(VisitScreen.outOfService(DeviceStatus.ready(OperationalState.OFFLINE)));
        assertFalse(VisitScreen.outOfService(DeviceStatus.uninitialized(LifecycleDetail.DRIVER_MISSING, "updating")));
        assertFalse(VisitScreen.outOfService(DeviceStatus.initializing("opening")));
    }
}
