package org.opendmv.ui.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTError;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.opendmv.devices.api.DeviceErrorEvent;
import org.opendmv.devices.manager.api.DeviceListener;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.manager.api.DeviceStatusEvent;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.ui.api.KioskUi;
import org.opendmv.ui.api.StepView;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the SWT UI thread. DS may activate this on any thread, so the Display lives on a thread of
 * its own running the event loop; everything else hands work over with {@code asyncExec}. Without
 * a display (no {@code DISPLAY}) the kiosk runs headless and says so once.
 */
@Component(immediate = true, service = {}, configurationPid = KioskShell.PID)
@Designate(ocd = UiConfig.class)
public final class KioskShell {
    static final String PID = "org.opendmv.ui";
    private static final Logger LOG = LoggerFactory.getLogger(KioskShell.class);

    private final BundleContext context;
    final SessionManager sessions;
    final BusinessRegistry registry;
    private volatile UiConfig config;
    private volatile DeviceManager devices;
    private final Map<String, List<ViewEntry>> views = new ConcurrentHashMap<>();
    private final List<Runnable> viewListeners = new CopyOnWriteArrayList<>();
    private final DeviceListener deviceListener = new DeviceListener() {
        @Override
        public void statusChanged(DeviceStatusEvent event) {
            onUi(ui -> ui.devicesChanged());
        }

        @Override
        public void error(DeviceErrorEvent event) {
            onUi(ui -> ui.devicesChanged());
        }
    };

    private Thread thread;
    private volatile Display display;
    private volatile KioskWindow window;
    private volatile ServiceRegistration<KioskUi> registration;

    static final class ViewEntry {
        final StepView view;
        final int ranking;
        final long serviceId;

        ViewEntry(StepView view, Map<String, Object> props) {
            this.view = view;
            Object r = props.get(Constants.SERVICE_RANKING);
            this.ranking = r instanceof Integer ? (Integer) r : 0;
            Object id = props.get(Constants.SERVICE_ID);
            this.serviceId = id instanceof Long ? (Long) id : 0L;
        }
    }

    @Activate
    public KioskShell(BundleContext context, @Reference SessionManager sessions, @Reference BusinessRegistry registry,
            UiConfig config) {
        this.context = context;
        this.sessions = sessions;
        this.registry = registry;
        this.config = config;
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            LOG.warn("No display (DISPLAY is not set): the touch UI is not started and the kiosk runs headless. "
                    + "./kiosk run starts a virtual display when none is available.");
            return;
        }
        CountDownLatch started = new CountDownLatch(1);
        thread = new Thread(() -> uiLoop(started), "opendmv-ui");
        thread.setDaemon(true);
        thread.start();
        try {
            started.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Modified
    void modified(UiConfig config) {
        this.config = config;
        onUi(ui -> ui.configChanged(config));
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<KioskUi> r = registration;
        registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        Display d = display;
        if (d != null && !d.isDisposed()) {
            try {
                d.asyncExec(() -> {
                    KioskWindow w = window;
                    if (w != null) {
                        w.close();
                    }
                });
                d.wake();
            } catch (SWTError | RuntimeException e) {
                LOG.debug("display already gone", e);
            }
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void uiLoop(CountDownLatch started) {
        try {
            Display d;
            try {
                d = new Display();
            } catch (SWTError e) {
                LOG.warn("Cannot open the display {}: the touch UI is not started ({})", System.getenv("DISPLAY"), e.getMessage());
                return;
            }
            display = d;
            try {
                Rectangle screen = d.getPrimaryMonitor().getBounds();
                window = new KioskWindow(this, d, config, screen);
                window.open();
                // queued behind open()'s first paint: KioskUi appears once the first screen is drawn,
                // which is what /api/health's readiness waits for when there is a display
                d.asyncExec(() -> {
                    if (window != null && !window.isClosed()) {
                        registration = context.registerService(KioskUi.class, new KioskUiImpl(this), null);
                    }
                });
                LOG.info("Touch UI up on {} ({}x{} screen, layout {})", System.getenv("DISPLAY"), screen.width, screen.height,
                        window.layoutName());
                started.countDown();
                while (!window.isClosed()) {
                    try {
                        if (!d.readAndDispatch()) {
                            d.sleep();
                        }
                    } catch (RuntimeException e) {
                        // one broken view must not take the kiosk down: back to the attract screen
                        LOG.error("UI error; returning to the attract screen", e);
                        window.recover();
                    }
                }
            } finally {
                ServiceRegistration<KioskUi> r = registration;
                registration = null;
                if (r != null) {
                    try {
                        r.unregister();
                    } catch (IllegalStateException e) {
                        // already gone with the bundle
                    }
                }
                window = null;
                display = null;
                d.dispose();
                LOG.info("Touch UI closed");
            }
        } catch (RuntimeException | SWTError e) {
            LOG.error("Touch UI failed", e);
        } finally {
            started.countDown();
        }
    }

    /** Runs {@code action} on the UI thread if the UI is up; drops it otherwise. */
    void onUi(java.util.function.Consumer<KioskWindow> action) {
        Display d = display;
        if (d == null || d.isDisposed()) {
            return;
        }
        try {
            d.asyncExec(() -> {
                KioskWindow w = window;
                if (w != null && !w.isClosed()) {
                    action.accept(w);
                }
            });
        } catch (SWTError e) {
            // the display is closing
        }
    }

    Display display() {
        return display;
    }

    KioskWindow window() {
        return window;
    }

    UiConfig config() {
        return config;
    }

    DeviceManager devices() {
        return devices;
    }

    /** The view for a step type: highest ranking, then lowest service id. */
    Optional<StepView> view(String stepType) {
        List<ViewEntry> l = views.get(stepType);
        if (l == null) {
            return Optional.empty();
        }
        synchronized (l) {
            return l.stream().sorted(Comparator.comparingInt((ViewEntry e) -> -e.ranking).thenComparingLong(e -> e.serviceId))
                    .map(e -> e.view).findFirst();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addView(StepView view, Map<String, Object> props) {
        Object type = props.get(StepView.STEP_TYPE);
        if (!(type instanceof String)) {
            LOG.warn("A StepView without the {} property is ignored", StepView.STEP_TYPE);
            return;
        }
        List<ViewEntry> l = views.computeIfAbsent((String) type, k -> new ArrayList<>());
        synchronized (l) {
            l.add(new ViewEntry(view, props));
        }
    }

    void removeView(StepView view, Map<String, Object> props) {
        Object type = props.get(StepView.STEP_TYPE);
        List<ViewEntry> l = type == null ? null : views.get(type);
        if (l != null) {
            synchronized (l) {
                l.removeIf(e -> e.view == view);
            }
            onUi(ui -> ui.viewRemoved(view));
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setDevices(DeviceManager manager) {
        this.devices = manager;
        manager.addListener(deviceListener);
        onUi(ui -> ui.devicesChanged());
    }

    void unsetDevices(DeviceManager manager) {
        manager.removeListener(deviceListener);
        if (this.devices == manager) {
            this.devices = null;
        }
        onUi(ui -> ui.devicesChanged());
    }

    // kiosk.mode: the demo marker on screen
    private volatile KioskModeSetting mode;
    private final Runnable modeListener = () -> onUi(KioskWindow::modeChanged);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setMode(KioskModeSetting setting) {
        this.mode = setting;
        setting.listen(modeListener);
        onUi(KioskWindow::modeChanged);
    }

    void unsetMode(KioskModeSetting setting) {
        setting.unlisten(modeListener);
        if (this.mode == setting) {
            this.mode = null;
        }
        onUi(KioskWindow::modeChanged);
    }

    /** Demo mode: simulated devices may serve, and the screen must say so. Unknown counts as not demo. */
    boolean demo() {
        KioskModeSetting m = mode;
        return m != null && m.demo();
    }

    static int swtMouseButton() {
        return SWT.BUTTON1;
    }
}
