package org.opendmv.devices.pcsc.internal;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
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
import org.opendmv.devices.pcsc.wlt.WltDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ID card reader reached through pcscd and javax.smartcardio. Status, polling, deadlines, cancellation
 * and wiping a card read too late are {@link BaseDeviceHandler}'s. Card data is never logged.
 */
final class PcscReader extends BaseDeviceHandler implements IdCardReader {
    private static final Logger LOG = LoggerFactory.getLogger(PcscReader.class);
    private static final Duration PROBE_PERIOD = Duration.ofSeconds(5);

    /**
     * The instance keys of driver.type=pcsc-idcard: {@code reader} (substring of the PC/SC reader name;
     * empty = first reader), {@code apdu.select} (hex, default {@value ApduProfile#DEFAULT_SELECT}),
     * {@code read.chunk} (224, 1-255), {@code text.length} (256), {@code photo.length} (1024).
     */
    record Config(@DefaultValue("") String reader,
            @ConfigKey("apdu.select") @DefaultValue(ApduProfile.DEFAULT_SELECT) String apduSelect,
            @ConfigKey("read.chunk") @DefaultValue("224") int readChunk,
            @ConfigKey("text.length") @DefaultValue("256") int textLength,
            @ConfigKey("photo.length") @DefaultValue("1024") int photoLength) {
        Config {
            reader = reader.trim();
            new ApduProfile(apduSelect, readChunk, textLength, photoLength); // validates
        }

        ApduProfile profile() {
            return new ApduProfile(apduSelect, readChunk, textLength, photoLength);
        }
    }

    private final Supplier<WltDecoder> decoder;
    private volatile String readerFilter = "";
    private volatile ApduProfile profile;
    private volatile boolean warnedNoDecoder;

    PcscReader(DeviceInstanceConfig config, DeviceCallback callback, Supplier<WltDecoder> decoder) {
        super(config, callback);
        this.decoder = decoder;
    }

    @Override
    protected void start() {
        Config cfg = config(Config.class);
        readerFilter = cfg.reader();
        profile = cfg.profile();
        updateInfo(config().infoBuilder().vendor("PC/SC").model(readerFilter.isEmpty() ? "(first reader)" : readerFilter).build());
        updateStatus(DeviceStatus.initializing("looking for the PC/SC reader"));
        scheduleWithFixedDelay(this::probe, Duration.ZERO, PROBE_PERIOD);
    }

    void probe() {
        try {
            CardTerminal t = terminal();
            if (!t.getName().equals(info().model())) {
                updateInfo(info().toBuilder().model(t.getName()).build());
            }
            updateStatus(DeviceStatus.ready(OperationalState.ONLINE).withDescription("reader " + t.getName()));
        } catch (DeviceException e) {
            updateStatus(DeviceStatus.ready(OperationalState.NO_DEVICE).withDescription(e.getMessage()));
        }
    }

    /** A fresh factory each time: a restarted pcscd invalidates the old context. */
    private CardTerminal terminal() {
        try {
            List<CardTerminal> all = TerminalFactory.getInstance("PC/SC", null).terminals().list();
            for (CardTerminal t : all) {
                if (readerFilter.isEmpty() || t.getName().contains(readerFilter)) {
                    return t;
                }
            }
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, "no PC/SC reader matching '" + readerFilter + "'");
        } catch (CardException | java.security.NoSuchAlgorithmException | RuntimeException e) {
            if (e instanceof DeviceException) {
                throw (DeviceException) e;
            }
            throw new DeviceException(CompletionCode.DEVICE_NOT_READY, "PC/SC service not available: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
        if (profile == null) { // start() found the configuration unusable
            return CompletableFuture.failedFuture(new DeviceException(CompletionCode.DEVICE_NOT_READY,
                    "reader not configured: " + status().description()));
        }
        // not ensureUsable(): a reader plugged in since the last probe reads at once
        return runCommand(ctx, () -> read(request, ctx), IdCardData::wipe);
    }

    /** Stops a body the base gave up on (deadline, cancel, dispose): it was interrupted. */
    private void ensureActive(CommandContext ctx) {
        ctx.ensureActive();
        if (Thread.currentThread().isInterrupted() || isDisposed()) {
            throw new DeviceException(CompletionCode.CANCELED, "command stopped");
        }
    }

    private IdCardData read(ReadCardRequest request, CommandContext ctx) {
        ApduProfile profile = this.profile;
        CardTerminal t = terminal();
        boolean prompted = false;
        try {
            while (!t.isCardPresent()) {
                ensureActive(ctx);
                if (!prompted) {
                    ctx.event(IntermediateEvent.INSERT_CARD_PROMPT);
                    prompted = true;
                }
                t.waitForCardPresent(Math.max(1, Math.min(200, ctx.remaining().toMillis())));
            }
            ctx.event(IntermediateEvent.MEDIA_INSERTED);
            Card card = t.connect("*");
            try {
                CardChannel ch = card.getBasicChannel();
                check(ch.transmit(new CommandAPDU(profile.select)), "select");
                byte[] text = readFile(profile, ch, 0, profile.textLength, ctx);
                byte[] wlt = request.includePhoto() ? readFile(profile, ch, profile.textLength, profile.photoLength, ctx) : null;
                IdCardData data = IdCardTextBlock.parse(text, wlt);
                java.util.Arrays.fill(text, (byte) 0);
                return withPhoto(data, wlt);
            } finally {
                try {
                    card.disconnect(false);
                } catch (CardException e) {
                    LOG.debug("disconnect failed: {}", e.getMessage());
                }
            }
        } catch (CardNotPresentException e) {
            throw removed();
        } catch (CardException e) {
            // a card pulled out mid-read surfaces as a transmit failure
            boolean present;
            try {
                present = t.isCardPresent();
            } catch (CardException e2) {
                present = false;
            }
            if (!present) {
                throw removed();
            }
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR.name(),
                    "card communication failed: " + rootMessage(e), ActionHint.RETRY, null);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR.name(),
                    "card communication failed: " + e.getMessage(), ActionHint.RETRY, null);
        }
    }

    private IdCardData withPhoto(IdCardData data, byte[] wlt) {
        WltDecoder d = decoder.get();
        if (wlt == null || d == null) {
            if (wlt != null && !warnedNoDecoder) {
                LOG.info("No WLT decoder installed: ID card photos are reported absent");
                warnedNoDecoder = true;
            }
            return data;
        }
        try {
            byte[] image = d.decode(wlt);
            IdCardData.Builder b = IdCardData.builder().name(data.name()).sex(data.sex()).ethnicity(data.ethnicity())
                    .birthDate(data.birthDate()).address(data.address()).idNumber(data.idNumber())
                    .issuingAuthority(data.issuingAuthority()).validFrom(data.validFrom()).photoWlt(wlt).photo(image);
            data.validUntil().ifPresent(b::validUntil);
            data.wipe();
            return b.build();
        } catch (Exception e) {
            LOG.warn("WLT decoder failed: {}", e.getClass().getSimpleName());
            return data;
        }
    }

    private static DeviceException removed() {
        return new DeviceException(CompletionCode.USER_ERROR, ReadCardError.NO_MEDIA.name(),
                "the card was removed before it was read; please present it again", ActionHint.RETRY, null);
    }

    private byte[] readFile(ApduProfile profile, CardChannel ch, int offset, int length, CommandContext ctx) throws CardException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        int done = 0;
        while (done < length) {
            ensureActive(ctx);
            int n = Math.min(profile.chunk, length - done);
            byte[] part = check(ch.transmit(new CommandAPDU(ApduProfile.readBinary(offset + done, n))), "read");
            if (part.length == 0) {
                throw new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA.name(),
                        "card data ended early at byte " + (offset + done), ActionHint.RETRY, null);
            }
            out.write(part, 0, Math.min(part.length, length - done));
            done += part.length;
        }
        return out.toByteArray();
    }

    /** Status words to typed errors; returns the data of a 9000 answer. */
    static byte[] check(ResponseAPDU r, String step) {
        int sw = r.getSW();
        if (sw == 0x9000) {
            return r.getData();
        }
        String what = String.format("%s answered %04X", step, sw);
        if (sw == 0x6A82 || sw == 0x6A86 || sw == 0x6D00 || sw == 0x6E00) {
            throw new DeviceException(CompletionCode.INVALID_DATA, ReadCardError.INVALID_MEDIA.name(),
                    "this card is not a resident ID card (" + what + ")", ActionHint.RETRY, null);
        }
        throw new DeviceException(CompletionCode.HARDWARE_ERROR, ReadCardError.CHIP_ERROR.name(), what, ActionHint.RETRY, null);
    }
}
