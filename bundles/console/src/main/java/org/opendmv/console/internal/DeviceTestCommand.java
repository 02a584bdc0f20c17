package org.opendmv.console.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceView;
import org.opendmv.devices.api.DocumentScanner;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.LivenessDetector;
import org.opendmv.devices.api.LivenessRequest;
import org.opendmv.devices.api.LivenessResult;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.ScanRequest;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.devices.api.SignaturePad;
import org.opendmv.devices.api.SignatureRequest;
import org.opendmv.devices.api.SignatureResult;

/**
 * A self-test per device class, run through the core like a visit would (queue, deadline,
 * completion codes). Prints no personal data: a test card shows its masked number only.
 */
@Service
@Command(scope = "kiosk", name = "device-test", description = "Runs a self-test on one device: reads a card, scans a page, prints a test receipt…")
public class DeviceTestCommand implements Action {
    @Reference
    DeviceManager devices;

    @Argument(index = 0, name = "id", description = "Device id (see kiosk:devices)", required = true)
    @Completion(DeviceIdCompleter.class)
    String id;

    @Option(name = "-t", aliases = "--timeout", description = "Seconds to wait (1-120, default 20): time to present a card, sign…")
    int timeoutSeconds = 20;

    @Override
    public Object execute() throws Exception {
        if (timeoutSeconds < 1 || timeoutSeconds > 120) {
            throw new IllegalArgumentException("--timeout must be between 1 and 120 seconds");
        }
        DeviceView view = devices.device(id).orElseThrow(() -> new IllegalArgumentException("no device with id '" + id + "'; see kiosk:devices"));
        Device device = devices.byId(id).orElseThrow(() -> new IllegalArgumentException("device '" + id + "' is not available"));
        PrintStream out = System.out;
        out.println("Testing " + id + " (" + view.deviceClass() + ", driver " + view.driverType() + ", " + view.status().lifecycle()
                + "/" + view.status().operational() + ") …");
        CommandContext ctx = CommandContext.withTimeout(Duration.ofSeconds(timeoutSeconds),
                e -> out.println("  event: " + e));
        long t0 = System.nanoTime();
        try {
            String result = run(device, ctx);
            out.println("PASS " + result + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (DeviceException e) {
            out.println("FAIL " + e.code() + e.errorCode().map(c -> "/" + c).orElse("") + ": " + e.getMessage());
        }
        return null;
    }

    private String run(Device device, CommandContext ctx) throws InterruptedException {
        if (device instanceof IdCardReader) {
            IdCardData card = await(((IdCardReader) device).readCard(ReadCardRequest.TEXT_ONLY, ctx));
            try {
                return "card read: " + card.maskedIdNumber();
            } finally {
                card.wipe();
            }
        }
        if (device instanceof LivenessDetector) {
            LivenessResult r = await(((LivenessDetector) device).checkLiveness(LivenessRequest.liveOnly(), ctx));
            return "liveness: " + r.outcome();
        }
        if (device instanceof DocumentScanner) {
            ScanResult r = await(((DocumentScanner) device).scan(ScanRequest.of("self-test"), ctx));
            StringBuilder sb = new StringBuilder("scanned " + r.pages().size() + " page(s)");
            for (ScannedPage p : r.pages()) {
                sb.append(" [").append(p.widthPx()).append('x').append(p.heightPx()).append(' ').append(p.mime()).append(' ')
                        .append(p.image().length / 1024).append(" KiB]");
                p.wipe();
            }
            return sb.toString();
        }
        if (device instanceof SignaturePad) {
            SignatureResult r = await(((SignaturePad) device).capture(SignatureRequest.DEFAULT, ctx));
            try {
                return "signature with " + r.strokeCount() + " stroke(s), " + r.png().length / 1024 + " KiB";
            } finally {
                r.wipe();
            }
        }
        if (device instanceof ReceiptPrinter) {
            Receipt receipt = Receipt.builder().line("OpenDMV 自助机打印自检 / printer self-test")
                    .line(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
                    .line("设备 " + id).qrText("OPENDMV-SELFTEST").build();
            PrintResult r = await(((ReceiptPrinter) device).print(receipt, ctx));
            return "printed, paper " + r.paper();
        }
        throw new IllegalArgumentException("no self-test for " + device.getClass().getSimpleName());
    }

    private static <T> T await(CompletionStage<T> stage) throws InterruptedException {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            DeviceException d = DeviceException.find(e).orElse(null);
            if (d != null) {
                throw d;
            }
            throw new IllegalStateException("self-test failed: " + e.getCause(), e.getCause());
        }
    }
}
