package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/** Shared test plumbing: a real scheduler as the core's, a recording callback, the bundled citizens. */
final class SimFixture implements DeviceCallback, AutoCloseable {
    final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
    final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
    final List<DeviceErrorEvent> errors = new CopyOnWriteArrayList<>();
    final List<IntermediateEvent> events = new CopyOnWriteArrayList<>();
    final SimControl control;
    final SimDriverFactory factory;

    SimFixture() {
        try {
            control = new SimControl(CitizensLoader.loadBundled(), 0);
        } catch (CitizensFormatException e) {
            throw new AssertionError(e);
        }
        factory = new SimDriverFactory(control);
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void statusChanged(DeviceStatus status) {
        statuses.add(status);
    }

    @Override
    public void error(DeviceErrorEvent event) {
        errors.add(event);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Creates and initializes a sim handler; {@code kv} are key, value pairs. */
    DeviceHandler handler(String id, DeviceClass c, String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        DeviceHandler h = factory.createHandler(DeviceInstanceConfig.of(id, c, "sim", null, props), this);
        h.initialize();
        return h;
    }

    CommandContext ctx(Duration timeout) {
        return CommandContext.withTimeout(timeout, events::add);
    }

    CommandContext ctx() {
        return ctx(Duration.ofSeconds(10));
    }

    DeviceStatus lastStatus() {
        assertTrue("no status reported", !statuses.isEmpty());
        return statuses.get(statuses.size() - 1);
    }

    List<String> eventTypes() {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.toString()));
        return out;
    }

    static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The DeviceException a stage failed with. */
    static DeviceException failure(CompletionStage<?> stage) throws InterruptedException, TimeoutException {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return DeviceException.find(e).orElseThrow(() -> new AssertionError("not a DeviceException", e));
        }
        fail("expected the command to fail");
        return null;
    }

    static void assertFails(CompletionStage<?> stage, CompletionCode code, String errorCode) throws Exception {
        DeviceException e = failure(stage);
        assertEquals(e.toString(), code, e.code());
        assertEquals(e.toString(), errorCode, e.errorCode().orElse(null));
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        if (img == null) {
            throw new AssertionError("not a decodable image");
        }
        return img;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
