package org.opendmv.console.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceView;

/** kiosk:devices ID shows what the driver reports of the hardware: vendor, model, firmware, serial number. */
public class DevicesCommandTest {
    private static DevicesCommand command(String id, DeviceView... views) {
        DevicesCommand c = new DevicesCommand();
        c.devices = (DeviceManager) Proxy.newProxyInstance(DeviceManager.class.getClassLoader(),
                new Class<?>[] {DeviceManager.class}, (p, m, a) -> {
                    if (m.getName().equals("devices")) {
                        return List.of(views);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        c.id = id;
        return c;
    }

    private static String run(DevicesCommand c) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        c.print(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    private static final DeviceView READER = DeviceView.of(DeviceInfo.builder("id-reader-1", DeviceClass.ID_CARD_READER, "acme-net")
            .vendor("Acme").model("NR-200").firmware("2.4.1").serialNumber("SN-0042").build(), "idCardReader",
            DeviceStatus.ready(OperationalState.ONLINE));
    private static final DeviceView PRINTER = DeviceView.of(DeviceInfo.builder("printer-1", DeviceClass.RECEIPT_PRINTER, "escpos-printer")
            .build(), "receiptPrinter", DeviceStatus.ready(OperationalState.ONLINE));

    @Test
    public void oneDeviceShowsVendorModelFirmwareAndSerialNumber() {
        String out = run(command("id-reader-1", READER, PRINTER));
        assertTrue(out, out.contains("Vendor:        Acme\n"));
        assertTrue(out, out.contains("Model:         NR-200\n"));
        assertTrue(out, out.contains("Firmware:      2.4.1\n"));
        assertTrue(out, out.contains("Serial number: SN-0042\n"));
        assertTrue(out, out.contains("1 device(s)"));
        assertFalse("only the device asked for", out.contains("printer-1"));
    }

    @Test
    public void whatTheDriverDoesNotKnowIsADash() {
        String out = run(command("printer-1", READER, PRINTER));
        assertTrue(out, out.contains("Vendor:        -\n"));
        assertTrue(out, out.contains("Model:         -\n"));
        assertTrue(out, out.contains("Firmware:      -\n"));
        assertTrue(out, out.contains("Serial number: -\n"));
    }

    @Test
    public void theListStaysATable() {
        String out = run(command(null, READER, PRINTER));
        assertTrue(out, out.contains("Acme / NR-200"));
        assertTrue(out, out.contains("- / -"));
        assertFalse(out, out.contains("Serial number:"));
        assertTrue(out, out.contains("2 device(s)"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void anUnknownIdIsRefused() {
        run(command("nope", READER));
    }
}
