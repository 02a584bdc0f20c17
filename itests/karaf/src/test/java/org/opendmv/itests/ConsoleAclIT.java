package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Command;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionManager;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Console roles on the real distribution, with real principals as an SSH login has them: the
 * groups of etc/users.properties (viewergroup, managergroup) and bin/setenv's admingroup.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ConsoleAclIT extends KioskTestSupport {
    private static final String[] VIEWER = {"viewer", "ssh"};
    private static final String[] MANAGER = {"manager", "viewer", "ssh"};
    private static final String[] ADMIN = {"group", "admin", "manager", "viewer", "systembundles", "ssh"};

    /** Every admin-only form of every kiosk:* command, with harmless arguments. */
    private static final List<String> ADMIN_ONLY = List.of(
            "kiosk:ui --tap attract.start", "kiosk:ui --stroke sign.pad", "kiosk:ui --text", "kiosk:ui --ids",
            "kiosk:ui --screenshot data/tmp/acl.png", "kiosk:ui --timings --text",
            "kiosk:sim card-insert adult-male", "kiosk:sim status", "kiosk:sim profiles",
            "kiosk:simulate --card adult-male dl-renewal",
            "kiosk:payment-sim list", "kiosk:payment-query NO-SUCH-ORDER", "kiosk:refund NO-SUCH-ORDER",
            "kiosk:refund NO-SUCH-ORDER --reason x", "kiosk:outbox-retry 999999",
            "kiosk:device-test id-card-reader", "kiosk:upload-check", "kiosk:business-validate deploy/none.jar");

    @Inject
    SessionManager sessions;
    @Inject
    ConfigurationAdmin configAdmin;

    /** The commands of the simulator, payment and upload bundles register a little after the core's. */
    @Before
    @Override
    public void awaitKioskReady() throws Exception {
        super.awaitKioskReady();
        for (String c : List.of("sessions", "ui", "sim", "payment-sim", "upload-check", "refund", "simulate", "device-test",
                "business-validate")) {
            await("kiosk:" + c, 60_000, () -> sessionFactory.getRegistry().getCommand("kiosk", c) != null);
        }
    }

    @Test
    public void aViewerListsButIsRefusedEveryAdminAndManagerCommandAndOption() throws Exception {
        for (String c : List.of("kiosk:businesses", "kiosk:devices", "kiosk:device-events", "kiosk:applications",
                "kiosk:payments", "kiosk:outbox", "kiosk:sessions", "kiosk:ui", "kiosk:ui --timings")) {
            consoleAs(c, VIEWER);
        }
        for (String c : ADMIN_ONLY) {
            assertRefused(c, VIEWER);
        }
        assertRefused("kiosk:sessions --cancel no-such-visit", VIEWER);
        // a refused command did not run: no card was put on the simulated reader
        assertTrue(console("kiosk:sim status"), console("kiosk:sim status").contains("card on reader: none"));
    }

    @Test
    public void aViewerCannotEndAVisitAManagerCanButCannotTouchTheScreenOrRefund() throws Exception {
        await("dl-renewal can start", 60_000, () -> sessions.readiness("dl-renewal").isEmpty());
        Session visit = sessions.start("dl-renewal", Locale.SIMPLIFIED_CHINESE);
        try {
            assertTrue(consoleAs("kiosk:sessions", VIEWER).contains(visit.id()));
            assertRefused("kiosk:sessions --cancel " + visit.id(), VIEWER);
            assertRefused("kiosk:sessions " + visit.id() + " --cancel", VIEWER);
            assertTrue("still active", sessions.session(visit.id()).isPresent());

            for (String c : ADMIN_ONLY) {
                assertRefused(c, MANAGER);
            }
            // a manager cannot change the kiosk through Karaf's own commands either
            assertRefused("config:property-set -p org.opendmv.engine max.sessions 1", MANAGER);
            assertRefused("bundle:stop org.opendmv.payment", MANAGER);
            assertRefused("scr:disable org.opendmv.health.internal.HealthServlet", MANAGER);
            assertRefused("log:clear", MANAGER);
            assertEquals(Bundle.ACTIVE, bundle("org.opendmv.payment").getState());

            String out = consoleAs("kiosk:sessions --cancel " + visit.id(), MANAGER);
            assertTrue(out, out.contains("Visit " + visit.id() + " ended"));
            await("the visit ended", 10_000, () -> sessions.session(visit.id()).isEmpty());
        } finally {
            sessions.session(visit.id()).ifPresent(Session::cancel);
        }
    }

    @Test
    public void anAdminRunsTheAdminCommands() throws Exception {
        // past the ACL: the commands answer for themselves
        String ui = consoleAs("kiosk:ui --tap attract.start", ADMIN);
        assertTrue(ui, ui.contains("Touch UI") || ui.contains("No control"));
        assertTrue(consoleAs("kiosk:sim profiles", ADMIN).contains("adult-male"));
        try {
            consoleAs("kiosk:refund NO-SUCH-ORDER", ADMIN);
            fail("refunded an unknown order");
        } catch (Exception e) {
            assertFalse(e.toString(), refusal(e));
        }
        assertTrue(consoleAs("kiosk:payment-sim list", ADMIN) != null);
    }

    @Test
    public void aConsoleUserWithoutAKioskRoleSeesNoKioskCommand() throws Exception {
        assertRefused("kiosk:businesses", "ssh");
        assertRefused("kiosk:sessions", "ssh");
    }

    @Test
    public void everyKioskCommandInTheContainerHasAnAclLine() throws Exception {
        Dictionary<String, Object> acl = configAdmin.getConfiguration("org.apache.karaf.command.acl.kiosk", null).getProperties();
        assertTrue("the kiosk ACL is loaded", acl != null && acl.get("refund") != null);
        TreeSet<String> names = new TreeSet<>();
        for (Command c : sessionFactory.getRegistry().getCommands()) {
            if ("kiosk".equals(c.getScope())) {
                names.add(c.getName());
            }
        }
        assertTrue(names.toString(), names.containsAll(List.of("sessions", "ui", "sim", "payment-sim", "upload-check", "refund")));
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!(acl.get(n) instanceof String)) {
                missing.add("kiosk:" + n);
            }
        }
        assertTrue("kiosk commands without a line in etc/org.apache.karaf.command.acl.kiosk.cfg: " + missing, missing.isEmpty());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private void assertRefused(String command, String... roles) {
        // a typo would be "Command not found" too: the command must exist
        String name = command.split(" ")[0];
        assertTrue("no command " + name, sessionFactory.getRegistry().getCommand(name.split(":")[0], name.split(":")[1]) != null);
        try {
            String out = consoleAs(command, roles);
            fail("'" + command + "' ran for " + String.join(",", roles) + ": " + out);
        } catch (Exception e) {
            assertTrue("'" + command + "' failed, but not for lack of a role: " + e, refusal(e));
        }
    }

    /** Karaf hides a command the user may not run at all and refuses a form the user may not use. */
    private static boolean refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String s = t.getClass().getName() + ": " + t.getMessage();
            if (t instanceof SecurityException || s.contains("CommandNotFoundException") || s.contains("Command not found")
                    || s.contains("Insufficient credentials")) {
                return true;
            }
        }
        return false;
    }
}
