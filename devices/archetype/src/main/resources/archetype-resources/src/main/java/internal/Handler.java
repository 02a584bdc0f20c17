package ${package}.internal;

#if( $deviceClass == "ID_CARD_READER" )
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.ConfigKey;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * One ID card reader. As generated it speaks the line protocol of the kiosk's example reader
 * (devices/example-netidcard: {@code INFO}, {@code READ <ms>} over TCP), so it works against that
 * reader's emulator; replace {@link Protocol} with your reader's protocol or SDK. The base class does
 * the generic work: status deduplication, polling, the command deadline and cancellation, wiping a
 * result that comes too late, and dispose.
 */
final class Handler extends BaseDeviceHandler implements IdCardReader {

    /** The instance's own keys (etc/org.opendmv.device-*.cfg), typed, with defaults and validation. */
    record Config(String host,
            @DefaultValue("7300") int port,
            @ConfigKey("connect.timeout") @DefaultValue("2s") Duration connectTimeout,
            @ConfigKey("poll.interval") @DefaultValue("5s") Duration pollInterval) {
        Config {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535 / 端口应为 1-65535");
            }
        }
    }

    private volatile Protocol reader;

    Handler(DeviceInstanceConfig config, DeviceCallback callback) {
        super(config, callback);
    }

    @Override
    protected void start() {
        Config c = config(Config.class); // a missing or bad key: CONFIGURATION_ERROR, reported by the base
        reader = new Protocol(c.host(), c.port(), c.connectTimeout());
        scheduleWithFixedDelay(this::poll, Duration.ZERO, c.pollInterval());
    }

    /** The reader answers: ONLINE, with its firmware and serial number (kiosk:devices shows them); else OFFLINE. */
    private void poll() {
        try {
            Map<String, String> info = reader.info();
            updateInfo(config().infoBuilder().vendor(info.get("vendor")).model(info.get("model"))
                    .firmware(info.get("firmware")).serialNumber(info.get("serial")).build());
            updateStatus(DeviceStatus.ready(OperationalState.ONLINE));
        } catch (IOException e) {
            updateStatus(DeviceStatus.ready(OperationalState.OFFLINE).withDescription("reader does not answer / 读卡器无应答"));
        }
    }

    @Override
    public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
        ensureUsable();
        ctx.event(IntermediateEvent.INSERT_CARD_PROMPT);
        return runCommand(ctx, () -> {
            // the reader may wait for a card past our deadline: at the deadline the base ends the command
            // (TIMEOUT) and the context's cancellation closes the connection
            Duration wait = ctx.hasDeadline() ? ctx.remaining().plusSeconds(1) : Duration.ofMinutes(10);
            try {
                IdCardData card = reader.read(wait, request.includePhoto(), ctx);
                ctx.event(IntermediateEvent.MEDIA_INSERTED);
                return card;
            } catch (IOException e) {
                ctx.ensureActive(); // cancelled or timed out: the closed socket is not a reader fault
                updateStatus(DeviceStatus.ready(OperationalState.OFFLINE).withDescription("reader does not answer / 读卡器无应答"));
                throw new DeviceException(CompletionCode.HARDWARE_ERROR, "reader does not answer / 读卡器无应答");
            }
        }, IdCardData::wipe);
    }

    @Override
    protected void stop() {
        Protocol r = reader;
        if (r != null) {
            r.close(); // unblocks a read still waiting for a card
        }
    }

    /**
     * The example reader's protocol: one TCP connection per command, one UTF-8 line each way, answer
     * fields {@code key=value} separated by tabs. Closing the socket aborts a command.
     */
    static final class Protocol implements AutoCloseable {
        private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
        private final String host;
        private final int port;
        private final Duration connectTimeout;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();

        Protocol(String host, int port, Duration connectTimeout) {
            this.host = host;
            this.port = port;
            this.connectTimeout = connectTimeout;
        }

        Map<String, String> info() throws IOException {
            return fields(send("INFO", Duration.ofSeconds(5), null), "INFO");
        }

        IdCardData read(Duration wait, boolean photo, CommandContext ctx) throws IOException {
            String answer = send("READ " + wait.toMillis() + (photo ? "" : " TEXT"), wait.plusSeconds(5), ctx);
            if (answer.equals("NOCARD")) {
                throw new DeviceException(CompletionCode.TIMEOUT, "no card presented / 未放置身份证");
            }
            if (answer.startsWith("ERR ")) {
                switch (answer.substring(4).trim()) {
                    case "NOTIDCARD":
                        throw new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA, "not a resident ID card / 非居民身份证");
                    case "REMOVED":
                        throw new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA, "card removed during the read / 读卡时身份证被移开");
                    default:
                        throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR, "chip or SAM error / 芯片或安全模块错误");
                }
            }
            Map<String, String> f = fields(answer, "CARD");
            try { // never put a field's value into a message or the log: personal data
                String until = f.get("until");
                String png = f.get("photo");
                return IdCardData.builder().name(f.get("name")).sex(IdCardData.Sex.fromCode(f.get("sex").charAt(0)))
                        .ethnicity(f.get("ethnicity")).birthDate(LocalDate.parse(f.get("birth"), DATE))
                        .address(f.get("address")).idNumber(f.get("id")).issuingAuthority(f.get("authority"))
                        .validFrom(LocalDate.parse(f.get("from"), DATE))
                        .validUntil(until == null || until.equals("长期") ? null : LocalDate.parse(until, DATE))
                        .photo(png == null ? null : Base64.getDecoder().decode(png)).build();
            } catch (NullPointerException | DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA, "card data malformed / 身份证信息不完整");
            }
        }

        @Override
        public void close() {
            open.forEach(Protocol::closeQuietly);
        }

        private String send(String command, Duration readTimeout, CommandContext ctx) throws IOException {
            try (Socket s = new Socket()) {
                open.add(s);
                if (ctx != null) {
                    ctx.onCancel(() -> closeQuietly(s)); // cancel or deadline: unblocks the read below
                }
                s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, readTimeout.toMillis())));
                s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IOException("reader closed the connection");
                }
                return line;
            } finally {
                open.removeIf(Socket::isClosed);
            }
        }

        private static Map<String, String> fields(String line, String tag) throws IOException {
            String[] parts = line.split("\t");
            if (!parts[0].equals(tag)) {
                throw new IOException("unexpected answer, expected " + tag);
            }
            Map<String, String> m = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                }
            }
            return m;
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
#else
#if( $deviceClass == "RECEIPT_PRINTER" )
#set( $iface = "ReceiptPrinter" )
#elseif( $deviceClass == "DOCUMENT_SCANNER" )
#set( $iface = "DocumentScanner" )
#elseif( $deviceClass == "SIGNATURE_PAD" )
#set( $iface = "SignaturePad" )
#else
#set( $iface = "LivenessDetector" )
#end
#if( $deviceClass == "DOCUMENT_SCANNER" || $deviceClass == "SIGNATURE_PAD" )
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
#end
import java.time.Duration;
#if( $deviceClass == "DOCUMENT_SCANNER" )
import java.util.List;
#end
import java.util.concurrent.CompletionStage;
#if( $deviceClass == "DOCUMENT_SCANNER" || $deviceClass == "SIGNATURE_PAD" )
import javax.imageio.ImageIO;
#end
import org.opendmv.devices.api.*;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.ConfigKey;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * One ${deviceClass}. As generated it is a minimal working device that answers every command after
 * {@code work.time} with a synthetic result; replace the marked parts with your device's protocol or
 * SDK. The base class does the generic work: status deduplication, polling, the command deadline and
 * cancellation, wiping a result that comes too late, and dispose.
 */
final class Handler extends BaseDeviceHandler implements ${iface} {

    /** The instance's own keys (etc/org.opendmv.device-*.cfg), typed, with defaults and validation. */
    record Config(@ConfigKey("work.time") @DefaultValue("200ms") Duration workTime) {
        Config {
            if (workTime.isNegative()) {
                throw new IllegalArgumentException("work.time must not be negative / work.time 不能为负");
            }
        }
    }

    private Config cfg;

    Handler(DeviceInstanceConfig config, DeviceCallback callback) {
        super(config, callback);
    }

    @Override
    protected void start() {
        cfg = config(Config.class); // a bad key: CONFIGURATION_ERROR, reported by the base
        // your device: open it in execute(...) or poll it with scheduleWithFixedDelay(...), then report its state
        updateInfo(config().infoBuilder().vendor("Acme").model("${driverType}").firmware("1.0").serialNumber("0001").build());
        updateStatus(DeviceStatus.ready(OperationalState.ONLINE));
    }

#if( $deviceClass == "RECEIPT_PRINTER" )
    @Override
    public CompletionStage<PrintResult> print(Receipt receipt, CommandContext ctx) {
        ensureUsable();
        return runCommand(ctx, () -> {
            ctx.event(IntermediateEvent.PRINTING);
            Thread.sleep(cfg.workTime().toMillis()); // your device: send the receipt's lines
            ctx.event(IntermediateEvent.MEDIA_PRESENTED);
            return new PrintResult(PaperStatus.UNKNOWN);
        }, null);
    }
#elseif( $deviceClass == "DOCUMENT_SCANNER" )
    @Override
    public CompletionStage<ScanResult> scan(ScanRequest request, CommandContext ctx) {
        ensureUsable();
        return runCommand(ctx, () -> {
            ctx.event(IntermediateEvent.PLACE_DOCUMENT_PROMPT);
            Thread.sleep(cfg.workTime().toMillis()); // your device: scan a page
            ctx.event(IntermediateEvent.PAGE_SCANNED);
            return new ScanResult(List.of(ScannedPage.of(blankPng(210, 297), "image/png", 210, 297)));
        }, result -> result.pages().forEach(ScannedPage::wipe));
    }
#elseif( $deviceClass == "SIGNATURE_PAD" )
    @Override
    public CompletionStage<SignatureResult> capture(SignatureRequest request, CommandContext ctx) {
        ensureUsable();
        return runCommand(ctx, () -> {
            ctx.event(IntermediateEvent.SIGN_PROMPT);
            Thread.sleep(cfg.workTime().toMillis()); // your device: wait for the signature
            return SignatureResult.of(blankPng(400, 150), 1);
        }, SignatureResult::wipe);
    }
#else
    @Override
    public CompletionStage<LivenessResult> checkLiveness(LivenessRequest request, CommandContext ctx) {
        ensureUsable();
        return runCommand(ctx, () -> {
            ctx.event(IntermediateEvent.PRESENT_FACE_PROMPT);
            Thread.sleep(cfg.workTime().toMillis()); // your device: capture and check a face
            return request.referencePhoto().isPresent() ? LivenessResult.pass(0.9) : LivenessResult.passLiveOnly();
        }, null);
    }
#end

    @Override
    protected void stop() {
        // your device: close it (this also unblocks a command still waiting on it)
    }
#if( $deviceClass != "LIVENESS_DETECTOR" && $deviceClass != "RECEIPT_PRINTER" )

    /** A white PNG standing in for what your device captures. */
    private static byte[] blankPng(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getGraphics().fillRect(0, 0, width, height);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
#end
}
#end
