package org.opendmv.devices.escpos.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptLine;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.testkit.RecordingCallback;

public class EscPosPrinterTest {
    private static final Charset GB = Charset.forName("GB18030");

    private FakePrinter fake;
    private RecordingCallback callback;
    private DeviceHandler handler;

    @Before
    public void setUp() throws Exception {
        fake = new FakePrinter();
        callback = new RecordingCallback();
    }

    @After
    public void tearDown() throws Exception {
        if (handler != null) {
            handler.dispose();
        }
        callback.close();
        fake.close();
    }

    static EscPosConfig defaults() {
        return (EscPosConfig) Proxy.newProxyInstance(EscPosConfig.class.getClassLoader(), new Class<?>[] {EscPosConfig.class},
                (p, m, a) -> m.getDefaultValue());
    }

    private ReceiptPrinter start(Map<String, String> props) throws Exception {
        DeviceInstanceConfig cfg = DeviceInstanceConfig.of("printer-1", DeviceClass.RECEIPT_PRINTER, "escpos-printer", null, props);
        handler = new EscPosDriverFactory(defaults()).createHandler(cfg, callback);
        handler.initialize();
        return (ReceiptPrinter) handler.device();
    }

    private ReceiptPrinter network() throws Exception {
        ReceiptPrinter p = start(Map.of("host", "127.0.0.1", "port", String.valueOf(fake.port())));
        awaitStatus(s -> s.isUsable() && s.operational() == OperationalState.ONLINE);
        return p;
    }

    private DeviceStatus awaitStatus(java.util.function.Predicate<DeviceStatus> p) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (DeviceStatus s : callback.statuses()) {
                if (p.test(s)) {
                    return s;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("status not reached; saw " + callback.statuses());
    }

    private static Receipt receipt() {
        return Receipt.builder()
                .line(ReceiptLine.of("流水号 20261124K001000001", ReceiptLine.Align.CENTER, true))
                .line("业务：驾驶证期满换证")
                .line("金额：10.00 元")
                .qrText("https://kiosk.example/a/20261124K001000001").build();
    }

    @Test
    public void printsChineseLinesAndTheQrCodeExactly() throws Exception {
        ReceiptPrinter p = network();
        assertEquals(PaperStatus.FULL, p.print(receipt(), CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get().paper());
        EscPosDecoder.Page page = EscPosDecoder.decode(fake.captured(), GB);
        assertTrue(page.initialised && page.chineseMode && page.cut);
        assertEquals(List.of("流水号 20261124K001000001", "业务：驾驶证期满换证", "金额：10.00 元"), page.lines);
        assertEquals(List.of(1, 0, 0), page.aligns);
        assertEquals(List.of(true, false, false), page.bold);
        assertEquals("https://kiosk.example/a/20261124K001000001", page.qr);
    }

    @Test
    public void paperLowStillPrintsAndIsReported() throws Exception {
        ReceiptPrinter p = network();
        fake.paperLow();
        assertEquals(PaperStatus.LOW, p.print(receipt(), CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get().paper());
        assertEquals(PaperStatus.LOW, p.status().substatus(PaperStatus.class).orElseThrow());
        assertEquals(3, EscPosDecoder.decode(fake.captured(), GB).lines.size());
    }

    @Test
    public void paperOutIsATypedErrorAndNothingIsPrinted() throws Exception {
        ReceiptPrinter p = network();
        fake.paperOut();
        try {
            p.print(receipt(), CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get();
            fail();
        } catch (ExecutionException e) {
            DeviceException d = DeviceException.find(e).orElseThrow();
            assertEquals(CompletionCode.HARDWARE_ERROR, d.code());
            assertEquals("PAPER_OUT", d.errorCode().orElseThrow());
            assertEquals(ActionHint.CLEAR, d.hint());
        }
        assertEquals(0, fake.captured().length);
        assertEquals("PAPER_OUT", callback.errors().get(0).errorCode());
        assertEquals(PaperStatus.OUT, p.status().substatus(PaperStatus.class).orElseThrow());
        assertEquals(OperationalState.USER_ERROR, p.status().operational());
    }

    @Test
    public void unreachablePrinterIsOfflineAndPrintingFailsClearly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ReceiptPrinter p = start(Map.of("host", "127.0.0.1", "port", String.valueOf(port), "connect.timeout.ms", "500"));
        DeviceStatus off = awaitStatus(s -> s.operational() == OperationalState.OFFLINE);
        assertTrue(off.description(), off.description().startsWith("printer not reachable"));
        try {
            p.print(receipt(), CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get();
            fail();
        } catch (ExecutionException e) {
            assertEquals(CompletionCode.HARDWARE_ERROR, DeviceException.codeOf(e));
        }
    }

    @Test
    public void printerHangingUpMidPrintIsATypedError() throws Exception {
        ReceiptPrinter p = network();
        fake.hangUpAfterReplies = 2;
        try {
            p.print(receipt(), CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get();
            fail();
        } catch (ExecutionException e) {
            DeviceException d = DeviceException.find(e).orElseThrow();
            assertEquals(CompletionCode.HARDWARE_ERROR, d.code());
            assertTrue(d.getMessage(), d.getMessage().startsWith("printer connection failed"));
        }
    }

    @Test
    public void cancelledCommandSendsNothing() throws Exception {
        ReceiptPrinter p = network();
        CommandContext ctx = CommandContext.withTimeout(Duration.ofSeconds(5));
        ctx.cancel();
        try {
            p.print(receipt(), ctx).toCompletableFuture().get(5, TimeUnit.SECONDS);
            fail();
        } catch (ExecutionException | RuntimeException e) {
            // the core maps this to CANCELED
        }
        assertEquals(0, fake.captured().length);
    }

    @Test
    public void misconfigurationIsAStatusNotAnException() throws Exception {
        start(Map.of("host", "127.0.0.1", "device.path", "/dev/usb/lp0"));
        DeviceStatus s = awaitStatus(x -> x.detail() == LifecycleDetail.CONFIGURATION_ERROR);
        assertTrue(s.description(), s.description().contains("exactly one of"));
        handler.dispose();
        callback.clear();
        start(Map.of("host", "127.0.0.1", "charset", "NO-SUCH-CHARSET"));
        awaitStatus(x -> x.detail() == LifecycleDetail.CONFIGURATION_ERROR);
        assertEquals(DeviceClass.RECEIPT_PRINTER, handler.device().info().deviceClass());
        // a misconfigured printer refuses to print instead of failing somewhere inside
        try {
            ((ReceiptPrinter) handler.device()).print(receipt(), CommandContext.withTimeout(Duration.ofSeconds(5)))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            fail();
        } catch (ExecutionException e) {
            assertEquals(CompletionCode.DEVICE_NOT_READY, DeviceException.codeOf(e));
        }
    }
}
