package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceManager;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.DeviceView;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What a vendor's driver bundle does, and what the kiosk shows when it leaves. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DevicesIT extends KioskTestSupport {
    @Inject
    DeviceManager devices;
    @Inject
    ConfigurationAdmin configAdmin;

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

    @Test
    public void shippedInstancesShowDriverMissingUntilTheSimulatorIsInstalled() throws Exception {
        String[] ids = {"id-card-reader", "liveness-detector", "document-scanner", "signature-pad", "receipt-printer"};
        await("shipped instances", 30_000, () -> java.util.Arrays.stream(ids).allMatch(i -> devices.device(i).isPresent()));
        for (String id : ids) {
            DeviceView v = view(id);
            assertEquals(id, "sim", v.driverType());
            assertEquals(id, Lifecycle.UNINITIALIZED, v.status().lifecycle());
            assertEquals(id, LifecycleDetail.DRIVER_MISSING, v.status().detail());
        }
        String health = httpGet("/api/health");
        assertTrue(health, health.contains("\"status\" : \"DEGRADED\""));
        assertTrue(health, health.contains("\"detail\" : \"DRIVER_MISSING\""));
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
