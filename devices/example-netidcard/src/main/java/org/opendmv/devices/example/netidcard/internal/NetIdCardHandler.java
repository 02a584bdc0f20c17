package org.opendmv.devices.example.netidcard.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
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
 * One ID-card reader on the network. The base class does the generic work (status, polling, deadline,
 * cancellation, wiping a late result, dispose); this class only speaks the reader's protocol.
 */
final class NetIdCardHandler extends BaseDeviceHandler implements IdCardReader {

    /** The instance's driver keys (etc/org.opendmv.device-*.cfg), typed, with defaults and validation. */
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

    private volatile NetIdCardClient client;

    NetIdCardHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        super(config, callback);
    }

    @Override
    protected void start() {
        Config c = config(Config.class); // a bad key: CONFIGURATION_ERROR, reported by the base
        client = new NetIdCardClient(c.host(), c.port(), c.connectTimeout());
        scheduleWithFixedDelay(this::poll, Duration.ZERO, c.pollInterval());
    }

    /** INFO answered: ONLINE, with the reader's firmware and serial number; no answer: OFFLINE. */
    private void poll() {
        try {
            Map<String, String> info = client.info();
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
                IdCardData card = client.read(wait, request.includePhoto(), ctx);
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
        NetIdCardClient c = client;
        if (c != null) {
            c.close(); // unblocks a read still waiting for a card
        }
    }
}
