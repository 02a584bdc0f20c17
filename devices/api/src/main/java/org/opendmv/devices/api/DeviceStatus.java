package org.opendmv.devices.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable status snapshot of one device in three layers: {@link Lifecycle} with its
 * {@link LifecycleDetail}, {@link OperationalState}, and a per-class substatus map (e.g.
 * {@code paper=LOW}), plus a human-readable description for operators (never personal data).
 *
 * <p>Drivers build one with the factories ({@link #ready(OperationalState)},
 * {@link #uninitialized(LifecycleDetail, String)}, ...) and the {@code with...} methods, and report it
 * through {@link org.opendmv.devices.api.spi.DeviceCallback#statusChanged(DeviceStatus)}.
 */
public final class DeviceStatus {
    private final Lifecycle lifecycle;
    private final LifecycleDetail detail;
    private final OperationalState operational;
    private final Map<String, String> substatus;
    private final String description;

    private DeviceStatus(Lifecycle lifecycle, LifecycleDetail detail, OperationalState operational,
            Map<String, String> substatus, String description) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.operational = Objects.requireNonNull(operational, "operational");
        if (!detail.appliesTo(lifecycle)) {
            throw new IllegalArgumentException("detail " + detail + " is not valid with lifecycle " + lifecycle);
        }
        this.substatus = Collections.unmodifiableMap(new TreeMap<>(substatus));
        this.description = description == null ? "" : description;
    }

    /**
     * Full factory.
     *
     * @throws IllegalArgumentException if {@code detail} does not {@linkplain LifecycleDetail#appliesTo apply}
     *         to {@code lifecycle}
     */
    public static DeviceStatus of(Lifecycle lifecycle, LifecycleDetail detail, OperationalState operational,
            Map<String, String> substatus, String description) {
        return new DeviceStatus(lifecycle, detail, operational, Objects.requireNonNull(substatus, "substatus"),
                description);
    }

    /** READY with the given operational state, e.g. {@code ready(ONLINE)} after the device answered. */
    public static DeviceStatus ready(OperationalState operational) {
        return new DeviceStatus(Lifecycle.READY, LifecycleDetail.NONE, operational, Map.of(), "");
    }

    /** INITIALIZING / NOT_YET_READY, operational state UNKNOWN. */
    public static DeviceStatus initializing(String description) {
        return new DeviceStatus(Lifecycle.INITIALIZING, LifecycleDetail.NOT_YET_READY, OperationalState.UNKNOWN,
                Map.of(), description);
    }

    /** UNINITIALIZED with a reason, operational state UNKNOWN. */
    public static DeviceStatus uninitialized(LifecycleDetail detail, String description) {
        return new DeviceStatus(Lifecycle.UNINITIALIZED, detail, OperationalState.UNKNOWN, Map.of(), description);
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public LifecycleDetail detail() {
        return detail;
    }

    public OperationalState operational() {
        return operational;
    }

    /** Per-class substatus, sorted by key, unmodifiable. */
    public Map<String, String> substatus() {
        return substatus;
    }

    /** One substatus value. */
    public Optional<String> substatus(String key) {
        return Optional.ofNullable(substatus.get(key));
    }

    /**
     * A typed substatus value, e.g. {@code status.substatus(PaperStatus.class)}; empty if not reported or
     * not a constant of {@code type}.
     */
    public <E extends Enum<E> & Substatus> Optional<E> substatus(Class<E> type) {
        E[] constants = type.getEnumConstants();
        if (constants.length == 0) {
            return Optional.empty();
        }
        String value = substatus.get(constants[0].key());
        for (E e : constants) {
            if (e.name().equals(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Operator-facing text, empty if none. Never personal data. */
    public String description() {
        return description;
    }

    /**
     * Whether commands are accepted: lifecycle {@link Lifecycle#READY} and operational state
     * {@link OperationalState#ONLINE} or {@link OperationalState#BUSY}.
     */
    public boolean isUsable() {
        return lifecycle == Lifecycle.READY
                && (operational == OperationalState.ONLINE || operational == OperationalState.BUSY);
    }

    /** A copy with another operational state. */
    public DeviceStatus withOperational(OperationalState operational) {
        return new DeviceStatus(lifecycle, detail, operational, substatus, description);
    }

    /** A copy with another description. */
    public DeviceStatus withDescription(String description) {
        return new DeviceStatus(lifecycle, detail, operational, substatus, description);
    }

    /** A copy with one substatus value set (or removed if {@code value} is {@code null}). */
    public DeviceStatus withSubstatus(String key, String value) {
        Map<String, String> m = new TreeMap<>(substatus);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(Objects.requireNonNull(key, "key"), value);
        }
        return new DeviceStatus(lifecycle, detail, operational, m, description);
    }

    /** A copy with a typed substatus value set, e.g. {@code withSubstatus(PaperStatus.LOW)}. */
    public DeviceStatus withSubstatus(Substatus value) {
        return withSubstatus(value.key(), value.name());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeviceStatus)) {
            return false;
        }
        DeviceStatus s = (DeviceStatus) o;
        return lifecycle == s.lifecycle && detail == s.detail && operational == s.operational
                && substatus.equals(s.substatus) && description.equals(s.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lifecycle, detail, operational, substatus, description);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(lifecycle);
        if (detail != LifecycleDetail.NONE) {
            sb.append('/').append(detail);
        }
        sb.append(' ').append(operational);
        if (!substatus.isEmpty()) {
            sb.append(' ').append(substatus);
        }
        if (!description.isEmpty()) {
            sb.append(" \"").append(description).append('"');
        }
        return sb.toString();
    }
}
