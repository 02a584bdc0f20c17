package org.opendmv.devices.escpos.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.ConfigKey;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.api.spi.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ESC/POS printer, on the SPI's {@link BaseDeviceHandler}. Each probe or print opens its own connection
 * and closes it, so a printer that was switched off and on is simply found again. Receipt content is never
 * logged.
 */
final class EscPosPrinter extends BaseDeviceHandler implements ReceiptPrinter {
    private static final Logger LOG = LoggerFactory.getLogger(EscPosPrinter.class);

    /**
     * The instance keys; a key left out takes the driver-wide default ({@link EscPosConfig}, PID
     * {@code org.opendmv.devices.escpos}).
     */
    record Keys(@DefaultValue("") String host,
            @ConfigKey("device.path") @DefaultValue("") String devicePath,
            Optional<Integer> port,
            @ConfigKey("connect.timeout.ms") Optional<Integer> connectTimeoutMs,
            @ConfigKey("read.timeout.ms") Optional<Integer> readTimeoutMs,
            @ConfigKey("status.poll.s") Optional<Integer> statusPollS,
            Optional<String> charset,
            @ConfigKey("status.query") Optional<Boolean> statusQuery,
            Optional<String> vendor,
            Optional<String> model) {
        Keys {
            host = host.trim();
            devicePath = devicePath.trim();
            if (host.isEmpty() == devicePath.isEmpty()) {
                throw new IllegalArgumentException(
                        "set exactly one of 'host' (network printer) or 'device.path' (device file)"
                                + " / 'host'（网络打印机）与 'device.path'（设备文件）须且只能设置一个");
            }
        }
    }

    private final EscPosConfig defaults;
    private Transport.Opener opener;
    private Charset charset;
    private boolean queryStatus;

    EscPosPrinter(DeviceInstanceConfig config, DeviceCallback callback, EscPosConfig defaults) {
        super(config, callback);
        this.defaults = defaults;
    }

    /** Reads the keys (bad ones: CONFIGURATION_ERROR, by the base) and starts polling the printer. */
    @Override
    protected void start() {
        Keys k = config(Keys.class);
        try {
            charset = Charset.forName(k.charset().orElse(defaults.charset()).trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("charset", "configuration key 'charset' is not a charset this Java knows"
                    + " / 配置项 'charset' 不是可用的字符集");
        }
        int port = k.port().orElse(defaults.port());
        if (port < 1 || port > 65535) {
            throw new InvalidConfigurationException("port", "port must be 1-65535 / 端口须在 1-65535 之间");
        }
        boolean network = !k.host().isEmpty();
        opener = network
                ? Transport.tcp(k.host(), port, k.connectTimeoutMs().orElse(defaults.connect_timeout_ms()),
                        k.readTimeoutMs().orElse(defaults.read_timeout_ms()))
                : Transport.file(Path.of(k.devicePath()));
        queryStatus = k.statusQuery().orElse(network);
        updateInfo(config().infoBuilder().vendor(k.vendor().orElse("ESC/POS"))
                .model(k.model().orElse(network ? k.host() : k.devicePath())).build());
        updateStatus(DeviceStatus.initializing("connecting to the printer"));
        long poll = Math.max(1, k.statusPollS().orElse(defaults.status_poll_s()));
        scheduleWithFixedDelay(this::probe, Duration.ZERO, Duration.ofSeconds(poll));
    }

    /** Asks the printer how it is; never throws. */
    void probe() {
        try (Transport t = opener.open()) {
            report(queryStatus ? query(t) : null);
        } catch (IOException | StatusFormatException e) {
            report(DeviceStatus.ready(OperationalState.OFFLINE).withDescription("printer not reachable: " + e.getMessage()));
        }
    }

    private void report(PrinterState s) {
        report(s == null ? DeviceStatus.ready(OperationalState.ONLINE).withSubstatus(PaperStatus.UNKNOWN) : toStatus(s));
    }

    private void report(DeviceStatus next) {
        updateStatus(next); // deduplicated, dropped after dispose
    }

    static DeviceStatus toStatus(PrinterState s) {
        OperationalState op = s.unrecoverable ? OperationalState.HARDWARE_ERROR
                : s.offline && !s.coverOpen && s.paper == PaperStatus.FULL ? OperationalState.OFFLINE
                : s.coverOpen || s.paper == PaperStatus.OUT || s.paper == PaperStatus.JAMMED ? OperationalState.USER_ERROR
                : OperationalState.ONLINE;
        return DeviceStatus.ready(op).withSubstatus(s.paper).withDescription(s.toString());
    }

    private PrinterState query(Transport t) throws IOException, StatusFormatException {
        byte[] replies = new byte[4];
        InputStream in = t.in();
        for (int n = 1; n <= 4; n++) {
            t.out().write(EscPos.statusQuery(n));
            t.out().flush();
            int b = in.read();
            if (b < 0) {
                throw new EOFException("printer closed the connection");
            }
            replies[n - 1] = (byte) b;
        }
        return PrinterState.parse(replies);
    }

    @Override
    public CompletionStage<PrintResult> print(Receipt receipt, CommandContext ctx) {
        // on a handler thread: the deadline and cancellation complete the command even while the printer
        // does not answer; the body checks the context before sending the receipt, so nothing is printed late
        if (opener == null && !isDisposed()) {
            return java.util.concurrent.CompletableFuture.failedFuture(new DeviceException(
                    CompletionCode.DEVICE_NOT_READY, "printer is misconfigured: " + status().description()));
        }
        return runCommand(ctx, () -> printNow(receipt, ctx), null);
    }

    private PrintResult printNow(Receipt receipt, CommandContext ctx) {
        ctx.ensureActive();
        byte[] bytes = EscPos.encode(receipt, charset);
        try (Transport t = opener.open()) {
            if (queryStatus) {
                PrinterState before = query(t);
                report(before);
                refuseIfUnfit(before);
            }
            ctx.ensureActive();
            t.out().write(bytes);
            t.out().flush();
            PaperStatus paper = PaperStatus.UNKNOWN;
            if (queryStatus) {
                PrinterState after = query(t);
                report(after);
                paper = after.paper;
            }
            LOG.debug("Printer {} printed a receipt of {} bytes", id(), bytes.length);
            return new PrintResult(paper);
        } catch (StatusFormatException e) {
            report(DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(e.getMessage()));
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, PrintError.MECHANISM_FAILURE.name(),
                    "printer answered garbage: " + e.getMessage(), ActionHint.MAINTENANCE, e);
        } catch (IOException e) {
            report(DeviceStatus.ready(OperationalState.OFFLINE).withDescription("printer not reachable: " + e.getMessage()));
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, PrintError.MECHANISM_FAILURE.name(),
                    "printer connection failed: " + e.getMessage(), ActionHint.RETRY, e);
        }
    }

    private void refuseIfUnfit(PrinterState s) {
        PrintError err = s.paper == PaperStatus.OUT ? PrintError.PAPER_OUT
                : s.paper == PaperStatus.JAMMED ? PrintError.MEDIA_JAM
                : s.coverOpen ? PrintError.COVER_OPEN
                : s.unrecoverable ? PrintError.MECHANISM_FAILURE : null;
        if (err == null) {
            return;
        }
        ActionHint hint = err == PrintError.MECHANISM_FAILURE ? ActionHint.MAINTENANCE : ActionHint.CLEAR;
        String text = "printer cannot print: " + s;
        raiseError(err.name(), text, hint);
        throw new DeviceException(CompletionCode.HARDWARE_ERROR, err.name(), text, hint, null);
    }

}
