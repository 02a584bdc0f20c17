package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.opendmv.devices.api.IdCardReader;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.Lifecycle;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptLine;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What a vendor's driver bundle does, and what the kiosk shows when it leaves. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class DevicesIT extends KioskTestSupport {
    @Inject
    DeviceManager devices;
    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    FeaturesService features;

    /** A receipt printer driver as a vendor would write it, in a few lines. */
    static final class ItestPrinterFactory implements DeviceDriverFactory {
        final AtomicInteger printed = new AtomicInteger();

        @Override
        public String driverType() {
            return "itest-printer";
        }

        @Override
        public Set<DeviceClass> supportedClasses() {
            return EnumSet.of(DeviceClass.RECEIPT_PRINTER);
        }

        @Override
        public DeviceHandler createHandler(DeviceInstanceConfig cfg, DeviceCallback cb) {
            DeviceInfo info = DeviceInfo.builder(cfg.id(), DeviceClass.RECEIPT_PRINTER, driverType()).vendor("itest").model("P1").build();
            ReceiptPrinter printer = new ReceiptPrinter() {
                @Override
                public DeviceInfo info() {
                    return info;
                }

                @Override
                public DeviceStatus status() {
                    return DeviceStatus.ready(OperationalState.ONLINE);
                }

                @Override
                public CompletionStage<PrintResult> print(Receipt receipt, CommandContext ctx) {
                    printed.incrementAndGet();
                    return CompletableFuture.completedFuture(new PrintResult(PaperStatus.FULL));
                }
            };
            return new DeviceHandler() {
                @Override
                public void initialize() {
                    cb.statusChanged(DeviceStatus.ready(OperationalState.ONLINE));
                }

                @Override
                public void dispose() {
                }

                @Override
                public ReceiptPrinter device() {
                    return printer;
                }
            };
        }
    }

    private DeviceView view(String id) {
        return devices.device(id).orElseThrow(() -> new AssertionError("no device " + id));
    }

    private static final String[] SHIPPED = {"id-card-reader", "liveness-detector", "document-scanner", "signature-pad", "receipt-printer"};
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    private boolean allShipped(java.util.function.Predicate<DeviceView> p) {
        return java.util.Arrays.stream(SHIPPED).allMatch(i -> devices.device(i).map(p::test).orElse(false));
    }

    @Test
    public void simulatorsAreOnlineByDefault() throws Exception {
        await("simulators online", 30_000, () -> allShipped(v -> v.status().isUsable()));
        for (String id : SHIPPED) {
            assertEquals(id, "sim", view(id).driverType());
            assertEquals(id, OperationalState.ONLINE, view(id).status().operational());
        }
        String health = httpGet("/api/health");
        assertTrue(health, health.contains("\"status\" : \"UP\""));
        String listed = console("kiosk:devices");
        assertTrue(listed, listed.contains("idCardReader") && listed.contains("ONLINE") && !listed.contains("DRIVER_MISSING"));
    }

    @Test
    public void simulatorCardReadThroughTheConsoleAndSelfTests() throws Exception {
        await("simulators online", 30_000, () -> allShipped(v -> v.status().isUsable()));
        console("kiosk:sim card-insert adult-male");
        String test = console("kiosk:device-test --timeout 10 id-card-reader");
        assertTrue(test, test.matches("(?s).*PASS card read: 110101\\*{8}0019.*"));
        assertFalse("no personal data on the console", test.contains("测试甲") || test.contains("198504"));
        console("kiosk:sim card-remove");
        String printed = console("kiosk:device-test receipt-printer");
        assertTrue(printed, printed.contains("PASS printed, paper FULL"));
        console("kiosk:sim fail receipt-printer PAPER_OUT");
        String out = console("kiosk:device-test receipt-printer");
        assertTrue(out, out.contains("FAIL") && out.contains("PAPER_OUT"));
        console("kiosk:sim reset");
        String scanned = console("kiosk:device-test document-scanner");
        assertTrue(scanned, scanned.contains("PASS scanned 1 page(s)"));
        try {
            console("kiosk:sim card-insert nobody");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unknown profile 'nobody'"));
        }
        assertTrue(console("kiosk:device-events --errors").contains("PAPER_OUT"));
    }

    @Test
    public void readerDriverUninstalledWhileIdleThenDuringARead() throws Exception {
        await("simulators online", 30_000, () -> allShipped(v -> v.status().isUsable()));
        features.uninstallFeature("opendmv-driver-sim", NO_REFRESH);
        await("DRIVER_MISSING", 30_000, () -> allShipped(v -> v.status().detail() == LifecycleDetail.DRIVER_MISSING));
        assertTrue(httpGet("/api/health").contains("\"status\" : \"DEGRADED\""));
        assertTrue(console("kiosk:device-events").contains("DRIVER_MISSING"));
        features.installFeature("opendmv-driver-sim", NO_REFRESH);
        await("back ONLINE", 30_000, () -> allShipped(v -> v.status().isUsable()));

        // a read waits for a card; the driver leaves under it
        console("kiosk:sim card-remove");
        IdCardReader reader = devices.role(IdCardReader.class).orElseThrow();
        java.util.concurrent.CompletableFuture<org.opendmv.devices.api.IdCardData> read =
                reader.readCard(org.opendmv.devices.api.ReadCardRequest.WITH_PHOTO, CommandContext.withTimeout(Duration.ofSeconds(60)))
                        .toCompletableFuture();
        Thread.sleep(500);
        assertFalse("waiting for a card", read.isDone());
        features.uninstallFeature("opendmv-driver-sim", NO_REFRESH);
        try {
            read.get(20, java.util.concurrent.TimeUnit.SECONDS);
            fail("the read cannot succeed without its driver");
        } catch (ExecutionException e) {
            CompletionCode code = DeviceException.codeOf(e);
            assertTrue("a clear error, not a timeout: " + code, code == CompletionCode.DEVICE_NOT_READY || code == CompletionCode.CANCELED);
        }
        // the kiosk keeps serving
        assertTrue(httpGet("/api/health").startsWith("200 "));
        assertTrue(console("kiosk:devices").contains("DRIVER_MISSING"));
        features.installFeature("opendmv-driver-sim", NO_REFRESH);
        await("back ONLINE", 30_000, () -> allShipped(v -> v.status().isUsable()));
        console("kiosk:sim card-insert adult-female");
        org.opendmv.devices.api.IdCardData card = reader.readCard(org.opendmv.devices.api.ReadCardRequest.TEXT_ONLY,
                CommandContext.withTimeout(Duration.ofSeconds(20))).toCompletableFuture().get();
        assertTrue("the same role proxy reads again: " + card.maskedIdNumber(), card.maskedIdNumber().matches("110102\\*{8}0025"));
        card.wipe();
        console("kiosk:sim card-remove");
    }

    @Test
    public void realSaneDriverScansWhenInstalledAndConfigured() throws Exception {
        org.junit.Assume.assumeTrue("scanimage (Debian sane-utils) is not installed",
                java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/scanimage"))
                        && java.nio.file.Files.exists(java.nio.file.Path.of("/etc/sane.d/test.conf")));
        // SANE's test backend in a private config dir (never /etc)
        java.nio.file.Path conf = java.nio.file.Path.of(System.getProperty("karaf.data"), "sane-conf");
        java.nio.file.Files.createDirectories(conf);
        java.nio.file.Files.writeString(conf.resolve("dll.conf"), "test\n");
        String testConf = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/sane.d/test.conf"))
                .replaceAll("(?m)^\\s*geometry_max.*$", "") + "\ngeometry_max 300.0\n";
        java.nio.file.Files.writeString(conf.resolve("test.conf"), testConf);

        features.installFeature("opendmv-driver-sane-scanner", NO_REFRESH);
        Configuration cfg = configAdmin.createFactoryConfiguration("org.opendmv.device", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("device.id", "sane-1");
        props.put("device.class", "DOCUMENT_SCANNER");
        props.put("driver.type", "sane-scanner");
        props.put("role", "counterScanner");
        props.put("sane.device", "test:0");
        props.put("sane.config.dir", conf.toString());
        props.put("option.test-picture", "Color pattern");
        cfg.update(props);
        try {
            await("real scanner online", 60_000, () -> devices.device("sane-1").map(v -> v.status().isUsable()).orElse(false));
            String listed = console("kiosk:devices sane-1");
            assertTrue(listed, listed.contains("sane-scanner") && listed.contains("ONLINE"));
            String scanned = console("kiosk:device-test --timeout 60 sane-1");
            assertTrue(scanned, scanned.contains("PASS scanned 1 page(s) [2480x3507"));
        } finally {
            cfg.delete();
            features.uninstallFeature("opendmv-driver-sane-scanner", NO_REFRESH);
        }
    }

    @Test
    public void realEscPosDriverPrintsToANetworkPrinter() throws Exception {
        // a network printer on loopback: answers DLE EOT status queries "all fine", keeps the rest
        java.io.ByteArrayOutputStream paper = new java.io.ByteArrayOutputStream();
        try (java.net.ServerSocket printer = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!printer.isClosed()) {
                    try (java.net.Socket s = printer.accept()) {
                        java.io.InputStream in = s.getInputStream();
                        int b;
                        while ((b = in.read()) >= 0) {
                            if (b == 0x10) {
                                int b2 = in.read();
                                if (b2 == 0x04) {
                                    in.read();
                                    s.getOutputStream().write(0x12);
                                    continue;
                                }
                                synchronized (paper) {
                                    paper.write(b);
                                    paper.write(b2);
                                }
                                continue;
                            }
                            synchronized (paper) {
                                paper.write(b);
                            }
                        }
                    } catch (java.io.IOException e) {
                        // closed
                    }
                }
            }, "itest-escpos-printer");
            t.setDaemon(true);
            t.start();

            features.installFeature("opendmv-driver-escpos-printer", NO_REFRESH);
            Configuration cfg = configAdmin.createFactoryConfiguration("org.opendmv.device", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("device.id", "escpos-1");
            props.put("device.class", "RECEIPT_PRINTER");
            props.put("driver.type", "escpos-printer");
            props.put("role", "counterPrinter");
            props.put("host", "127.0.0.1");
            props.put("port", String.valueOf(printer.getLocalPort()));
            cfg.update(props);
            try {
                await("network printer online", 60_000, () -> devices.device("escpos-1").map(v -> v.status().isUsable()).orElse(false));
                String printed = console("kiosk:device-test escpos-1");
                assertTrue(printed, printed.contains("PASS printed, paper FULL"));
                byte[] bytes;
                synchronized (paper) {
                    bytes = paper.toByteArray();
                }
                String text = new String(bytes, java.nio.charset.Charset.forName("GB18030"));
                assertTrue("Chinese reached the printer in GB18030", text.contains("自助机打印自检"));
                assertTrue("QR data sent", text.contains("OPENDMV-SELFTEST"));
            } finally {
                cfg.delete();
                features.uninstallFeature("opendmv-driver-escpos-printer", NO_REFRESH);
            }
        }
    }

    @Test
    public void realSerialReaderReadsASyntheticCardInTheDistribution() throws Exception {
        org.junit.Assume.assumeTrue("socat is not installed", java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/socat")));
        try (SamEmulator sam = new SamEmulator()) {
            features.installFeature("opendmv-driver-serial-idcard", NO_REFRESH);
            Configuration cfg = configAdmin.createFactoryConfiguration("org.opendmv.device", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("device.id", "serial-reader-1");
            props.put("device.class", "ID_CARD_READER");
            props.put("driver.type", "serial-idcard");
            props.put("role", "serialIdCardReader");
            props.put("serial.port", sam.port());
            cfg.update(props);
            try {
                await("serial reader online", 60_000, () -> devices.device("serial-reader-1").map(v -> v.status().isUsable()).orElse(false));
                IdCardReader reader = devices.role("serialIdCardReader", IdCardReader.class).orElseThrow();
                org.opendmv.devices.api.IdCardData card = reader.readCard(org.opendmv.devices.api.ReadCardRequest.WITH_PHOTO,
                        CommandContext.withTimeout(Duration.ofSeconds(10))).toCompletableFuture().get();
                assertEquals("110101198504120019", card.idNumber());
                assertEquals("测试甲", card.name());
                card.wipe();
                String test = console("kiosk:device-test serial-reader-1");
                assertTrue(test, test.contains("PASS card read: 110"));
            } finally {
                cfg.delete();
                features.uninstallFeature("opendmv-driver-serial-idcard", NO_REFRESH);
            }
        }
    }

    @Test
    public void realPcscReaderReadsASyntheticCardInTheDistribution() throws Exception {
        org.junit.Assume.assumeTrue("pcscd and vsmartcard-vpcd are not installed",
                java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/pcscd"))
                        && java.nio.file.Files.exists(java.nio.file.Path.of("/etc/reader.conf.d/vpcd")));
        Process pcscd = null;
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/run/pcscd/pcscd.comm"))) {
            pcscd = new ProcessBuilder("/usr/sbin/pcscd", "-f", "-a").redirectErrorStream(true)
                    .redirectOutput(java.nio.file.Files.createTempFile("pcscd", ".log").toFile()).start();
        }
        try {
            await("pcscd", 20_000, () -> java.nio.file.Files.exists(java.nio.file.Path.of("/run/pcscd/pcscd.comm")));
            features.installFeature("opendmv-driver-pcsc-idcard", NO_REFRESH);
            Configuration cfg = configAdmin.createFactoryConfiguration("org.opendmv.device", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("device.id", "pcsc-reader-1");
            props.put("device.class", "ID_CARD_READER");
            props.put("driver.type", "pcsc-idcard");
            props.put("role", "pcscIdCardReader");
            props.put("reader", "Virtual PCD 00 00");
            cfg.update(props);
            try {
                await("PC/SC reader online", 60_000, () -> devices.device("pcsc-reader-1").map(v -> v.status().isUsable()).orElse(false));
                await("vpcd listening", 20_000, () -> {
                    try (java.net.Socket s = new java.net.Socket("127.0.0.1", 35963)) {
                        return true;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                try (VirtualIdCard card = new VirtualIdCard(35963)) {
                    IdCardReader reader = devices.role("pcscIdCardReader", IdCardReader.class).orElseThrow();
                    org.opendmv.devices.api.IdCardData data = reader.readCard(org.opendmv.devices.api.ReadCardRequest.WITH_PHOTO,
                            CommandContext.withTimeout(Duration.ofSeconds(20))).toCompletableFuture().get();
                    assertEquals(VirtualIdCard.ID, data.idNumber());
                    assertEquals("测试甲", data.name());
                    data.wipe();
                }
            } finally {
                cfg.delete();
                features.uninstallFeature("opendmv-driver-pcsc-idcard", NO_REFRESH);
            }
        } finally {
            if (pcscd != null) {
                pcscd.destroy();
                pcscd.waitFor();
            }
        }
    }

    @Test
    public void driverArrivesLeavesAndComesBack() throws Exception {
        Configuration cfg = configAdmin.createFactoryConfiguration("org.opendmv.device", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("device.id", "itest-printer-1");
        props.put("device.class", "RECEIPT_PRINTER");
        props.put("driver.type", "itest-printer");
        props.put("role", "itestPrinter");
        cfg.update(props);
        try {
            await("instance configured", 30_000, () -> devices.device("itest-printer-1").isPresent());
            assertEquals(LifecycleDetail.DRIVER_MISSING, view("itest-printer-1").status().detail());
            assertTrue(console("kiosk:devices itest-printer-1").contains("DRIVER_MISSING"));

            ItestPrinterFactory factory = new ItestPrinterFactory();
            ServiceRegistration<DeviceDriverFactory> reg = bundleContext.registerService(DeviceDriverFactory.class, factory, null);
            await("driver to bring it up", 30_000, () -> view("itest-printer-1").status().isUsable());
            assertEquals(Lifecycle.READY, view("itest-printer-1").status().lifecycle());
            String listed = console("kiosk:devices");
            assertTrue(listed, listed.contains("itest-printer-1") && listed.contains("ONLINE"));
            assertTrue(httpGet("/api/health").contains("\"itest-printer-1\""));

            ReceiptPrinter printer = devices.role("itestPrinter", ReceiptPrinter.class).orElseThrow();
            Receipt receipt = Receipt.builder().line(ReceiptLine.of("流水号 TEST")).build();
            assertEquals(PaperStatus.FULL, printer.print(receipt, CommandContext.withTimeout(Duration.ofSeconds(5)))
                    .toCompletableFuture().get().paper());
            assertEquals(1, factory.printed.get());

            reg.unregister();
            await("driver to leave", 30_000, () -> view("itest-printer-1").status().detail() == LifecycleDetail.DRIVER_MISSING);
            try {
                printer.print(receipt, CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get();
                throw new AssertionError("printing without a driver must fail");
            } catch (ExecutionException e) {
                assertEquals(CompletionCode.DEVICE_NOT_READY, DeviceException.codeOf(e));
            }

            bundleContext.registerService(DeviceDriverFactory.class, factory, null);
            await("driver to come back", 30_000, () -> view("itest-printer-1").status().isUsable());
            printer.print(receipt, CommandContext.withTimeout(Duration.ofSeconds(5))).toCompletableFuture().get();
            assertEquals("the same proxy works again", 2, factory.printed.get());
        } finally {
            cfg.delete();
        }
        await("instance removed", 30_000, () -> devices.device("itest-printer-1").isEmpty());
    }
}
