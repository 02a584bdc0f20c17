package org.opendmv.devices.sim.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code kiosk:sim}: drives the simulated devices for demos, training and tests.
 *
 * <pre>
 * kiosk:sim card-insert &lt;profile&gt;     put a synthetic citizen's card on the reader
 * kiosk:sim card-remove               take it away
 * kiosk:sim fail &lt;device-id&gt; &lt;state&gt;  e.g. PAPER_OUT, HARDWARE_ERROR, SPOOF, ONLINE
 * kiosk:sim delay &lt;device-id&gt; &lt;ms&gt;    latency of each simulated step
 * kiosk:sim reset                     card removed, every device back to its configuration
 * kiosk:sim status                    card, devices, states
 * kiosk:sim profiles                  the synthetic citizens
 * kiosk:sim receipt [device-id]       text of the last printed receipt
 * </pre>
 */
@Service
@Command(scope = "kiosk", name = "sim", description = "Controls the simulated devices (card, faults, latency)")
public class SimCommand implements Action {
    /** Actions, in help order. */
    static final List<String> ACTIONS = List.of("card-insert", "card-remove", "fail", "delay", "reset", "status",
            "profiles", "receipt");
    static final long MAX_DELAY_MS = 600_000;

    @Reference
    SimControl control;

    @Argument(index = 0, name = "action", required = true,
            description = "card-insert | card-remove | fail | delay | reset | status | profiles | receipt")
    @Completion(SimActionCompleter.class)
    String action;

    @Argument(index = 1, name = "target", required = false, description = "profile (card-insert) or device id")
    @Completion(SimTargetCompleter.class)
    String target;

    @Argument(index = 2, name = "value", required = false, description = "state (fail) or milliseconds (delay)")
    @Completion(SimValueCompleter.class)
    String value;

    @Override
    public Object execute() {
        run(control, action, target, value, System.out);
        return null;
    }

    /**
     * Runs one action, printing to {@code out}.
     *
     * @throws IllegalArgumentException for bad input, with a message saying what is valid
     */
    static void run(SimControl control, String action, String target, String value, PrintStream out) {
        String a = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        switch (a) {
            case "card-insert":
                control.insertCard(require(target, "profile", control.profileIds()));
                noMore(a, value);
                out.println("card '" + target.trim() + "' on the reader");
                break;
            case "card-remove":
                noMore(a, target);
                out.println(control.removeCard() ? "card removed" : "no card was on the reader");
                break;
            case "fail": {
                String id = require(target, "device id", control.deviceIds());
                SimDevice d = control.device(id);
                SimState s = control.fail(id, require(value, "state", SimState.namesFor(d.deviceClass())));
                out.println(id + " -> " + s);
                break;
            }
            case "delay": {
                String id = require(target, "device id", control.deviceIds());
                control.device(id);
                long ms = parseMillis(require(value, "milliseconds", List.of("0", "300", "2000")));
                control.delay(id, ms);
                out.println(id + " latency " + ms + " ms");
                break;
            }
            case "reset":
                noMore(a, target);
                control.reset();
                out.println("simulators reset");
                break;
            case "status":
                noMore(a, target);
                status(control, out);
                break;
            case "profiles":
                noMore(a, target);
                control.citizens().values().forEach(c -> out.println(c.id() + "  " + c.description()));
                out.println(SimControl.NOT_AN_ID_CARD + "  a card that is not a resident ID card");
                break;
            case "receipt":
                noMore(a, value);
                receipt(control, target, out);
                break;
            default:
                throw new IllegalArgumentException((a.isEmpty() ? "missing action" : "unknown action '" + action.trim() + "'")
                        + "; known: " + String.join(", ", ACTIONS));
        }
    }

    private static void status(SimControl control, PrintStream out) {
        out.println("card on reader: " + control.insertedCard().orElse("none"));
        List<SimDevice> devices = control.devices();
        if (devices.isEmpty()) {
            out.println("no simulated device running");
        }
        for (SimDevice d : devices) {
            Map<String, String> m = d.summary();
            out.println(String.format(Locale.ROOT, "%-20s %-18s %-14s %-9s %s", d.instanceId(), d.deviceClass(),
                    m.get("state"), m.get("latency"), m.get("script")));
        }
    }

    private static void receipt(SimControl control, String target, PrintStream out) {
        SimDevice d;
        if (target == null || target.isBlank()) {
            d = control.devices().stream().filter(x -> x instanceof SimReceiptPrinter).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no simulated receipt printer running"));
        } else {
            d = control.device(target);
            if (!(d instanceof SimReceiptPrinter)) {
                throw new IllegalArgumentException("device '" + target.trim() + "' is a " + d.deviceClass()
                        + ", not a receipt printer");
            }
        }
        out.print(((SimReceiptPrinter) d).lastReceipt().orElse("(nothing printed yet)\n"));
    }

    private static String require(String v, String what, List<String> known) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + what + "; known: "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known)));
        }
        return v.trim();
    }

    private static void noMore(String action, String extra) {
        if (extra != null && !extra.isBlank()) {
            throw new IllegalArgumentException("unexpected argument '" + extra.trim() + "' for " + action);
        }
    }

    static long parseMillis(String v) {
        long ms;
        try {
            ms = Long.parseLong(v.trim().toLowerCase(Locale.ROOT).replaceFirst("ms$", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("delay '" + v + "' is not a number of milliseconds", e);
        }
        if (ms < 0 || ms > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delay must be within 0.." + MAX_DELAY_MS + " ms: " + ms);
        }
        return ms;
    }

    /**
     * Candidates for the argument at {@code index} given the previous ones (used by the completers). Karaf
     * also checks each already typed argument by calling its completer on that argument alone (no previous
     * ones): then every value that can stand at {@code index} is a candidate.
     */
    static List<String> candidates(SimControl control, int index, List<String> previous) {
        if (index == 0) {
            return ACTIONS;
        }
        if (previous.isEmpty()) {
            List<String> any = new java.util.ArrayList<>();
            if (index == 1) {
                any.addAll(control.profileIds());
                any.addAll(control.deviceIds());
            } else if (index == 2) {
                any.addAll(SimState.namesFor(null));
                any.addAll(List.of("0", "300", "1000", "5000"));
            }
            return any;
        }
        String a = previous.isEmpty() ? "" : previous.get(0).toLowerCase(Locale.ROOT);
        if (index == 1) {
            switch (a) {
                case "card-insert":
                    return control.profileIds();
                case "fail":
                case "delay":
                    return control.deviceIds();
                case "receipt":
                    return control.devices().stream().filter(d -> d instanceof SimReceiptPrinter).map(SimDevice::instanceId)
                            .toList();
                default:
                    return List.of();
            }
        }
        if (index == 2 && previous.size() >= 2) {
            if ("fail".equals(a)) {
                try {
                    return SimState.namesFor(control.device(previous.get(1)).deviceClass());
                } catch (IllegalArgumentException e) {
                    return SimState.namesFor(null);
                }
            }
            if ("delay".equals(a)) {
                return List.of("0", "300", "1000", "5000");
            }
        }
        return List.of();
    }
}
