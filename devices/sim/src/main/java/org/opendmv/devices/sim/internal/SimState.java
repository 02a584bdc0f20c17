package org.opendmv.devices.sim.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.api.OperationalState;

/**
 * States a simulated device can be put in (config key {@code sim.fault} or {@code kiosk:sim fail <id> <state>}).
 * The first group changes the operational state of any device; the others script one class's behaviour.
 */
enum SimState {
    /** Operational again; clears an operational fault (class-specific scripts stay). */
    ONLINE(OperationalState.ONLINE, all()),
    /** Present but not answering: commands are refused. */
    OFFLINE(OperationalState.OFFLINE, all()),
    /** Hardware failure: commands are refused, an error event with hint MAINTENANCE is raised. */
    HARDWARE_ERROR(OperationalState.HARDWARE_ERROR, all()),
    /** Configured but not found (unplugged). */
    NO_DEVICE(OperationalState.NO_DEVICE, all()),
    /** Switched off. */
    POWER_OFF(OperationalState.POWER_OFF, all()),

    /** Printer: paper roll full again. */
    PAPER_OK(null, EnumSet.of(DeviceClass.RECEIPT_PRINTER)),
    /** Printer: paper low (prints, warns staff). */
    PAPER_LOW(null, EnumSet.of(DeviceClass.RECEIPT_PRINTER)),
    /** Printer: no paper; print fails with PAPER_OUT. */
    PAPER_OUT(null, EnumSet.of(DeviceClass.RECEIPT_PRINTER)),
    /** Printer or scanner: paper/document jammed; commands fail with MEDIA_JAM. */
    JAMMED(null, EnumSet.of(DeviceClass.RECEIPT_PRINTER, DeviceClass.DOCUMENT_SCANNER)),

    /** Liveness: live face matching the reference. */
    PASS(null, EnumSet.of(DeviceClass.LIVENESS_DETECTOR)),
    /** Liveness: live face, another person (score below the threshold). */
    FAIL(null, EnumSet.of(DeviceClass.LIVENESS_DETECTOR)),
    /** Liveness: nobody in front of the camera. */
    NO_FACE(null, EnumSet.of(DeviceClass.LIVENESS_DETECTOR)),
    /** Liveness: photo/screen/mask presentation attack. */
    SPOOF(null, EnumSet.of(DeviceClass.LIVENESS_DETECTOR)),

    /** ID card reader: reads fail with CHIP_ERROR (SAM or RF failure). */
    CHIP_ERROR(null, EnumSet.of(DeviceClass.ID_CARD_READER)),
    /** ID card reader: reads work again (clears CHIP_ERROR). */
    CHIP_OK(null, EnumSet.of(DeviceClass.ID_CARD_READER)),

    /** Signature pad: the signer confirms without signing; capture fails with EMPTY_SIGNATURE. */
    EMPTY_SIGNATURE(null, EnumSet.of(DeviceClass.SIGNATURE_PAD)),
    /** Signature pad: the signer signs normally again. */
    SIGNED(null, EnumSet.of(DeviceClass.SIGNATURE_PAD));

    private final OperationalState operational;
    private final Set<DeviceClass> classes;

    SimState(OperationalState operational, Set<DeviceClass> classes) {
        this.operational = operational;
        this.classes = classes;
    }

    private static Set<DeviceClass> all() {
        return EnumSet.allOf(DeviceClass.class);
    }

    /** The operational state this sets, or {@code null} for a class-specific script. */
    OperationalState operational() {
        return operational;
    }

    boolean appliesTo(DeviceClass c) {
        return classes.contains(c);
    }

    /** Names of the states that apply to {@code c} ({@code null}: all states). */
    static List<String> namesFor(DeviceClass c) {
        List<String> out = new ArrayList<>();
        for (SimState s : values()) {
            if (c == null || s.appliesTo(c)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /**
     * Parses a state name (case-insensitive, '-' accepted for '_') valid for {@code c}.
     *
     * @throws IllegalArgumentException naming the valid states
     */
    static SimState parse(String value, DeviceClass c) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing state; known: " + String.join(", ", namesFor(c)));
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (SimState s : values()) {
            if (s.name().equals(v)) {
                if (c != null && !s.appliesTo(c)) {
                    throw new IllegalArgumentException("state " + s + " does not apply to a " + c + "; known: "
                            + String.join(", ", namesFor(c)));
                }
                return s;
            }
        }
        throw new IllegalArgumentException("unknown state '" + value.trim() + "'; known: "
                + String.join(", ", namesFor(c)));
    }
}
