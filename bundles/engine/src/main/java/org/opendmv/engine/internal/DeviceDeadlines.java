package org.opendmv.engine.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline a visit gives each device command ({@code CommandContext.withTimeout}), per role and
 * command: key {@code <role>.<command>} in {@value #PID}, e.g. {@code idCardReader.readCard = 90} or
 * {@code = PT90S}. Changes apply to the next command, without a restart. A value that is not a duration
 * between {@link #MIN} and {@link #MAX} is refused with a warning naming the key, and the default is used.
 * The table in {@code docs/device-commands.md} lists every key; a unit test keeps them in step.
 */
@Component(service = DeviceDeadlines.class, immediate = true, configurationPid = DeviceDeadlines.PID)
@Designate(ocd = DeviceDeadlines.Config.class)
public final class DeviceDeadlines {
    static final String PID = "org.opendmv.engine.deadlines";
    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDeadlines.class);

    /** Every key with its default, in the order of a visit. */
    static final Map<String, Duration> DEFAULTS;

    static {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("idCardReader.readCard", Duration.ofSeconds(90));
        m.put("livenessDetector.checkLiveness", Duration.ofSeconds(90));
        m.put("documentScanner.scan", Duration.ofSeconds(60));
        m.put("signaturePad.capture", Duration.ofSeconds(180));
        m.put("receiptPrinter.print", Duration.ofSeconds(30));
        DEFAULTS = Collections.unmodifiableMap(m);
    }

    /** Metatype only (what the web console and {@code config:} show); values are read from the raw properties. */
    @ObjectClassDefinition(id = PID, name = "OpenDMV device command deadlines",
            description = "How long a visit waits for each device command before it ends with TIMEOUT. "
                    + "Seconds (90) or ISO-8601 (PT1M30S), between 1 s and 1 h.")
    public @interface Config {
        @AttributeDefinition(name = "ID card reader: readCard", description = "Waiting for the citizen's card and reading it")
        String idCardReader_readCard() default "90";

        @AttributeDefinition(name = "Liveness detector: checkLiveness", description = "Liveness check and face comparison")
        String livenessDetector_checkLiveness() default "90";

        @AttributeDefinition(name = "Document scanner: scan", description = "Scanning one material (all its pages)")
        String documentScanner_scan() default "60";

        @AttributeDefinition(name = "Signature pad: capture", description = "Waiting for the citizen's signature on the pad")
        String signaturePad_capture() default "180";

        @AttributeDefinition(name = "Receipt printer: print", description = "Printing one receipt")
        String receiptPrinter_print() default "30";
    }

    /** The defaults, for steps running without the component (tests, a missing engine configuration). */
    static final DeviceDeadlines DEFAULT = new DeviceDeadlines(Map.of());

    private volatile Map<String, Duration> effective = DEFAULTS;
    private volatile List<String> refused = List.of();

    @Activate
    public DeviceDeadlines(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, Duration> next = new LinkedHashMap<>(DEFAULTS);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            String key = e.getKey();
            if (!DEFAULTS.containsKey(key)) {
                if (looksLikeDeadline(key)) {
                    problems.add("Unknown device deadline key '" + key + "' in " + PID + " ignored; known keys: "
                            + String.join(", ", DEFAULTS.keySet()));
                }
                continue;
            }
            try {
                next.put(key, parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                problems.add("Device deadline " + key + " = '" + e.getValue() + "' refused: " + ex.getMessage()
                        + "; using the default " + DEFAULTS.get(key).toSeconds() + " s");
            }
        }
        problems.forEach(LOG::warn);
        effective = Collections.unmodifiableMap(next);
        refused = List.copyOf(problems);
        if (!properties.isEmpty() && problems.isEmpty()) {
            LOG.debug("Device deadlines: {}", next);
        }
    }

    private static boolean looksLikeDeadline(String key) {
        // Config Admin and Karaf add service.pid, felix.fileinstall.filename, component.name, ...
        return key.indexOf('.') > 0 && !key.startsWith("service.") && !key.startsWith("felix.")
                && !key.startsWith("component.") && !key.startsWith("osgi.");
    }

    /**
     * Seconds ({@code 90}, {@code "90"}) or an ISO-8601 duration ({@code "PT1M30S"}), between {@link #MIN} and
     * {@link #MAX}.
     *
     * @throws IllegalArgumentException with a message saying what is expected
     */
    static Duration parse(Object value) {
        Duration d;
        if (value instanceof Number) {
            d = Duration.ofSeconds(((Number) value).longValue());
        } else {
            String s = value == null ? "" : String.valueOf(value).trim();
            if (s.matches("\\d{1,9}")) {
                d = Duration.ofSeconds(Long.parseLong(s));
            } else {
                try {
                    d = Duration.parse(s);
                } catch (DateTimeParseException ex) {
                    throw new IllegalArgumentException(
                            "not a duration: give seconds (90) or ISO-8601 (PT1M30S) between 1 s and 1 h");
                }
            }
        }
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("must be between 1 s and 1 h (3600 s), was " + d.toSeconds() + " s");
        }
        return d;
    }

    /**
     * The deadline for {@code command} of the device serving {@code role}, e.g.
     * {@code deadline("idCardReader", "readCard")}.
     */
    Duration deadline(String role, String command) {
        Duration d = effective.get(role + "." + command);
        if (d == null) {
            throw new IllegalArgumentException("no deadline for " + role + "." + command);
        }
        return d;
    }

    /** {@code d}, or the defaults when the component is not there. */
    static DeviceDeadlines of(DeviceDeadlines d) {
        return d == null ? DEFAULT : d;
    }

    /** Every key with the deadline in force. */
    Map<String, Duration> effective() {
        return effective;
    }

    /** Messages for the values the last configuration gave that were refused (empty when all were taken). */
    List<String> refused() {
        return refused;
    }
}
