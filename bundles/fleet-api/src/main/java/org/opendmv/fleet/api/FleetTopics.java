package org.opendmv.fleet.api;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MQTT topic names of the fleet (all QoS 1).
 *
 * <pre>
 * opendmv/&lt;office&gt;/&lt;kioskId&gt;/heartbeat     kiosk → central, every heartbeat interval
 * opendmv/&lt;office&gt;/&lt;kioskId&gt;/status        kiosk → central, device states, retained
 * opendmv/&lt;office&gt;/&lt;kioskId&gt;/event         kiosk → central, device error events
 * opendmv/&lt;office&gt;/&lt;kioskId&gt;/summary       kiosk → central, daily counts
 * opendmv/&lt;office&gt;/group/&lt;group&gt;/desired   central → kiosks of a group, retained
 * </pre>
 *
 * Ids (office, kiosk, group) are 1–64 characters of {@code [A-Za-z0-9_.-]} starting with a letter or digit, so
 * they never contain MQTT wildcards or separators; {@code group} is not a kiosk id.
 */
public final class FleetTopics {

    /** The first topic level of every fleet topic. */
    public static final String ROOT = "opendmv";

    /** The central's subscription to every kiosk message of every office. */
    public static final String ALL_KIOSK_MESSAGES = ROOT + "/+/+/+";

    /** The reserved second level of desired-state topics. */
    public static final String GROUP = "group";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The kinds of message a kiosk sends, by their last topic level. */
    public enum Kind {
        HEARTBEAT(Heartbeat.class), STATUS(DeviceStatusReport.class), EVENT(ErrorEvent.class),
        SUMMARY(DailySummary.class);

        private final Class<? extends KioskMessage> type;

        Kind(Class<? extends KioskMessage> type) {
            this.type = type;
        }

        /** The last topic level, e.g. {@code heartbeat}. */
        public String level() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The message record of this kind. */
        public Class<? extends KioskMessage> type() {
            return type;
        }

        static Optional<Kind> ofLevel(String level) {
            for (Kind k : values()) {
                if (k.level().equals(level)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** A parsed kiosk topic. */
    public record KioskTopic(String office, String kioskId, Kind kind) {
        public String topic() {
            return kiosk(office, kioskId, kind);
        }
    }

    private FleetTopics() {
    }

    /** Whether {@code id} is a valid office, kiosk or group id. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code id} may name a kiosk (a valid id other than {@value #GROUP}). */
    public static boolean validKioskId(String id) {
        return validId(id) && !GROUP.equals(id);
    }

    /** The topic a kiosk publishes messages of {@code kind} on. */
    public static String kiosk(String office, String kioskId, Kind kind) {
        require("office", office, validId(office));
        require("kioskId", kioskId, validKioskId(kioskId));
        return ROOT + '/' + office + '/' + kioskId + '/' + kind.level();
    }

    /** The retained desired-state topic of a group. */
    public static String desired(String office, String group) {
        require("office", office, validId(office));
        require("group", group, validId(group));
        return ROOT + '/' + office + '/' + GROUP + '/' + group + "/desired";
    }

    /** The kiosk topic {@code topic} names, or empty if it is not one (wrong shape, bad id, unknown kind). */
    public static Optional<KioskTopic> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] l = topic.split("/", -1);
        if (l.length != 4 || !ROOT.equals(l[0]) || !validId(l[1]) || !validKioskId(l[2])) {
            return Optional.empty();
        }
        return Kind.ofLevel(l[3]).map(k -> new KioskTopic(l[1], l[2], k));
    }

    private static void require(String what, String value, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of [A-Za-z0-9_.-]"
                    + ("kioskId".equals(what) ? " and not '" + GROUP + "'" : ""));
        }
    }
}
