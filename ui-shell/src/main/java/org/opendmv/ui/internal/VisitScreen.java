package org.opendmv.ui.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.devices.api.Device;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.manager.api.DeviceManager;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.LifecycleDetail;
import org.opendmv.devices.api.OperationalState;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionState;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.KeyboardLayout;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.opendmv.ui.api.ViewContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visit on screen: business name, the step bar (步骤条), the step's view, a message bar for
 * problems, the on-screen keyboard, and Back / countdown / Cancel at the bottom. Session events
 * arrive on engine threads and are handed to the UI thread in order.
 */
final class VisitScreen {
    private static final Logger LOG = LoggerFactory.getLogger(VisitScreen.class);
    private final KioskWindow window;
    private final Session session;
    private final SessionListener listener;
    private Composite page;
    private StepBar stepBar;
    private Composite messageBar;
    private Composite stepArea;
    private Composite keyboardArea;
    private Label countdown;
    private Control backButton;
    private Control cancelButton;
    private StepPanel panel;
    private StepView panelView;
    private String panelStep = "";
    private int panelIndex = -1;
    private Shell idleWarning;
    private OnScreenKeyboard keyboard;
    private String refusalReason;
    private String refusalAdvice;
    private boolean ended;
    private LocalizedText deviceProblem;

    VisitScreen(KioskWindow window, Session session) {
        this.window = window;
        this.session = session;
        this.listener = (s, e) -> window.owner.onUi(w -> {
            if (w.visit() == this) {
                onEvent(e);
            }
        });
        session.addListener(listener);
    }

    void show() {
        page = window.page("visit:" + session.currentStep().map(StepSpec::type).orElse(""), this::rebuild);
        GridLayout gl = (GridLayout) page.getLayout();
        gl.verticalSpacing = window.theme.spacing();
        KioskTheme theme = window.theme;
        Label name = theme.label(page, window.t(session.business().name()), TextSize.TITLE);
        name.setFont(theme.bold(TextSize.TITLE));
        name.setData(Theme.TEST_ID, "visit.business");
        stepBar = new StepBar(page, theme, window);
        stepBar.setData(Theme.TEST_ID, "visit.steps");
        messageBar = new Composite(page, SWT.NONE);
        GridData mgd = new GridData(SWT.FILL, SWT.TOP, true, false);
        mgd.exclude = true;
        messageBar.setLayoutData(mgd);
        messageBar.setVisible(false);
        stepArea = new Composite(page, SWT.NONE);
        stepArea.setBackground(theme.color(ThemeColor.BACKGROUND));
        GridLayout sgl = new GridLayout(1, false);
        sgl.marginWidth = 0;
        sgl.marginHeight = 0;
        sgl.verticalSpacing = theme.spacing();
        stepArea.setLayout(sgl);
        stepArea.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        keyboardArea = new Composite(page, SWT.NONE);
        GridData kgd = new GridData(SWT.FILL, SWT.BOTTOM, true, false);
        kgd.exclude = true;
        keyboardArea.setLayoutData(kgd);
        keyboardArea.setVisible(false);
        keyboardArea.setBackground(theme.color(ThemeColor.BORDER));
        Composite bottom = new Composite(page, SWT.NONE);
        bottom.setBackground(theme.color(ThemeColor.BACKGROUND));
        GridLayout bgl = new GridLayout(3, false);
        bgl.marginWidth = 0;
        bgl.marginHeight = 0;
        bottom.setLayout(bgl);
        bottom.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        backButton = theme.button(bottom, "visit.back", window.t("上一步", "Back"), ButtonStyle.SECONDARY, this::back);
        countdown = new Label(bottom, SWT.CENTER);
        countdown.setFont(theme.font(TextSize.BODY));
        countdown.setForeground(theme.color(ThemeColor.MUTED));
        countdown.setBackground(theme.color(ThemeColor.BACKGROUND));
        countdown.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        countdown.setData(Theme.TEST_ID, "visit.countdown");
        cancelButton = theme.button(bottom, "visit.cancel", window.t("取消办理", "Cancel"), ButtonStyle.DANGER, this::cancel);
        panelIndex = -1;
        openCurrentStep();
        tick();
        window.layoutContent();
    }

    private void rebuild() {
        // language or elder mode changed: draw the same step again with the new texts and sizes
        closePanel();
        show();
        if (deviceProblem != null) {
            showProblem(deviceProblem, null);
        }
    }

    // --- events ---

    private void onEvent(SessionEvent e) {
        if (ended) {
            return;
        }
        switch (e.type()) {
            case STEP_ENTERED:
            case STEP_BACK:
                hideIdleWarning();
                clearProblem();
                openCurrentStep();
                break;
            case STEP_COMPLETED:
                hideIdleWarning();
                break;
            case STEP_PROGRESS:
                // real progress clears a problem; an automatic re-read or a step tidying its
                // flags after a failure keeps the reason on screen
                if (e.result().map(r -> r.data().values().stream()
                        .anyMatch(v -> v != StepResult.REMOVE && !"RETRY".equals(v))).orElse(false)) {
                    clearProblem();
                }
                update(e);
                break;
            case STEP_INVALID:
                e.result().ifPresent(r -> showErrors(r.errors()));
                update(e);
                break;
            case REFUSED: {
                RuleResult r = e.result().map(StepResult::refusal).orElse(null);
                Locale l = window.locale();
                refusalReason = r == null ? null : r.reason().map(t -> t.get(l)).orElse(null);
                refusalAdvice = r == null ? null : r.advice().map(t -> t.get(l)).orElse(null);
                break;
            }
            case IDLE_WARNING:
                showIdleWarning();
                break;
            case ENDED:
                end(e.endReason().orElse(EndReason.CANCELLED));
                break;
            default:
                break;
        }
    }

    private void openCurrentStep() {
        if (session.state() != SessionState.ACTIVE) {
            return;
        }
        int idx = session.currentIndex();
        StepSpec step = session.currentStep().orElse(null);
        if (step == null || (idx == panelIndex && panel != null)) {
            return;
        }
        closePanel();
        hideKeyboard();
        panelIndex = idx;
        panelStep = step.type();
        window.rename("visit:" + step.type());
        stepBar.show(session.steps(), idx);
        shown(backButton, session.canGoBack());
        // once the application is stored and paid there is nothing left to cancel
        shown(cancelButton, !"RECEIPT".equals(step.type()));
        StepView v = window.view(step.type());
        panelView = v;
        try {
            panel = v != null ? v.open(stepArea, new Ctx(step)) : new MissingView(stepArea, window, step.type());
        } catch (RuntimeException ex) {
            LOG.error("The view for step {} failed to open", step.type(), ex);
            panel = new MissingView(stepArea, window, step.type());
        }
        update(null);
        devicesChanged();
        window.layoutContent();
    }

    private void update(SessionEvent e) {
        if (panel == null) {
            return;
        }
        Map<String, Object> data = session.data();
        try {
            panel.update(e, data);
        } catch (RuntimeException ex) {
            LOG.error("The view for step {} failed", panelStep, ex);
        }
        // the step's countdown at once (a new step, or progress that re-armed it), not a second later
        tick();
        window.layoutContent();
    }

    private void closePanel() {
        if (panel != null) {
            try {
                panel.close();
            } catch (RuntimeException ex) {
                LOG.warn("Closing the view of {} failed", panelStep, ex);
            }
            panel = null;
        }
        if (stepArea != null && !stepArea.isDisposed()) {
            for (Control c : stepArea.getChildren()) {
                c.dispose();
            }
        }
    }

    private void showErrors(Map<String, LocalizedText> errors) {
        if (errors.isEmpty()) {
            return;
        }
        String deviceKey = errors.keySet().stream().filter(k -> k.contains(":")).findFirst().orElse(null);
        if (deviceKey != null) {
            showProblem(errors.get(deviceKey), deviceKey.substring(deviceKey.indexOf(':') + 1));
            return;
        }
        boolean shown = false;
        try {
            shown = panel != null && panel.showErrors(errors);
        } catch (RuntimeException ex) {
            LOG.warn("The view for {} could not show errors", panelStep, ex);
        }
        if (!shown) {
            StringBuilder sb = new StringBuilder();
            errors.values().forEach(t -> sb.append(sb.length() > 0 ? "\n" : "").append(window.t(t)));
            showProblem(LocalizedText.of(sb.toString(), sb.toString()), null);
        }
    }

    /**
     * The message bar: a problem in plain words, and the action the device's hint asks for —
     * RETRY → "try again", CLEAR → "please call staff", SUSPEND → "try later", MAINTENANCE → out of service.
     */
    private void showProblem(LocalizedText text, String action) {
        KioskTheme theme = window.theme;
        for (Control c : messageBar.getChildren()) {
            c.dispose();
        }
        boolean severe = "MAINTENANCE".equals(action) || "CLEAR".equals(action);
        messageBar.setBackground(theme.color(severe ? ThemeColor.ERROR : ThemeColor.WARNING));
        GridLayout gl = new GridLayout(2, false);
        gl.marginWidth = theme.spacing() * 2;
        gl.marginHeight = theme.spacing();
        messageBar.setLayout(gl);
        Label l = theme.label(messageBar, window.t(text), TextSize.HEADING);
        l.setForeground(theme.color(ThemeColor.ON_PRIMARY));
        l.setBackground(messageBar.getBackground());
        l.setData(Theme.TEST_ID, "visit.problem");
        String hint = null;
        if (action != null) {
            switch (action) {
                case "RETRY":
                    theme.button(messageBar, "visit.problem.retry", window.t("重试", "Try again"), ButtonStyle.SECONDARY,
                            () -> {
                                clearProblem();
                                submit(Map.of("retry", true));
                            });
                    break;
                case "CLEAR":
                case "SUSPEND":
                case "MAINTENANCE": {
                    String[] line = actionLine(action);
                    hint = window.t(line[0], line[1]);
                    break;
                }
                default:
                    break;
            }
        }
        if (hint != null) {
            Label h = theme.label(messageBar, hint, TextSize.BODY);
            h.setForeground(theme.color(ThemeColor.ON_PRIMARY));
            h.setBackground(messageBar.getBackground());
            h.setData(Theme.TEST_ID, "visit.problem.action");
        }
        ((GridData) messageBar.getLayoutData()).exclude = false;
        messageBar.setVisible(true);
        if (action != null) {
            deviceProblem = text;
        }
        window.layoutContent();
    }

    private void clearProblem() {
        deviceProblem = null;
        if (messageBar != null && !messageBar.isDisposed() && messageBar.getVisible()) {
            ((GridData) messageBar.getLayoutData()).exclude = true;
            messageBar.setVisible(false);
            window.layoutContent();
        }
    }

    /** A device this step needs is not usable: say so before the citizen tries. */
    void devicesChanged() {
        if (ended || panelStep.isEmpty()) {
            return;
        }
        DeviceManager dm = window.owner.devices();
        if (dm == null) {
            return;
        }
        for (DeviceClass needed : needs(panelStep)) {
            // the device that serves the role, as the step will use it (never a simulator it refuses)
            DeviceStatus st = dm.role(needed.type()).map(Device::status).orElse(null);
            boolean usable = st != null && (st.operational() == OperationalState.ONLINE
                    || st.operational() == OperationalState.BUSY);
            if (!usable) {
                // nobody on site can fix a missing or refused device's configuration, nor a broken or absent device:
                // the citizen goes to the counter (the same hint the device manager gives its commands)
                boolean outOfService = outOfService(st);
                showProblem(LocalizedText.of(deviceName(needed, true) + "暂时无法使用", deviceName(needed, false) + " is not available right now"),
                        outOfService ? "MAINTENANCE" : "CLEAR");
                return;
            }
        }
        if (deviceProblem != null && deviceProblem.zh().endsWith("暂时无法使用")) {
            clearProblem();
        }
    }

    /**
     * The line under a device problem that says what to do, {zh, en}, for the hints that have one (RETRY shows a
     * "try again" button instead); {@code null} otherwise. docs/device-commands.md quotes them.
     */
    static String[] actionLine(String action) {
        switch (action) {
            case "CLEAR":
                return new String[] {"请联系大厅工作人员处理", "Please call a member of staff"};
            case "SUSPEND":
                return new String[] {"设备正在恢复，请稍后重试", "The device is recovering; please try again shortly"};
            case "MAINTENANCE":
                return new String[] {"本机暂停服务，请到人工窗口办理", "This kiosk is out of service; please go to a counter"};
            default:
                return null;
        }
    }

    /** Whether a device in this status sends the citizen to the counter (MAINTENANCE) rather than to staff on site. */
    static boolean outOfService(DeviceStatus st) {
        return st == null || st.detail() == LifecycleDetail.CONFIGURATION_ERROR
                || st.operational() == OperationalState.HARDWARE_ERROR || st.operational() == OperationalState.NO_DEVICE;
    }

    static Set<DeviceClass> needs(String step) {
        switch (step) {
            case "IDENTIFY":
                return EnumSet.of(DeviceClass.ID_CARD_READER, DeviceClass.LIVENESS_DETECTOR);
            case "MATERIALS":
                return EnumSet.of(DeviceClass.DOCUMENT_SCANNER);
            default:
                // the signature canvas and the on-screen serial number stand in for pad and printer
                return EnumSet.noneOf(DeviceClass.class);
        }
    }

    static String deviceName(DeviceClass c, boolean zh) {
        switch (c) {
            case ID_CARD_READER: return zh ? "身份证阅读器" : "The ID card reader";
            case LIVENESS_DETECTOR: return zh ? "人脸识别摄像头" : "The face camera";
            case DOCUMENT_SCANNER: return zh ? "高拍仪" : "The document camera";
            case SIGNATURE_PAD: return zh ? "签名板" : "The signature pad";
            case RECEIPT_PRINTER: return zh ? "凭条打印机" : "The receipt printer";
            default: return zh ? "设备" : "A device";
        }
    }

    void viewRemoved(StepView view) {
        if (view == panelView) {
            panelIndex = -1;
            openCurrentStep();
        }
    }

    // --- actions ---

    void submit(Map<String, Object> input) {
        window.touched();
        // off the UI thread: a step may wait on a device
        Thread t = new Thread(() -> {
            try {
                session.submit(input);
            } catch (IllegalStateException e) {
                // the visit ended or moved on; its events tell the screen
            } catch (RuntimeException e) {
                LOG.error("Submitting to step {} failed", panelStep, e);
            }
        }, "opendmv-ui-submit");
        t.setDaemon(true);
        t.start();
    }

    private void back() {
        try {
            if (session.canGoBack()) {
                session.back();
            }
        } catch (IllegalStateException e) {
            // ended meanwhile
        }
    }

    private void cancel() {
        try {
            session.cancel();
        } catch (IllegalStateException e) {
            // already ended
        }
    }

    /** The window closes or recovers: end the visit so its data is wiped. */
    void abandon() {
        session.removeListener(listener);
        if (session.state() == SessionState.ACTIVE) {
            try {
                session.cancel();
            } catch (IllegalStateException e) {
                // ended
            }
        }
        ended = true;
        closePanel();
        hideIdleWarning();
    }

    private void end(EndReason reason) {
        ended = true;
        session.removeListener(listener);
        hideIdleWarning();
        closePanel();
        window.visitEnded(session, reason, refusalReason, refusalAdvice);
    }

    void touched() {
        if (!ended && session.state() == SessionState.ACTIVE) {
            try {
                session.touch();
            } catch (IllegalStateException e) {
                // ended
            }
        }
    }

    void elderChanged(boolean on) {
        try {
            session.pace(on ? window.config().elder_pace_percent() : 100);
        } catch (RuntimeException e) {
            LOG.debug("pace not changed", e);
        }
    }

    void tick() {
        if (ended || countdown == null || countdown.isDisposed()) {
            return;
        }
        long s = Math.max(0, Duration.between(Instant.now(), session.idleDeadline()).getSeconds());
        countdown.setText(window.t("本步骤剩余 " + s + " 秒", s + " s left on this step"));
        if (backButton != null && !backButton.isDisposed() && backButton.getVisible() != session.canGoBack()) {
            shown(backButton, session.canGoBack());
            window.layoutContent();
        }
    }

    /** Shows or hides a control and lets the layout take back its room. */
    private static void shown(Control c, boolean show) {
        if (c == null || c.isDisposed()) {
            return;
        }
        c.setVisible(show);
        if (c.getLayoutData() instanceof GridData) {
            ((GridData) c.getLayoutData()).exclude = !show;
        }
        c.getParent().layout(true);
    }

    // --- idle warning ---

    private void showIdleWarning() {
        if (idleWarning != null && !idleWarning.isDisposed()) {
            return;
        }
        KioskTheme theme = window.theme;
        Shell parent = window.shell();
        idleWarning = new Shell(parent, SWT.NO_TRIM | SWT.ON_TOP);
        idleWarning.setBackground(theme.color(ThemeColor.SURFACE));
        theme.frame(idleWarning);
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = theme.spacing() * 3;
        gl.marginHeight = theme.spacing() * 3;
        gl.verticalSpacing = theme.spacing() * 2;
        idleWarning.setLayout(gl);
        Label h = theme.label(idleWarning, window.t("还在吗？", "Are you still there?"), TextSize.TITLE);
        h.setFont(theme.bold(TextSize.TITLE));
        h.setData(Theme.TEST_ID, "idle.title");
        long s = Math.max(0, Duration.between(Instant.now(), session.idleDeadline()).getSeconds());
        theme.label(idleWarning, window.t("如无操作，本次办理将在 " + s + " 秒后自动取消，您的信息会被清除。",
                "Without a touch this visit ends in " + s + " s and your information is cleared."), TextSize.HEADING);
        theme.button(idleWarning, "idle.continue", window.t("继续办理", "Continue"), ButtonStyle.PRIMARY, () -> {
            touched();
            hideIdleWarning();
        });
        Rectangle b = parent.getBounds();
        int w = b.width * 2 / 3;
        org.eclipse.swt.graphics.Point size = idleWarning.computeSize(w, SWT.DEFAULT);
        idleWarning.setBounds(b.x + (b.width - w) / 2, b.y + (b.height - size.y) / 2, w, size.y);
        idleWarning.open();
    }

    private void hideIdleWarning() {
        if (idleWarning != null && !idleWarning.isDisposed()) {
            idleWarning.dispose();
        }
        idleWarning = null;
    }

    // --- keyboard ---

    void showKeyboard(Text field, KeyboardLayout layout) {
        if (keyboard != null) {
            keyboard.dispose();
        }
        for (Control c : keyboardArea.getChildren()) {
            c.dispose();
        }
        keyboard = new OnScreenKeyboard(keyboardArea, window.theme, window, field, layout, this::hideKeyboard);
        ((GridData) keyboardArea.getLayoutData()).exclude = false;
        keyboardArea.setVisible(true);
        window.layoutContent();
    }

    void hideKeyboard() {
        if (keyboard != null) {
            keyboard.dispose();
            keyboard = null;
        }
        if (keyboardArea != null && !keyboardArea.isDisposed() && keyboardArea.getVisible()) {
            for (Control c : keyboardArea.getChildren()) {
                c.dispose();
            }
            ((GridData) keyboardArea.getLayoutData()).exclude = true;
            keyboardArea.setVisible(false);
            window.layoutContent();
        }
    }

    String helpForStep() {
        switch (panelStep) {
            case "IDENTIFY": return window.t("请将身份证放在读卡区，读取后按提示正对摄像头。", "Place your ID card on the reader, then look at the camera.");
            case "FORM": return window.t("点击输入框会出现屏幕键盘；带“已预填”标记的内容来自您的证件和档案。", "Tap a field to open the on-screen keyboard; values marked pre-filled come from your ID card and records.");
            case "MATERIALS": return window.t("将材料正面朝上放在高拍仪下，点击“扫描”。", "Place each document face up under the document camera and press Scan.");
            case "PHOTO": return window.t("用手机扫描二维码，按提示上传白底证件照。", "Scan the QR code with your phone and upload an ID photo on a white background.");
            case "SIGN": return window.t("核对信息后，在签名区内用手指签名。", "Check your details, then sign in the box with your finger.");
            case "PAY": return window.t("打开微信“扫一扫”扫描屏幕上的二维码支付。", "Open WeChat, tap Scan, and scan the QR code on the screen.");
            case "RECEIPT": return window.t("请取走凭条并记下流水号。", "Take your receipt and note the serial number.");
            default: return window.t("请按屏幕提示操作。", "Please follow the instructions on the screen.");
        }
    }

    /** What a step view gets from the shell. */
    private final class Ctx implements ViewContext {
        private final StepSpec step;

        Ctx(StepSpec step) {
            this.step = step;
        }

        @Override
        public Session session() {
            return session;
        }

        @Override
        public StepSpec step() {
            return step;
        }

        @Override
        public Locale locale() {
            return window.locale();
        }

        @Override
        public String t(String zh, String en) {
            return window.t(zh, en);
        }

        @Override
        public String t(LocalizedText text) {
            return window.t(text);
        }

        @Override
        public Theme theme() {
            return window.theme;
        }

        @Override
        public boolean elderMode() {
            return window.elder();
        }

        @Override
        public void submit(Map<String, Object> input) {
            clearProblem();
            VisitScreen.this.submit(input);
        }

        @Override
        public void touched() {
            VisitScreen.this.touched();
        }

        @Override
        public void keyboard(Text field, KeyboardLayout layout) {
            showKeyboard(field, layout);
        }

        @Override
        public void hideKeyboard() {
            VisitScreen.this.hideKeyboard();
        }

        @Override
        public void relayout() {
            window.layoutContent();
        }
    }
}
