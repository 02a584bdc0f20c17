package org.opendmv.devices.testkit;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.IdCardTextBlock;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.BaseDeviceHandler;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ID card reader over an in-memory "emulator" ({@link #cardPresent}), for the testkit's own tests. The
 * key {@code faults} switches on the mistakes the conformance suite must catch.
 */
final class MemoryReaderFactory implements DeviceDriverFactory {
    enum Fault { LOG_ID_NUMBER, LEAK_THREAD, IGNORE_CANCEL, THROW_ON_BAD_CONFIG, BLOCK_IN_INITIALIZE }

    final AtomicBoolean cardPresent = new AtomicBoolean();

    @Override
    public String driverType() {
        return "memory-reader";
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return EnumSet.of(DeviceClass.ID_CARD_READER);
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        return new Reader(config, callback);
    }

    record Config(@DefaultValue("20ms") Duration poll, @DefaultValue("") List<Fault> faults) {
    }

    final class Reader extends BaseDeviceHandler implements IdCardReader {
        private final Logger log = LoggerFactory.getLogger(Reader.class);
        private Config cfg;
        private Thread leaked;

        Reader(DeviceInstanceConfig config, DeviceCallback callback) {
            super(config, callback);
            if (config.property("faults", "").contains(Fault.THROW_ON_BAD_CONFIG.name())
                    && config.property("poll").isPresent() && !config.property("poll").get().endsWith("ms")) {
                throw new IllegalArgumentException("bad poll");
            }
        }

        @Override
        protected void start() throws InterruptedException {
            cfg = config(Config.class);
            if (cfg.faults().contains(Fault.BLOCK_IN_INITIALIZE)) {
                Thread.sleep(4000); // past the suite's 2.5 s bound, within the core's 5 s
            }
            if (cfg.faults().contains(Fault.LEAK_THREAD)) {
                leaked = new Thread(() -> {
                    while (true) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            // ignores interruption: a leak
                        }
                    }
                }, "memory-reader-leak");
                leaked.setDaemon(true);
                leaked.start();
            }
            scheduleWithFixedDelay(() -> updateStatus(DeviceStatus.ready(OperationalState.ONLINE)), Duration.ZERO,
                    cfg.poll());
        }

        @Override
        public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
            if (cfg.faults().contains(Fault.IGNORE_CANCEL)) {
                CompletableFuture<IdCardData> never = new CompletableFuture<>();
                return cardPresent.get() ? CompletableFuture.completedFuture(read()) : never;
            }
            ensureUsable();
            return runCommand(ctx, () -> {
                while (!cardPresent.get()) {
                    Thread.sleep(10);
                }
                return read();
            }, IdCardData::wipe);
        }

        private IdCardData read() {
            IdCardData d = IdCardTextBlock.parse(VirtualIdCard.textBlock(), VirtualIdCard.wlt());
            if (cfg.faults().contains(Fault.LOG_ID_NUMBER)) {
                log.debug("read card {}", d.idNumber());
            } else {
                log.debug("read a card ({})", d);
            }
            return d;
        }
    }
}
