package org.opendmv.ui.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.opendmv.ui.api.KioskUi;

/** {@link KioskUi} over the running window; every call hops to the UI thread and waits. */
final class KioskUiImpl implements KioskUi {
    private final KioskShell owner;

    KioskUiImpl(KioskShell owner) {
        this.owner = owner;
    }

    private <T> T sync(Function<KioskWindow, T> f) {
        Display d = owner.display();
        if (d == null || d.isDisposed()) {
            throw new IllegalStateException("the touch UI is not running");
        }
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<RuntimeException> err = new AtomicReference<>();
        d.syncExec(() -> {
            KioskWindow w = owner.window();
            if (w == null || w.isClosed()) {
                err.set(new IllegalStateException("the touch UI is not running"));
                return;
            }
            try {
                out.set(f.apply(w));
            } catch (RuntimeException e) {
                err.set(e);
            }
        });
        if (err.get() != null) {
            throw err.get();
        }
        return out.get();
    }

    @Override
    public String screen() {
        return sync(KioskWindow::screen);
    }

    @Override
    public String layout() {
        return sync(KioskWindow::layoutName);
    }

    @Override
    public void screenshot(Path file) {
        ImageData data = sync(w -> {
            Shell shell = w.shell();
            Rectangle b = shell.getBounds();
            Image img = new Image(w.display, b.width, b.height);
            GC gc = new GC(w.display);
            try {
                gc.copyArea(img, b.x, b.y);
            } finally {
                gc.dispose();
            }
            ImageData id = img.getImageData();
            img.dispose();
            return id;
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, ".shot", ".png");
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {data};
            loader.save(tmp.toString(), SWT.IMAGE_PNG);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> visibleIds() {
        return sync(w -> new ArrayList<>(w.visibleControls().keySet()));
    }

    @Override
    public Optional<String> text(String testId) {
        return sync(w -> Optional.ofNullable(w.visibleControls().get(testId)).map(KioskUiImpl::textOf));
    }

    static String textOf(Control c) {
        if (c instanceof Label) {
            return ((Label) c).getText();
        }
        if (c instanceof Text) {
            return ((Text) c).getText();
        }
        if (c instanceof Button) {
            return ((Button) c).getText();
        }
        if (c instanceof TouchButton) {
            return ((TouchButton) c).text();
        }
        if (c instanceof Tile) {
            return ((Tile) c).title();
        }
        if (c instanceof StepBar) {
            return ((StepBar) c).describe();
        }
        Object qr = c.getData("opendmv.ui.qr.text");
        if (qr != null) {
            return qr.toString();
        }
        Object t = c.getData("opendmv.ui.text");
        return t == null ? null : t.toString();
    }

    @Override
    public String screenText() {
        return sync(w -> {
            StringBuilder sb = new StringBuilder();
            collectText(w.shell(), sb);
            for (Shell s : w.shell().getShells()) {
                if (s.isVisible()) {
                    collectText(s, sb);
                }
            }
            return sb.toString();
        });
    }

    private static void collectText(Control c, StringBuilder sb) {
        if (c.isDisposed() || !c.isVisible()) {
            return;
        }
        String t = textOf(c);
        if (t != null && !t.isBlank()) {
            sb.append(t).append('\n');
        }
        if (c instanceof org.eclipse.swt.widgets.Composite) {
            for (Control child : ((org.eclipse.swt.widgets.Composite) c).getChildren()) {
                collectText(child, sb);
            }
        }
    }

    @Override
    public boolean tap(String testId) {
        return stroke(testId, 0.5, 0.5);
    }

    @Override
    public boolean stroke(String testId, double... points) {
        if (points.length < 2 || points.length % 2 != 0) {
            throw new IllegalArgumentException("points are x, y pairs");
        }
        Point[] at = sync(w -> {
            Control c = w.visibleControls().get(testId);
            if (c == null) {
                return null;
            }
            reveal(c);
            Rectangle r = c.getBounds();
            Point[] p = new Point[points.length / 2];
            for (int i = 0; i < p.length; i++) {
                int x = r.x + (int) Math.round(Math.max(0, Math.min(1, points[2 * i])) * (r.width - 1));
                int y = r.y + (int) Math.round(Math.max(0, Math.min(1, points[2 * i + 1])) * (r.height - 1));
                p[i] = c.getParent() == null ? new Point(x, y) : c.getParent().toDisplay(x, y);
            }
            return p;
        });
        if (at == null) {
            return false;
        }
        Display d = owner.display();
        // through the window system, like a finger. GTK drops a posted MouseMove under Xvfb, so the
        // pointer is warped (which the X server reports as motion) and the buttons are posted.
        d.syncExec(() -> d.setCursorLocation(at[0]));
        pause(d);
        post(d, SWT.MouseDown);
        for (int i = 1; i < at.length; i++) {
            Point from = at[i - 1];
            Point to = at[i];
            for (int s = 1; s <= 8; s++) {
                Point step = new Point(from.x + (to.x - from.x) * s / 8, from.y + (to.y - from.y) * s / 8);
                d.syncExec(() -> d.setCursorLocation(step));
                pause(d);
            }
        }
        post(d, SWT.MouseUp);
        return true;
    }

    private static void post(Display d, int type) {
        d.syncExec(() -> {
            Event e = new Event();
            e.type = type;
            e.button = 1;
            if (!d.post(e)) {
                org.slf4j.LoggerFactory.getLogger(KioskUiImpl.class).warn("Display.post({}) was refused", type);
            }
        });
        pause(d);
    }

    /** Scrolls every scrolled container around {@code c} so that it is on screen. */
    private static void reveal(Control c) {
        for (Control p = c.getParent(); p != null; p = p.getParent()) {
            if (p instanceof org.eclipse.swt.custom.ScrolledComposite) {
                ((org.eclipse.swt.custom.ScrolledComposite) p).showControl(c);
            }
        }
    }

    /** Lets the window system deliver the posted event before the next one. */
    private static void pause(Display d) {
        try {
            Thread.sleep(40);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        d.syncExec(() -> {
        });
    }

    @Override
    public String timings() {
        return sync(w -> w.timings().report());
    }

    @Override
    public void language(boolean english) {
        sync(w -> {
            w.setEnglish(english);
            return null;
        });
    }

    @Override
    public void elderMode(boolean on) {
        sync(w -> {
            w.setElder(on);
            return null;
        });
    }
}
