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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.spi.DeviceHandler;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;
import org.opendmv.devices.testkit.RecordingCallback;

/**
 * Shared test plumbing: the testkit's {@link RecordingCallback} (a scheduler like the core's, recorded
 * statuses and errors), the bundled citizens, intermediate events.
 */
final class SimFixture extends RecordingCallback {
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
}
