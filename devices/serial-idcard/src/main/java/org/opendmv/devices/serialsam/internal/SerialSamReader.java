package org.opendmv.devices.serialsam.internal;

import com.fazecast.jSerialComm.SerialPort;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardTextBlock;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 二代证 reader whose SAM module speaks GA/T 467 frames over a serial port (jSerialComm).
 * Commands run on the core's per-device thread, one at a time. Card data is never logged.
 *
 * <p>Unplug and replug: while idle the SAM is asked for its id every {@code check.ms}; when it stops
 * answering (or a command finds the port dead) the port is closed and reopened with back-off
 * ({@code reopen.min.ms} doubling up to {@code reopen.max.ms}), re-resolving the configured path each
 * time (a /dev/serial/by-id link points at the new tty), so replugging brings the reader back ONLINE.
 */
final class SerialSamReader implements IdCardReader, DeviceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SerialSamReader.class);

    private final DeviceInfo info;
    private final DeviceCallback callback;
    private final String portPath;
    private final int baud;
    private final int replyTimeoutMs;
    private final int pollMs;
    private final Timing timing;
    private volatile DeviceStatus status = DeviceStatus.initializing("opening the serial port");
    private volatile boolean disposed;
    private volatile boolean commandRunning;
    private SerialPort port;
    private ScheduledFuture<?> watcher; // guarded by this
    private long reopenDelayMs; // guarded by this; 0 while the port is open
    private final SamFrame.Decoder decoder = new SamFrame.Decoder();

    /** Idle check period and reopen back-off, in ms. */
    record Timing(int checkMs, int reopenMinMs, int reopenMaxMs) {
        static final Timing DEFAULT = new Timing(5000, 1000, 30_000);
    }

    SerialSamReader(DeviceInfo info, DeviceCallback callback, String portPath, int baud, int replyTimeoutMs, int pollMs) {
        this(info, callback, portPath, baud, replyTimeoutMs, pollMs, Timing.DEFAULT);
    }

    SerialSamReader(DeviceInfo info, DeviceCallback callback, String portPath, int baud, int replyTimeoutMs, int pollMs,
            Timing timing) {
        this.info = info;
        this.callback = callback;
        this.portPath = portPath;
        this.baud = baud;
        this.replyTimeoutMs = replyTimeoutMs;
        this.pollMs = pollMs;
        this.timing = timing;
    }

    @Override
    public void initialize() {
        callback.statusChanged(status);
        scheduleWatch(0);
    }

    @Override
    public void dispose() {
        disposed = true;
        synchronized (this) {
            if (watcher != null) {
                watcher.cancel(true);
            }
        }
        closePort();
    }

    private synchronized void scheduleWatch(long delayMs) {
        if (disposed) {
            return;
        }
        try {
            watcher = callback.scheduler().schedule(this::watch, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("device {}: scheduler gone", info.instanceId());
        }
    }

    /** Opens a closed port (with back-off) or checks an idle open one; reschedules itself. */
    private void watch() {
        long next = timing.checkMs();
        try {
            next = checkOrReopen();
        } catch (RuntimeException e) {
            LOG.warn("device {}: serial port check failed: {}", info.instanceId(), e.toString());
        } finally {
            scheduleWatch(next);
        }
    }

    private synchronized long checkOrReopen() {
        if (disposed) {
            return timing.checkMs();
        }
        if (port == null) {
            ensureOpen();
            if (port != null) {
                reopenDelayMs = 0;
                return timing.checkMs();
            }
            reopenDelayMs = reopenDelayMs == 0 ? timing.reopenMinMs() : Math.min(timing.reopenMaxMs(), reopenDelayMs * 2);
            return reopenDelayMs;
        }
        if (!commandRunning) {
            try {
                SamFrame id = exchange(SamFrame.SAM_ID, deadline(replyTimeoutMs));
                report(id.sw3 == SamFrame.OK ? online()
                        : DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(String.format("SAM status %02X", id.sw3)));
            } catch (FrameException e) {
                lost(e.getMessage());
                reopenDelayMs = timing.reopenMinMs();
                return reopenDelayMs;
            }
        }
        return timing.checkMs();
    }

    /** The reader stopped answering (unplugged?): closed, to be reopened by the watcher. */
    private synchronized void lost(String why) {
        closePort();
        report(DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription("reader lost (" + why + "); reopening "
                + portPath));
        LOG.warn("device {}: the ID card reader on {} stopped answering ({}); reopening it", info.instanceId(), portPath, why);
    }

    private static DeviceStatus online() {
        return DeviceStatus.ready(OperationalState.ONLINE).withDescription("SAM module answered");
    }

    @Override
    public IdCardReader device() {
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

    private void report(DeviceStatus next) {
        if (!disposed && !next.equals(status)) {
            status = next;
            callback.statusChanged(next);
        }
    }

    private synchronized void ensureOpen() {
        if (disposed || port != null) {
            return;
        }
        SerialPort p;
        try {
            p = SerialPort.getCommPort(portPath); // resolves a link (e.g. /dev/serial/by-id/...) again each time
        } catch (RuntimeException e) {
            // SerialPortInvalidPort: the device node is gone (unplugged)
            report(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription("serial port " + portPath + " is not there"));
            return;
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        // on a pty the last error code is ENOTTY after a good open: trust openPort() only
        if (!p.openPort()) {
            report(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription("cannot open serial port " + portPath));
            return;
        }
        port = p;
        try {
            SamFrame id = exchange(SamFrame.SAM_ID, deadline(replyTimeoutMs));
            boolean wasOnline = status.operational() == OperationalState.ONLINE;
            report(id.sw3 == SamFrame.OK ? online()
                    : DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(String.format("SAM status %02X", id.sw3)));
            if (id.sw3 == SamFrame.OK && !wasOnline) {
                LOG.info("device {}: ID card reader on {} is online", info.instanceId(), portPath);
            }
        } catch (FrameException e) {
            report(DeviceStatus.ready(OperationalState.OFFLINE).withDescription("SAM module not answering: " + e.getMessage()));
            closePort();
        }
    }

    private synchronized void closePort() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }

    private static long deadline(long ms) {
        return System.nanoTime() + ms * 1_000_000;
    }

    /** Sends a command and waits for one valid response frame, resynchronising over garbage. */
    private synchronized SamFrame exchange(int[] cmd, long deadlineNanos) throws FrameException {
        if (port == null) {
            throw new FrameException(FrameException.Kind.SILENCE, "serial port is not open");
        }
        // frames carry no request id: a late answer to an earlier command must not pass for this one
        decoder.clear();
        byte[] stale = new byte[512];
        while (port.bytesAvailable() > 0 && port.readBytes(stale, Math.min(stale.length, port.bytesAvailable())) > 0) {
            // discard
        }
        byte[] out = SamFrame.command(cmd, new byte[0]);
        if (port.writeBytes(out, out.length) != out.length) {
            throw new FrameException(FrameException.Kind.SILENCE, "could not write to the serial port");
        }
        byte[] buf = new byte[2048];
        FrameException last = null;
        while (System.nanoTime() < deadlineNanos) {
            int n = port.readBytes(buf, buf.length);
            if (n < 0) {
                throw new FrameException(FrameException.Kind.SILENCE, "serial port closed");
            }
            if (n > 0) {
                decoder.feed(buf, 0, n);
            }
            while (true) {
                try {
                    SamFrame f = decoder.next();
                    if (f == null) {
                        break;
                    }
                    return f;
                } catch (FrameException e) {
                    last = e; // resynchronise on the next preamble
                }
            }
        }
        throw last != null ? last : new FrameException(FrameException.Kind.SILENCE, "no answer from the SAM module");
    }

    @Override
    public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
        try {
            return CompletableFuture.completedFuture(read(request, ctx));
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private IdCardData read(ReadCardRequest request, CommandContext ctx) {
        commandRunning = true;
        try {
            ensureOpen();
            return readOpen(request, ctx);
        } finally {
            commandRunning = false;
        }
    }

    private IdCardData readOpen(ReadCardRequest request, CommandContext ctx) {
        boolean prompted = false;
        try {
            while (true) {
                ctx.ensureActive();
                SamFrame found = exchange(SamFrame.FIND_CARD, deadline(replyTimeoutMs));
                if (found.sw3 == SamFrame.FOUND) {
                    break;
                }
                if (found.sw3 != SamFrame.NO_CARD) {
                    throw fault(String.format("find card answered %02X", found.sw3));
                }
                if (!prompted) {
                    ctx.event(IntermediateEvent.INSERT_CARD_PROMPT);
                    prompted = true;
                }
                sleep(ctx);
            }
            ctx.event(IntermediateEvent.MEDIA_INSERTED);
            SamFrame selected = exchange(SamFrame.SELECT_CARD, deadline(replyTimeoutMs));
            if (selected.sw3 != SamFrame.OK) {
                throw new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA.name(),
                        "the card could not be selected; take it away and present it again", ActionHint.RETRY, null);
            }
            SamFrame read = exchange(SamFrame.READ_TEXT_PHOTO, deadline(replyTimeoutMs * 3L));
            if (read.sw3 != SamFrame.OK) {
                throw fault(String.format("read answered %02X", read.sw3));
            }
            return parse(read.data, request);
        } catch (FrameException e) {
            if (e.kind == FrameException.Kind.BAD_DATA) {
                throw new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA.name(), e.getMessage(),
                        ActionHint.RETRY, null);
            }
            report(DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(e.getMessage()));
            callback.scheduler().schedule(this::recheck, 1, TimeUnit.SECONDS);
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR.name(),
                    "reader did not answer properly: " + e.getMessage(), ActionHint.RETRY, null);
        }
    }

    /** After a failed command: ONLINE again if the SAM answers, else the port is closed and reopened. */
    private void recheck() {
        synchronized (this) {
            if (disposed || port == null) {
                return; // the watcher reopens it
            }
            try {
                SamFrame id = exchange(SamFrame.SAM_ID, deadline(replyTimeoutMs));
                if (id.sw3 == SamFrame.OK) {
                    report(online());
                }
            } catch (FrameException e) {
                lost(e.getMessage());
            }
        }
    }

    private DeviceException fault(String what) {
        return new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR.name(), what, ActionHint.RETRY, null);
    }

    private void sleep(CommandContext ctx) {
        try {
            Thread.sleep(Math.min(pollMs, Math.max(1, ctx.remaining().toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.ensureActive();
            throw new DeviceException(CompletionCode.CANCELED, "interrupted");
        }
    }

    /** Read answer: text length (2), photo length (2), text, photo. */
    static IdCardData parse(byte[] data, ReadCardRequest request) throws FrameException {
        if (data.length < 4) {
            throw new FrameException(FrameException.Kind.BAD_DATA, "read answer is too short");
        }
        int textLen = (data[0] & 0xFF) << 8 | (data[1] & 0xFF);
        int photoLen = (data[2] & 0xFF) << 8 | (data[3] & 0xFF);
        if (textLen != IdCardTextBlock.SIZE || photoLen > IdCardTextBlock.PHOTO_SIZE || 4 + textLen + photoLen != data.length) {
            throw new FrameException(FrameException.Kind.BAD_DATA, "read answer lengths do not add up");
        }
        byte[] text = Arrays.copyOfRange(data, 4, 4 + textLen);
        byte[] wlt = request.includePhoto() ? Arrays.copyOfRange(data, 4 + textLen, data.length) : null;
        try {
            return IdCardTextBlock.parse(text, wlt);
        } catch (DeviceException e) {
            throw new FrameException(FrameException.Kind.BAD_DATA, e.getMessage());
        } finally {
            Arrays.fill(text, (byte) 0);
            Arrays.fill(data, (byte) 0);
        }
    }
}
