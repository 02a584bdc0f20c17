package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.opendmv.devices.sim.internal.SimFixture.assertFails;
import static org.opendmv.devices.sim.internal.SimFixture.await;
import static org.opendmv.devices.sim.internal.SimFixture.get;

import java.util.EnumSet;
import java.util.concurrent.CompletionStage;

import org.junit.After;
import org.junit.Test;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.SignaturePad;
import org.opendmv.devices.api.SignatureRequest;
import org.opendmv.devices.api.spi.DeviceHandler;

public class SimDriverFactoryTest {
    private final SimFixture fx = new SimFixture();

    @After
    public void tearDown() {
        fx.close();
    }

    @Test
    public void servesEveryClassWithTheRightInterface() {
        assertEquals("sim", fx.factory.driverType());
        assertEquals(EnumSet.allOf(DeviceClass.class), fx.factory.supportedClasses());
        for (DeviceClass c : DeviceClass.values()) {
            DeviceHandler h = fx.handler("dev-" + c, c);
            assertTrue(c + " implements " + c.type(), c.type().isInstance(h.device()));
            assertEquals(c, h.device().info().deviceClass());
            assertEquals("sim", h.device().info().driverType());
            assertEquals(DeviceStatus.ready(OperationalState.ONLINE), h.device().status().withSubstatus("media", null)
                    .withSubstatus("paper", null));
        }
        assertEquals(5, fx.control.deviceIds().size());
    }

    @Test
    public void badSettingsAreReportedAsConfigurationErrorsNotThrown() {
        String[][] bad = {{"sim.latency.ms", "soon"}, {"sim.latency.ms", "-1"}, {"sim.fault", "PAPER_OUT"},
            {"sim.fault", "BROKEN"}};
        for (String[] kv : bad) {
            DeviceHandler h = fx.handler("bad", DeviceClass.SIGNATURE_PAD, kv);
            DeviceStatus s = h.device().status();
            assertEquals(String.join("=", kv), Lifecycle.UNINITIALIZED, s.lifecycle());
            assertEquals(LifecycleDetail.CONFIGURATION_ERROR, s.detail());
            assertSame(s, fx.lastStatus().orElseThrow());
        }
        assertTrue("misconfigured devices are not controllable", fx.control.deviceIds().isEmpty());
    }

    @Test
    public void operationalFaultsRefuseCommandsAndRaiseEvents() throws Exception {
        SignaturePad pad = (SignaturePad) fx.handler("pad", DeviceClass.SIGNATURE_PAD).device();
        fx.control.fail("pad", "HARDWARE_ERROR");
        assertEquals(OperationalState.HARDWARE_ERROR, fx.lastStatus().orElseThrow().operational());
        assertEquals("HARDWARE_ERROR", fx.errors().get(0).errorCode());
        assertFails(pad.capture(SignatureRequest.DEFAULT, fx.ctx()), CompletionCode.HARDWARE_ERROR, null);
        fx.control.fail("pad", "offline");
        assertFails(pad.capture(SignatureRequest.DEFAULT, fx.ctx()), CompletionCode.DEVICE_NOT_READY, null);
        fx.control.fail("pad", "ONLINE");
        assertTrue(fx.lastStatus().orElseThrow().isUsable());
        get(pad.capture(SignatureRequest.DEFAULT, fx.ctx()));
    }

    @Test
    public void configuredFaultAndSlowStartUp() throws Exception {
        DeviceHandler h = fx.handler("printer", DeviceClass.RECEIPT_PRINTER, "sim.fault", "NO_DEVICE", "sim.init.ms", "30");
        assertEquals(Lifecycle.INITIALIZING, h.device().status().lifecycle());
        await("ready", () -> h.device().status().lifecycle() == Lifecycle.READY);
        assertEquals(OperationalState.NO_DEVICE, h.device().status().operational());
        fx.control.reset();
        assertEquals("reset restores the configured fault", OperationalState.NO_DEVICE, h.device().status().operational());
        fx.control.fail("printer", "ONLINE");
        assertTrue(h.device().status().isUsable());
        assertTrue(h.device() instanceof ReceiptPrinter);
    }

    @Test
    public void disposeEndsRunningCommandsAndUnregisters() throws Exception {
        DeviceHandler h = fx.handler("reader", DeviceClass.ID_CARD_READER);
        CompletionStage<IdCardData> read = ((IdCardReader) h.device()).readCard(ReadCardRequest.TEXT_ONLY, fx.ctx());
        int reported = fx.statuses().size();
        h.dispose();
        assertFails(read, CompletionCode.DEVICE_NOT_READY, null);
        assertTrue(fx.control.deviceIds().isEmpty());
        fx.control.insertCard("adult-male");
        assertEquals("no callbacks after dispose", reported, fx.statuses().size());
    }

    @Test
    public void runtimeDelaySlowsCommandsDown() throws Exception {
        IdCardReader r = (IdCardReader) fx.handler("reader", DeviceClass.ID_CARD_READER).device();
        fx.control.delay("reader", 60_000);
        fx.control.insertCard("adult-male");
        assertFails(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx(java.time.Duration.ofMillis(100))),
                CompletionCode.TIMEOUT, null);
        fx.control.delay("reader", 0);
        assertEquals("测试甲", get(r.readCard(ReadCardRequest.TEXT_ONLY, fx.ctx())).name());
    }
}
