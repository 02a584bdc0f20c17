package org.opendmv.devices.sanescanner.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opendmv.devices.api.spi.ConfigKey;
import org.opendmv.devices.api.spi.DefaultValue;
import org.opendmv.devices.api.spi.DeviceInstanceConfig;

/**
 * Per-instance settings: the instance's own keys, falling back to the driver-wide defaults of
 * {@link SaneScannerDriverFactory.Config}, read as the typed {@link Keys}. Invalid values throw
 * {@link IllegalArgumentException} (reported as CONFIGURATION_ERROR by the handler's base).
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

    /**
     * The fixed keys as a typed configuration ({@link DeviceInstanceConfig#as}); {@code option.*} keys are
     * read apart. Keys without a default here always get the driver-wide one (see {@link #from}).
     */
    record Keys(@ConfigKey(KEY_SCANIMAGE) String scanimagePath,
            @ConfigKey(KEY_SANE_CONFIG_DIR) @DefaultValue("") String saneConfigDir,
            @ConfigKey(KEY_DEVICE) @DefaultValue("") String deviceName,
            @ConfigKey(KEY_SOURCE) @DefaultValue("") String source,
            @ConfigKey(KEY_FEEDER) @DefaultValue("false") boolean feeder,
            @ConfigKey(KEY_MODE_COLOUR) @DefaultValue("Color") String modeColour,
            @ConfigKey(KEY_MODE_GREY) @DefaultValue("Gray") String modeGrey,
            @ConfigKey(KEY_WIDTH) @DefaultValue("210") int widthMm,
            @ConfigKey(KEY_HEIGHT) @DefaultValue("297") int heightMm,
            @ConfigKey(KEY_FORMAT) ImageFormat format,
            @ConfigKey(KEY_PROBE_INTERVAL) int probeIntervalS,
            @ConfigKey(KEY_PROBE_TIMEOUT) int probeTimeoutS,
            @ConfigKey(KEY_SCAN_TIMEOUT) int scanTimeoutS,
            @ConfigKey(KEY_WORK_DIR) @DefaultValue("") String workDir) {
        Keys {
            range(KEY_WIDTH, widthMm, 0, 1000);
            range(KEY_HEIGHT, heightMm, 0, 1000);
            range(KEY_PROBE_INTERVAL, probeIntervalS, 1, 86_400);
            range(KEY_PROBE_TIMEOUT, probeTimeoutS, 1, 600);
            range(KEY_SCAN_TIMEOUT, scanTimeoutS, 1, 3600);
        }

        private static void range(String key, int v, int min, int max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(key + " must be in " + min + ".." + max + " / " + key + " 须在 " + min
                        + ".." + max + " 之间");
            }
        }
    }

    /** Page image formats scanimage writes. */
    enum ImageFormat { JPEG, PNG }

    /**
     * The instance's keys over the driver-wide defaults of {@code d}.
     *
     * @throws IllegalArgumentException ({@link org.opendmv.devices.api.spi.InvalidConfigurationException}) naming
     *         the key, reported as CONFIGURATION_ERROR
     */
    static ScannerSettings from(DeviceInstanceConfig c, SaneScannerDriverFactory.Config d) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.properties().entrySet()) {
            if (e.getKey().startsWith(OPTION_PREFIX)) {
                String name = e.getKey().substring(OPTION_PREFIX.length());
                if (!OPTION_NAME.matcher(name).matches() || FRONTEND.contains(name)) {
                    throw new IllegalArgumentException("invalid scanner option key " + e.getKey() + " / 扫描仪选项键无效 "
                            + e.getKey());
                }
                opts.put(name, e.getValue());
            }
        }
        Map<String, String> merged = new HashMap<>();
        merged.put(KEY_SCANIMAGE, d.scanimage_path());
        merged.put(KEY_SANE_CONFIG_DIR, d.sane_config_dir());
        merged.put(KEY_FORMAT, d.image_format());
        merged.put(KEY_PROBE_INTERVAL, Integer.toString(d.probe_interval_s()));
        merged.put(KEY_PROBE_TIMEOUT, Integer.toString(d.probe_timeout_s()));
        merged.put(KEY_SCAN_TIMEOUT, Integer.toString(d.scan_timeout_s()));
        merged.put(KEY_WORK_DIR, d.work_dir());
        c.properties().forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                merged.put(k, v);
            }
        });
        Keys k = DeviceInstanceConfig.of(c.id(), c.deviceClass(), c.driverType(), c.role(), merged).as(Keys.class);
        return new ScannerSettings(k.scanimagePath(), k.saneConfigDir(), k.deviceName(), k.source(), k.feeder(),
                k.modeColour(), k.modeGrey(), k.widthMm(), k.heightMm(), k.format().name().toLowerCase(Locale.ROOT),
                k.probeIntervalS(), k.probeTimeoutS(), k.scanTimeoutS(),
                Path.of(k.workDir().isBlank() ? System.getProperty("java.io.tmpdir") : k.workDir()),
                Collections.unmodifiableMap(opts));
    }

    String mime() {
        return format.equals("png") ? ImageHeaders.PNG : ImageHeaders.JPEG;
    }

    String extension() {
        return format.equals("png") ? "png" : "jpg";
    }
}
