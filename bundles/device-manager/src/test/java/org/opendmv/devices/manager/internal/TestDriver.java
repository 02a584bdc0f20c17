package org.opendmv.devices.manager.internal;

import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceInfo;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IdCardData;
import org.opendmv.devices.api.IdCardReader;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.devices.api.ReadCardRequest;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceDriverFactory;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/** A scriptable ID card reader driver for the manager tests. */
final class TestDriver implements DeviceDriverFactory {

    enum Init { ONLINE, OFFLINE, THROW, HANG }

    final String type;
    volatile Init init = Init.ONLINE;
    volatile Function<CommandContext, CompletionStage<IdCardData>> read = ctx -> CompletableFuture.completedFuture(card());
    /** Released by the test (or teardown) to let a HANG initialize return. */
    final CountDownLatch releaseHang = new CountDownLatch(1);
    final List<Handler> handlers = new CopyOnWriteArrayList<>();
    final List<String> journal = new CopyOnWriteArrayList<>();
    volatile long disposeMillis;

    private final Set<DeviceClass> classes;

    TestDriver(String type) {
        this(type, Set.of(DeviceClass.ID_CARD_READER));
    }

    /** A driver of several classes (like the simulator); classes other than the reader answer only info/status. */
    TestDriver(String type, Set<DeviceClass> classes) {
        this.type = type;
        this.classes = classes;
    }

    @Override
    public String driverType() {
        return type;
    }

    @Override
    public Set<DeviceClass> supportedClasses() {
        return classes;
    }

    @Override
    public DeviceHandler createHandler(DeviceInstanceConfig config, DeviceCallback callback) {
        Handler h = new Handler(config, callback);
        handlers.add(h);
        journal.add("create " + config.id());
        return h;
    }

    Handler last() {
        return handlers.get(handlers.size() - 1);
    }

    static IdCardData card() {
        return IdCardData.builder().name("测试").sex(IdCardData.Sex.MALE).ethnicity("汉")
                .birthDate(LocalDate.of(1990, 1, 1)).address("测试地址").idNumber("110105199001010011")
                .issuingAuthority("测试公安局").validFrom(LocalDate.of(2020, 1, 1)).validUntil(LocalDate.of(2040, 1, 1))
                .build();
    }

    final class Handler implements DeviceHandler, IdCardReader {
        final DeviceInstanceConfig config;
        final DeviceCallback callback;
        final CountDownLatch disposed = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile DeviceStatus status = DeviceStatus.initializing("");

        Handler(DeviceInstanceConfig config, DeviceCallback callback) {
            this.config = config;
            this.callback = callback;
        }

        @Override
        public void initialize() {
            switch (init) {
                case THROW:
                    throw new IllegalStateException("SAM module not found");
                case HANG:
                    // worst case: ignores interrupts until released
                    while (true) {
                        try {
                            releaseHang.await();
                            return;
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                        }
                    }
                case OFFLINE:
                    report(DeviceStatus.ready(OperationalState.OFFLINE));
                    return;
                default:
                    report(DeviceStatus.ready(OperationalState.ONLINE));
            }
        }

        void report(DeviceStatus s) {
            status = s;
            callback.statusChanged(s);
        }

        @Override
        public void dispose() {
            journal.add("dispose-start " + config.id());
            if (disposeMillis > 0) {
                try {
                    Thread.sleep(disposeMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            journal.add("dispose-end " + config.id());
            disposed.countDown();
        }

        @Override
        public Device device() {
            Class<? extends Device> t = config.deviceClass().type();
            if (t.isInstance(this)) {
                return this;
            }
            return t.cast(Proxy.newProxyInstance(t.getClassLoader(), new Class<?>[] {t}, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "info":
                        return info();
                    case "status":
                        return status;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "Test" + t.getSimpleName();
                    default:
                        return CompletableFuture.failedFuture(new UnsupportedOperationException(m.getName()));
                }
            }));
        }

        @Override
        public DeviceInfo info() {
            return config.infoBuilder().vendor("Test").model("T1").firmware("1.0").build();
        }

        @Override
        public DeviceStatus status() {
            return status;
        }

        @Override
        public CompletionStage<IdCardData> readCard(ReadCardRequest request, CommandContext ctx) {
            return read.apply(ctx);
        }
    }
}
