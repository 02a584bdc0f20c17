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
        Point at = sync(w -> {
            Map<String, Control> visible = w.visibleControls();
            Control c = visible.get(testId);
            if (c == null) {
                return null;
            }
            Rectangle r = c.getBounds();
            return c.getParent() == null ? new Point(r.x + r.width / 2, r.y + r.height / 2)
                    : c.getParent().toDisplay(r.x + r.width / 2, r.y + r.height / 2);
        });
        if (at == null) {
            return false;
        }
        Display d = owner.display();
        // through the window system, like a finger: move, press, release (Display.post on the UI thread)
        // GTK drops a posted MouseMove under Xvfb; warping the pointer is what moves it
        d.syncExec(() -> d.setCursorLocation(at));
        pause(d);
        d.syncExec(() -> {
            Event down = new Event();
            down.type = SWT.MouseDown;
            down.button = 1;
            down.x = at.x;
            down.y = at.y;
            if (!d.post(down)) {
                org.slf4j.LoggerFactory.getLogger(KioskUiImpl.class).warn("Display.post(MouseDown) refused");
            }
        });
        pause(d);
        d.syncExec(() -> {
            Event up = new Event();
            up.type = SWT.MouseUp;
            up.button = 1;
            up.x = at.x;
            up.y = at.y;
            if (!d.post(up)) {
                org.slf4j.LoggerFactory.getLogger(KioskUiImpl.class).warn("Display.post(MouseUp) refused");
            }
        });
        pause(d);
        return true;
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
