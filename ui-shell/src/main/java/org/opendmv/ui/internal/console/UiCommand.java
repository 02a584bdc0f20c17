package org.opendmv.ui.internal.console;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendmv.ui.api.KioskUi;

/** Shows what the touch UI is doing and saves a screenshot of it. */
@Service
@Command(scope = "kiosk", name = "ui", description = "Touch UI status; --screenshot FILE saves what the screen shows as PNG")
public final class UiCommand implements Action {
    @Reference(optional = true)
    KioskUi ui;

    @Option(name = "--screenshot", description = "PNG file to write (relative to the Karaf home)")
    String screenshot;

    @Option(name = "--text", description = "Also print the text on screen")
    boolean text;

    @Option(name = "--tap", description = "Touch the control with this id first (remote support, demos); --ids lists them")
    String tap;

    @Option(name = "--ids", description = "List the ids of the controls on screen")
    boolean ids;

    @Option(name = "--stroke", description = "Draw a zigzag across the control with this id (a signature in demos)")
    String stroke;

    @Option(name = "--timings", description = "Touch to next screen drawn, median per screen (ms)")
    boolean timings;

    @Override
    public Object execute() {
        if (ui == null) {
            System.out.println("The touch UI is not running (no display, or the opendmv-ui feature is not installed). "
                    + "See the log for \"Touch UI\" and README.md (./kiosk run starts a virtual display).");
            return null;
        }
        if (tap != null) {
            if (!ui.tap(tap)) {
                System.err.println("No control '" + tap + "' on screen; on screen: " + String.join(" ", ui.visibleIds()));
                return null;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stroke != null && !ui.stroke(stroke, 0.15, 0.6, 0.3, 0.3, 0.45, 0.7, 0.6, 0.3, 0.75, 0.65, 0.85, 0.4)) {
            System.err.println("No control '" + stroke + "' on screen");
            return null;
        }
        System.out.println("Touch UI: running, layout " + ui.layout() + ", screen " + ui.screen());
        if (ids) {
            System.out.println(String.join(" ", ui.visibleIds()));
        }
        if (screenshot != null) {
            if (!screenshot.toLowerCase().endsWith(".png")) {
                System.err.println("The screenshot file must end in .png");
                return null;
            }
            Path p = Paths.get(screenshot).toAbsolutePath().normalize();
            ui.screenshot(p);
            System.out.println("Screenshot saved: " + p);
        }
        if (timings) {
            System.out.print(ui.timings());
        }
        if (text) {
            System.out.println(ui.screenText());
        }
        return null;
    }
}
