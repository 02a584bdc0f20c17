package org.opendmv.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.Test;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.manager.api.DeviceManager;

/** kiosk:simulate without --card names the reader it waits on, what to do and for how long. */
public class SimulateWithoutCardTest {
    private static DeviceManager serving(IdCardReader reader) {
        return (DeviceManager) Proxy.newProxyInstance(DeviceManager.class.getClassLoader(), new Class<?>[] {DeviceManager.class},
                (p, m, a) -> {
                    if (m.getName().equals("role") && a.length == 1 && a[0] == IdCardReader.class) {
                        return Optional.ofNullable(reader);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static IdCardReader reader(DeviceInfo info, DeviceStatus status) {
        return (IdCardReader) Proxy.newProxyInstance(IdCardReader.class.getClassLoader(), new Class<?>[] {IdCardReader.class},
                (p, m, a) -> m.getName().equals("info") ? info : m.getName().equals("status") ? status : null);
    }

    @Test
    public void namesTheReaderWhatToDoAndHowLong() {
        SimulateCommand c = new SimulateCommand();
        c.devices = serving(reader(DeviceInfo.builder("front-reader", DeviceClass.ID_CARD_READER, "acme-net").vendor("Acme")
                .model("NR-200").build(), DeviceStatus.ready(OperationalState.ONLINE)));
        c.stepTimeout = 90;
        assertEquals("未指定 --card：请将身份证放在阅读器 front-reader (driver acme-net, Acme NR-200) 上，最长等待 90 秒\n"
                + "No --card: waiting for a physical ID card on reader front-reader (driver acme-net, Acme NR-200): "
                + "place the card on the reader; waiting up to 90 s (--step-timeout)", c.waitingForCard());
    }

    @Test
    public void saysWhenTheReaderIsNotReady() {
        SimulateCommand c = new SimulateCommand();
        c.devices = serving(reader(DeviceInfo.builder("front-reader", DeviceClass.ID_CARD_READER, "acme-net").build(),
                DeviceStatus.ready(OperationalState.NO_DEVICE)));
        String s = c.waitingForCard();
        assertTrue(s, s.endsWith("; it is not ready now: READY NO_DEVICE"));
    }

    @Test
    public void noReaderNoWaiting() {
        SimulateCommand c = new SimulateCommand();
        c.devices = serving(null);
        try {
            c.waitingForCard();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no --card given and no ID card reader serves the role 'idCardReader' (see kiosk:devices); configure one, "
                    + "or give --card <profile> to use the simulator (kiosk:sim profiles)", e.getMessage());
        }
    }
}
