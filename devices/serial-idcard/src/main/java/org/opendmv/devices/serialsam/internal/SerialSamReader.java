package org.opendmv.devices.serialsam.internal;

import com.fazecast.jSerialComm.SerialPort;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IdCardTextBlock;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.ConfigKey;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 二代证 reader whose SAM module speaks GA/T 467 frames over a serial port (jSerialComm). Status,
 * scheduling, deadlines, cancellation and wiping a card read too late are {@link BaseDeviceHandler}'s.
 * Card data is never logged.
 *
 * <p>Unplug and replug: while idle the SAM is asked for its id every {@code check.ms}; when it stops
 * answering (or a command finds the port dead) the port is closed and reopened with back-off
 * ({@code reopen.min.ms} doubling up to {@code reopen.max.ms}), re-resolving the configured path each
 * time (a /dev/serial/by-id link points at the new tty), so replugging brings the reader back ONLINE.
 */
final class SerialSamReader extends BaseDeviceHandler implements IdCardReader {
    private static final Logger LOG = LoggerFactory.getLogger(SerialSamReader.class);

    /**
     * The instance keys of driver.type=serial-idcard: {@code serial.port} (e.g. /dev/ttyUSB0, required),
     * {@code baud} (115200), {@code reply.timeout.ms} (1000), {@code poll.ms} (300, how often to look for a
     * card while waiting), {@code check.ms} (5000, how often an idle reader is asked whether it is still
     * there), {@code reopen.min.ms} / {@code reopen.max.ms} (1000 / 30000, back-off of reopening a lost
     * port), {@code vendor} (shown in the device list).
     */
    record Config(@ConfigKey("serial.port") String serialPort,
            @DefaultValue("115200") int baud,
            @ConfigKey("reply.timeout.ms") @DefaultValue("1000") int replyTimeoutMs,
            @ConfigKey("poll.ms") @DefaultValue("300") int pollMs,
            @ConfigKey("check.ms") @DefaultValue("5000") int checkMs,
            @ConfigKey("reopen.min.ms") @DefaultValue("1000") int reopenMinMs,
            @ConfigKey("reopen.max.ms") @DefaultValue("30000") int reopenMaxMs,
            @DefaultValue("GA/T 467 SAM") String vendor) {
        Config {
            serialPort = serialPort.trim();
            atLeast("baud", baud, 1200);
            atLeast("reply.timeout.ms", replyTimeoutMs, 100);
            atLeast("poll.ms", pollMs, 50);
            atLeast("check.ms", checkMs, 100);
            atLeast("reopen.min.ms", reopenMinMs, 100);
            if (reopenMaxMs < reopenMinMs) {
                throw new IllegalArgumentException("reopen.max.ms must not be below reopen.min.ms"
                        + " / reopen.max.ms 不能小于 reopen.min.ms");
            }
        }

        private static void atLeast(String key, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(key + " must be at least " + min + " / " + key + " 不能小于 " + min);
            }
        }
    }

    private volatile Config cfg; // null until start() accepted the configuration
    private final AtomicInteger commandsRunning = new AtomicInteger();
    private volatile SerialPort port; // written under this
    private long reopenDelayMs; // guarded by this; 0 while the port is open
    private final SamFrame.Decoder decoder = new SamFrame.Decoder();

    SerialSamReader(DeviceInstanceConfig config, DeviceCallback callback) {
        super(config, callback);
    }

    @Override
    protected void start() {
        Config c = config(Config.class);
        cfg = c;
        updateInfo(config().infoBuilder().vendor(c.vendor()).model(c.serialPort()).build());
        updateStatus(DeviceStatus.initializing("opening the serial port"));
        scheduleWatch(0);
    }

    /** Closes the port; an exchange still reading on it fails at once. */
    @Override
    protected void stop() {
        SerialPort p = port;
        if (p != null) {
            p.closePort();
        }
    }

    private void scheduleWatch(long delayMs) {
        schedule(this::watch, Duration.ofMillis(delayMs));
    }

    /** Opens a closed port (with back-off) or checks an idle open one; reschedules itself. */
    private void watch() {
        long next = cfg.checkMs();
        try {
            next = checkOrReopen();
        } catch (RuntimeException e) {
            LOG.warn("device {}: serial port check failed: {}", id(), e.toString());
        } finally {
            scheduleWatch(next);
        }
    }

    private synchronized long checkOrReopen() {
        Config c = cfg;
        if (isDisposed()) {
            return c.checkMs();
        }
        if (port == null) {
            ensureOpen();
            if (port != null) {
                reopenDelayMs = 0;
                return c.checkMs();
            }
            reopenDelayMs = reopenDelayMs == 0 ? c.reopenMinMs() : Math.min(c.reopenMaxMs(), reopenDelayMs * 2);
            return reopenDelayMs;
        }
        if (commandsRunning.get() == 0) {
            try {
                SamFrame id = exchange(SamFrame.SAM_ID, deadline(c.replyTimeoutMs()));
                updateStatus(id.sw3 == SamFrame.OK ? online()
                        : DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(String.format("SAM status %02X", id.sw3)));
            } catch (FrameException e) {
                lost(e.getMessage());
                reopenDelayMs = c.reopenMinMs();
                return reopenDelayMs;
            }
        }
        return c.checkMs();
    }

    /** The reader stopped answering (unplugged?): closed, to be reopened by the watcher. */
    private synchronized void lost(String why) {
        closePort();
        if (isDisposed()) {
            return;
        }
        String path = cfg.serialPort();
        updateStatus(DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription("reader lost (" + why + "); reopening "
                + path));
        LOG.warn("device {}: the ID card reader on {} stopped answering ({}); reopening it", id(), path, why);
    }

    private static DeviceStatus online() {
        return DeviceStatus.ready(OperationalState.ONLINE).withDescription("SAM module answered");
    }

    private synchronized void ensureOpen() {
        if (isDisposed() || port != null) {
            return;
        }
        Config c = cfg;
        String portPath = c.serialPort();
        SerialPort p;
        try {
            p = SerialPort.getCommPort(portPath); // resolves a link (e.g. /dev/serial/by-id/...) again each time
        } catch (RuntimeException e) {
            // SerialPortInvalidPort: the device node is gone (unplugged)
            updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription("serial port " + portPath + " is not there"));
            return;
        }
        p.setComPortParameters(c.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        // on a pty the last error code is ENOTTY after a good open: trust openPort() only
        if (!p.openPort()) {
            updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription("cannot open serial port " + portPath));
            return;
        }
        port = p;
        if (isDisposed()) { // stop() ran while this was opening
            closePort();
            return;
        }
        try {
            SamFrame id = exchange(SamFrame.SAM_ID, deadline(c.replyTimeoutMs()));
            boolean wasOnline = status().operational() == OperationalState.ONLINE;
            if (id.sw3 == SamFrame.OK && id.data.length > 0) {
                // the SAM's id is the reader's serial number (not personal data)
                updateInfo(info().toBuilder().serialNumber(HexFormat.of().withUpperCase().formatHex(id.data)).build());
            }
            updateStatus(id.sw3 == SamFrame.OK ? online()
                    : DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(String.format("SAM status %02X", id.sw3)));
            if (id.sw3 == SamFrame.OK && !wasOnline) {
                LOG.info("device {}: ID card reader on {} is online", id(), portPath);
            }
        } catch (FrameException e) {
            updateStatus(DeviceStatus.ready(OperationalState.OFFLINE).withDescription("SAM module not answering: " + e.getMessage()));
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
        SerialPort port = this.port;
        if (port == null || isDisposed()) {
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
            if (Thread.currentThread().isInterrupted()) { // a command given up on, or dispose
                throw new FrameException(FrameException.Kind.SILENCE, "interrupted");
            }
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
        if (cfg == null) { // start() found the configuration unusable
            return CompletableFuture.failedFuture(new DeviceException(CompletionCode.DEVICE_NOT_READY,
                    "reader not configured: " + status().description()));
        }
        // not ensureUsable(): a reader lost and plugged in again is reopened by the command itself
        return runCommand(ctx, () -> read(request, ctx), IdCardData::wipe);
    }

    private IdCardData read(ReadCardRequest request, CommandContext ctx) {
        commandsRunning.incrementAndGet();
        try {
            ensureOpen();
            return readOpen(request, ctx);
        } finally {
            commandsRunning.decrementAndGet();
        }
    }

    /** Stops a body the base gave up on (deadline, cancel, dispose): it was interrupted. */
    private void ensureActive(CommandContext ctx) {
        ctx.ensureActive();
        if (Thread.currentThread().isInterrupted() || isDisposed()) {
            throw new DeviceException(CompletionCode.CANCELED, "command stopped");
        }
    }

    private IdCardData readOpen(ReadCardRequest request, CommandContext ctx) {
        int replyTimeoutMs = cfg.replyTimeoutMs();
        boolean prompted = false;
        try {
            while (true) {
                ensureActive(ctx);
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
            ensureActive(ctx); // given up on: not a fault of the reader
            updateStatus(DeviceStatus.ready(OperationalState.HARDWARE_ERROR).withDescription(e.getMessage()));
            schedule(this::recheck, Duration.ofSeconds(1));
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR.name(),
                    "reader did not answer properly: " + e.getMessage(), ActionHint.RETRY, null);
        }
    }

    /** After a failed command: ONLINE again if the SAM answers, else the port is closed and reopened. */
    private void recheck() {
        synchronized (this) {
            if (isDisposed() || port == null) {
                return; // the watcher reopens it
            }
            try {
                SamFrame id = exchange(SamFrame.SAM_ID, deadline(cfg.replyTimeoutMs()));
                if (id.sw3 == SamFrame.OK) {
                    updateStatus(online());
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
            Thread.sleep(Math.min(cfg.pollMs(), Math.max(1, ctx.remaining().toMillis())));
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
