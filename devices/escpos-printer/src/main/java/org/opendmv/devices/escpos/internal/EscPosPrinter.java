package org.opendmv.devices.escpos.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ESC/POS printer. Each probe or print opens its own connection and closes it, so a printer
 * that was switched off and on is simply found again. Receipt content is never logged.
 */
final class EscPosPrinter implements ReceiptPrinter, DeviceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EscPosPrinter.class);

    private final DeviceInfo info;
    private final DeviceCallback callback;
    private final Transport.Opener opener;
    private final Charset charset;
    private final boolean queryStatus;
    private final long pollSeconds;
    private volatile DeviceStatus status = DeviceStatus.initializing("connecting to the printer");
    private volatile boolean disposed;
    private ScheduledFuture<?> poller;

    EscPosPrinter(DeviceInfo info, DeviceCallback callback, Transport.Opener opener, Charset charset, boolean queryStatus,
            long pollSeconds) {
        this.info = info;
        this.callback = callback;
        this.opener = opener;
        this.charset = charset;
        this.queryStatus = queryStatus;
        this.pollSeconds = pollSeconds;
    }

    @Override
    public void initialize() {
        callback.statusChanged(status);
        poller = callback.scheduler().scheduleWithFixedDelay(this::probe, 0, pollSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void dispose() {
        disposed = true;
        if (poller != null) {
            poller.cancel(true);
        }
    }

    @Override
    public ReceiptPrinter device() {
        return this;
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    /** Asks the printer how it is; never throws. */
    void probe() {
        if (disposed) {
            return;
        }
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
        if (disposed || next.equals(status)) {
            return;
        }
        status = next;
        callback.statusChanged(next);
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
        try {
            return CompletableFuture.completedFuture(printNow(receipt, ctx));
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
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
            LOG.debug("Printer {} printed a receipt of {} bytes", info.instanceId(), bytes.length);
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
        callback.error(DeviceErrorEvent.of(info.instanceId(), info.deviceClass(), err.name(), text, hint));
        throw new DeviceException(CompletionCode.HARDWARE_ERROR, err.name(), text, hint, null);
    }

}
