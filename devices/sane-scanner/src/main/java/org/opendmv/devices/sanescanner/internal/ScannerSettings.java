package org.opendmv.devices.sanescanner.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * Per-instance settings: the instance's own keys, falling back to the driver-wide defaults of
 * {@link SaneScannerDriverFactory.Config}. Invalid values throw {@link IllegalArgumentException}
 * (reported as CONFIGURATION_ERROR).
 */
record ScannerSettings(String scanimagePath, String saneConfigDir, String deviceName, String source, boolean feeder,
        String modeColour, String modeGrey, int widthMm, int heightMm, String format, int probeIntervalS,
        int probeTimeoutS, int scanTimeoutS, Path workDir, Map<String, String> options) {

    static final String KEY_SCANIMAGE = "scanimage.path";
    static final String KEY_SANE_CONFIG_DIR = "sane.config.dir";
    static final String KEY_DEVICE = "sane.device";
    static final String KEY_SOURCE = "source";
    static final String KEY_FEEDER = "feeder";
    static final String KEY_MODE_COLOUR = "mode.colour";
    static final String KEY_MODE_GREY = "mode.grey";
    static final String KEY_WIDTH = "scan.width.mm";
    static final String KEY_HEIGHT = "scan.height.mm";
    static final String KEY_FORMAT = "image.format";
    static final String KEY_PROBE_INTERVAL = "probe.interval.s";
    static final String KEY_PROBE_TIMEOUT = "probe.timeout.s";
    static final String KEY_SCAN_TIMEOUT = "scan.timeout.s";
    static final String KEY_WORK_DIR = "work.dir";
    static final String OPTION_PREFIX = "option.";

    private static final Pattern OPTION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** scanimage's own switches, which must not be set through option.*. */
    private static final Set<String> FRONTEND = Set.of("device-name", "format", "output-file", "icc-profile",
            "list-devices", "formatted-device-list", "dont-scan", "batch", "batch-start", "batch-count",
            "batch-increment", "batch-double", "batch-print", "batch-prompt", "accept-md5-only", "progress",
            "test", "all-options", "help", "verbose", "buffer-size", "version", "mode", "resolution", "source");

    static ScannerSettings from(DeviceInstanceConfig c, SaneScannerDriverFactory.Config d) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.properties().entrySet()) {
            if (e.getKey().startsWith(OPTION_PREFIX)) {
                String name = e.getKey().substring(OPTION_PREFIX.length());
                if (!OPTION_NAME.matcher(name).matches() || FRONTEND.contains(name)) {
                    throw new IllegalArgumentException("invalid scanner option key " + e.getKey());
                }
                opts.put(name, e.getValue());
            }
        }
        String format = c.property(KEY_FORMAT, d.image_format()).trim().toLowerCase(Locale.ROOT);
        if (!format.equals("jpeg") && !format.equals("png")) {
            throw new IllegalArgumentException(KEY_FORMAT + " must be jpeg or png");
        }
        String work = c.property(KEY_WORK_DIR, d.work_dir());
        return new ScannerSettings(
                c.property(KEY_SCANIMAGE, d.scanimage_path()),
                c.property(KEY_SANE_CONFIG_DIR, d.sane_config_dir()),
                c.property(KEY_DEVICE, ""),
                c.property(KEY_SOURCE, ""),
                c.booleanProperty(KEY_FEEDER, false),
                c.property(KEY_MODE_COLOUR, "Color"),
                c.property(KEY_MODE_GREY, "Gray"),
                range(c, KEY_WIDTH, 210, 0, 1000),
                range(c, KEY_HEIGHT, 297, 0, 1000),
                format,
                range(c, KEY_PROBE_INTERVAL, d.probe_interval_s(), 1, 86_400),
                range(c, KEY_PROBE_TIMEOUT, d.probe_timeout_s(), 1, 600),
                range(c, KEY_SCAN_TIMEOUT, d.scan_timeout_s(), 1, 3600),
                Path.of(work == null || work.isBlank() ? System.getProperty("java.io.tmpdir") : work),
                Collections.unmodifiableMap(opts));
    }

    private static int range(DeviceInstanceConfig c, String key, int def, int min, int max) {
        int v = c.intProperty(key, def);
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max);
        }
        return v;
    }

    String mime() {
        return format.equals("png") ? ImageHeaders.PNG : ImageHeaders.JPEG;
    }

    String extension() {
        return format.equals("png") ? "png" : "jpg";
    }
}
