package org.opendmv.devices.sanescanner.internal;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.opendmv.devices.api.DeviceClass;
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
        return DeviceInstanceConfig.of("scanner-1", DeviceClass.DOCUMENT_SCANNER, SaneScannerDriverFactory.TYPE, null,
                properties(kv));
    }

    /** The driver keys for test:0 with these extra keys (key, value, key, value...; a null value removes the key). */
    Map<String, String> properties(String... kv) {
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
        return p;
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
}
