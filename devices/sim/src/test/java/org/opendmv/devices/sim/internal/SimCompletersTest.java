package org.opendmv.devices.sim.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.opendmv.devices.api.DeviceClass;

/** The completers as Karaf calls them: on the whole line, and on one typed argument alone to verify it. */
public class SimCompletersTest {
    private final SimFixture fx = new SimFixture();

    @Before
    public void setUp() {
        fx.handler("receipt-printer", DeviceClass.RECEIPT_PRINTER);
        fx.handler("liveness-detector", DeviceClass.LIVENESS_DETECTOR);
    }

    @After
    public void tearDown() {
        fx.close();
    }

    /** A command line whose cursor is at the end of the last argument. */
    private static CommandLine line(String... args) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return args.length - 1;
            }

            @Override
            public String getCursorArgument() {
                return args[args.length - 1];
            }

            @Override
            public int getArgumentPosition() {
                return args[args.length - 1].length();
            }

            @Override
            public String[] getArguments() {
                return args;
            }

            @Override
            public int getBufferPosition() {
                return String.join(" ", args).length();
            }

            @Override
            public String getBuffer() {
                return String.join(" ", args);
            }
        };
    }

    private List<String> complete(Completer c, String... args) {
        List<String> out = new ArrayList<>();
        c.complete(null, line(args), out);
        out.replaceAll(String::trim);
        return out;
    }

    private <C extends Completer> C wire(C c) throws Exception {
        c.getClass().getDeclaredField("control").set(c, fx.control);
        return c;
    }

    @Test
    public void completesActionsProfilesDevicesAndStates() throws Exception {
        SimActionCompleter actions = wire(new SimActionCompleter());
        SimTargetCompleter targets = wire(new SimTargetCompleter());
        SimValueCompleter values = wire(new SimValueCompleter());

        assertEquals(List.of("card-insert", "card-remove"), complete(actions, "kiosk:sim", "card"));
        assertEquals(List.of("adult-female", "adult-male"), complete(targets, "kiosk:sim", "card-insert", "adult"));
        assertEquals(List.of("receipt-printer"), complete(targets, "kiosk:sim", "fail", "rec"));
        List<String> states = complete(values, "kiosk:sim", "fail", "receipt-printer", "PAPER");
        assertTrue(states.toString(), states.containsAll(List.of("PAPER_OK", "PAPER_LOW", "PAPER_OUT")));
        assertEquals(List.of("SPOOF"), complete(values, "kiosk:sim", "fail", "liveness-detector", "SP"));

        // Karaf's verification of already typed arguments: the argument alone
        assertEquals(List.of("fail"), complete(actions, "fail"));
        assertEquals(List.of("receipt-printer"), complete(targets, "receipt-printer"));
        assertEquals(List.of("minor"), complete(targets, "minor"));
    }
}
