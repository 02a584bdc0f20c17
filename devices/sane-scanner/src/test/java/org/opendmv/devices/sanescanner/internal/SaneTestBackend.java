package org.opendmv.devices.sanescanner.internal;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.spi.DeviceCallback;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * SANE's virtual {@code test} backend with a private config dir (never /etc): dll.conf lists only
 * {@code test}, test.conf has geometry_max 300 mm so that A4 fits. Skips (Assume) when scanimage or the
 * test backend is not installed: Debian packages {@code sane-utils libsane1}.
 */
final class SaneTestBackend {
    final Path confDir;
    final Path workDir;

    SaneTestBackend(File root) throws IOException, InterruptedException {
        assumeTrue("scanimage not installed: apt-get install sane-utils libsane1", onPath("scanimage"));
        Path etc = Path.of("/etc/sane.d/test.conf");
        assumeTrue("SANE test backend config missing (/etc/sane.d/test.conf): install libsane1", Files.isRegularFile(etc));
        confDir = root.toPath().resolve("sane.d");
        workDir = root.toPath().resolve("work");
        Files.createDirectories(confDir);
        Files.createDirectories(workDir);
        Files.writeString(confDir.resolve("dll.conf"), "test\n");
        StringBuilder conf = new StringBuilder();
        for (String line : Files.readAllLines(etc, StandardCharsets.UTF_8)) {
            conf.append(line.startsWith("geometry_max") ? "geometry_max 300.0" : line).append('\n');
        }
        Files.writeString(confDir.resolve("test.conf"), conf);
    }

    static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    /** An instance config for test:0 with these extra keys (key, value, key, value...). */
    DeviceInstanceConfig config(String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put(ScannerSettings.KEY_SANE_CONFIG_DIR, confDir.toString());
        p.put(ScannerSettings.KEY_WORK_DIR, workDir.toString());
        p.put(ScannerSettings.KEY_DEVICE, "test:0");
        p.put("option.test-picture", "Color pattern");
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                p.remove(kv[i]);
            } else {
                p.put(kv[i], kv[i + 1]);
            }
        }
        return DeviceInstanceConfig.of("scanner-1", DeviceClass.DOCUMENT_SCANNER, SaneScannerDriverFactory.TYPE, null, p);
    }

    static SaneScannerDriverFactory.Config defaults() {
        return new SaneScannerDriverFactory.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SaneScannerDriverFactory.Config.class;
            }

            @Override
            public String scanimage_path() {
                return "scanimage";
            }

            @Override
            public String sane_config_dir() {
                return "";
            }

            @Override
            public String image_format() {
                return "jpeg";
            }

            @Override
            public int probe_interval_s() {
                return 30;
            }

            @Override
            public int probe_timeout_s() {
                return 20;
            }

            @Override
            public int scan_timeout_s() {
                return 120;
            }

            @Override
            public String work_dir() {
                return "";
            }
        };
    }

    /** Records what a handler reports, like the core would. */
    static final class RecordingCallback implements DeviceCallback {
        final List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        final List<DeviceErrorEvent> errors = new CopyOnWriteArrayList<>();
        final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

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

        DeviceStatus last() {
            return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
        }

        /** Waits (polling, up to 20 s) for a reported status matching {@code p}. */
        DeviceStatus await(Predicate<DeviceStatus> p) throws InterruptedException {
            for (int i = 0; i < 400; i++) {
                DeviceStatus s = last();
                if (s != null && p.test(s)) {
                    return s;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("status not reached; reported " + new ArrayList<>(statuses));
        }

        void close() throws InterruptedException {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
