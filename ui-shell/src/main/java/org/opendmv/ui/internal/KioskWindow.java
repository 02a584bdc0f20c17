package org.opendmv.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Categories;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.engine.api.Aftermath;
import org.opendmv.engine.api.EndReason;
import org.opendmv.engine.api.RegistryListener;
import org.opendmv.engine.api.Session;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one full-screen window and its navigation: attract → home (service groups) → category →
 * business list → the visit → result → attract. Everything here runs on the UI thread.
 */
final class KioskWindow {
    private static final Logger LOG = LoggerFactory.getLogger(KioskWindow.class);
    /** The group every business belongs to unless its descriptor names another ({@code ui.group}). */
    static final String VEHICLE_OFFICE = Icons.VEHICLE_OFFICE;

    final KioskShell owner;
    final Display display;
    private final Rectangle screen;
    private UiConfig config;
    private Shell shell;
    KioskTheme theme;
    private Composite header;
    private Composite content;
    private boolean english;
    private boolean elder;
    private String screenName = "attract";
    /** How often the screen after a visit asks whether the payment was settled (every 500 ms). */
    private static final int AFTERMATH_POLLS = 40;
    private Runnable rebuild = this::showAttract;
    private VisitScreen visit;
    private long lastTouch = System.currentTimeMillis();
    private boolean closed;
    /** When the last touch ended, for "touch to next screen drawn" (0 once measured). */
    private long lastRelease;
    private String screenAtRelease = "";
    private final Timings timings = new Timings();
    private final RegistryListener registryListener = new RegistryListener() {
        @Override
        public void added(BusinessDescriptor business) {
            owner.onUi(KioskWindow::businessesChanged);
        }

        @Override
        public void removed(BusinessDescriptor business) {
            owner.onUi(KioskWindow::businessesChanged);
        }
    };
    private final Listener blockKeys = e -> {
        // a kiosk has no way out: no Escape, Alt+F4, Alt+Tab, Ctrl+anything or function keys
        boolean modifier = (e.stateMask & (SWT.ALT | SWT.CTRL | SWT.COMMAND)) != 0;
        boolean special = e.keyCode == SWT.ESC || (e.keyCode >= SWT.F1 && e.keyCode <= SWT.F20) || e.keyCode == SWT.ALT
                || e.keyCode == SWT.CTRL;
        if (modifier || special) {
            e.doit = false;
            e.type = SWT.None;
        }
    };

    KioskWindow(KioskShell owner, Display display, UiConfig config, Rectangle screen) {
        this.owner = owner;
        this.display = display;
        this.config = config;
        this.screen = screen;
        this.english = "en".equals(config.language());
    }

    String layoutName() {
        Rectangle b = bounds();
        return b.width + "x" + b.height;
    }

    private Rectangle bounds() {
        String l = config.layout();
        if (l != null && l.matches("\\d{3,5}x\\d{3,5}")) {
            String[] p = l.split("x");
            return new Rectangle(screen.x, screen.y, Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }
        return screen;
    }

    void open() {
        shell = new Shell(display, SWT.NO_TRIM | SWT.ON_TOP);
        shell.setText("OpenDMV Kiosk");
        shell.addListener(SWT.Close, e -> e.doit = closed);
        display.addFilter(SWT.KeyDown, blockKeys);
        display.addFilter(SWT.Traverse, blockKeys);
        display.addFilter(SWT.MenuDetect, e -> e.doit = false);
        // any touch counts as the citizen being there
        display.addFilter(SWT.MouseDown, e -> touched());
        display.addFilter(SWT.MouseUp, e -> {
            lastRelease = System.nanoTime();
            screenAtRelease = screenName;
        });
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        gl.verticalSpacing = 0;
        shell.setLayout(gl);
        applyBounds();
        buildTheme();
        content = new Composite(shell, SWT.NONE);
        content.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        content.setLayout(new StackLayout());
        showAttract();
        shell.open();
        display.asyncExec(() -> {
            shell.update();
            long sinceStart = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.info("Touch UI: first screen drawn {} ms after the JVM started", sinceStart);
        });
        owner.registry.addListener(registryListener);
        tick();
    }

    private void applyBounds() {
        Rectangle b = bounds();
        boolean auto = !(config.layout() != null && config.layout().matches("\\d{3,5}x\\d{3,5}"));
        shell.setBounds(b);
        if (config.fullscreen() && auto) {
            shell.setFullScreen(true);
        }
    }

    private void buildTheme() {
        KioskTheme old = theme;
        Rectangle b = bounds();
        theme = new KioskTheme(display, Math.min(b.width, b.height), elder);
        shell.setBackground(theme.color(ThemeColor.BACKGROUND));
        if (header != null) {
            header.dispose();
        }
        header = new Composite(shell, SWT.NONE);
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        if (content != null) {
            header.moveAbove(content);
        }
        buildHeader();
        if (old != null) {
            // views built with the old theme are rebuilt by the caller before the old fonts go
            display.asyncExec(old::dispose);
        }
    }

    private void buildHeader() {
        header.setBackground(theme.color(ThemeColor.PRIMARY));
        boolean demo = owner.demo();
        GridLayout gl = new GridLayout(demo ? 5 : 4, false);
        gl.marginWidth = theme.spacing() * 2;
        gl.marginHeight = theme.spacing();
        gl.horizontalSpacing = theme.spacing();
        header.setLayout(gl);
        Label title = new Label(header, SWT.NONE);
        title.setText(t("车管所自助服务", "Vehicle Office Self-Service"));
        title.setFont(theme.bold(TextSize.HEADING));
        title.setForeground(theme.color(ThemeColor.ON_PRIMARY));
        title.setBackground(theme.color(ThemeColor.PRIMARY));
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        title.setData(Theme.TEST_ID, "header.title");
        if (demo) {
            // on every screen, so that nobody mistakes a demo on simulators for the real service
            Composite badge = new Composite(header, SWT.NONE);
            badge.setBackground(theme.color(ThemeColor.WARNING));
            GridLayout bl = new GridLayout(1, false);
            bl.marginWidth = theme.spacing();
            bl.marginHeight = theme.spacing() / 2;
            badge.setLayout(bl);
            badge.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, false, false));
            Label marker = new Label(badge, SWT.CENTER);
            marker.setText("演示模式 / DEMO");
            marker.setFont(theme.bold(TextSize.HEADING));
            marker.setForeground(theme.color(ThemeColor.ON_PRIMARY));
            marker.setBackground(theme.color(ThemeColor.WARNING));
            marker.setData(Theme.TEST_ID, "header.demo");
        }
        theme.button(header, "header.help", t("帮助", "Help"), ButtonStyle.SECONDARY, this::showHelp);
        theme.button(header, "header.elder", elder ? t("标准模式", "Standard") : t("长辈模式", "Elder mode"),
                ButtonStyle.SECONDARY, () -> setElder(!elder));
        theme.button(header, "header.language", english ? "中文" : "English", ButtonStyle.SECONDARY, () -> setEnglish(!english));
        for (Control c : header.getChildren()) {
            if (c instanceof TouchButton) {
                c.setBackground(theme.color(ThemeColor.PRIMARY));
            }
        }
    }

    boolean isClosed() {
        return closed || shell == null || shell.isDisposed();
    }

    void close() {
        closed = true;
        owner.registry.removeListener(registryListener);
        if (visit != null) {
            visit.abandon();
            visit = null;
        }
        display.removeFilter(SWT.KeyDown, blockKeys);
        display.removeFilter(SWT.Traverse, blockKeys);
        if (shell != null && !shell.isDisposed()) {
            shell.dispose();
        }
        if (theme != null) {
            theme.dispose();
        }
    }

    /** After an unexpected error in a view: end any visit and start over. */
    void recover() {
        if (isClosed()) {
            return;
        }
        if (visit != null) {
            visit.abandon();
            visit = null;
        }
        showAttract();
    }

    // --- language, elder mode, config ---

    boolean english() {
        return english;
    }

    boolean elder() {
        return elder;
    }

    Locale locale() {
        return english ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    String t(String zh, String en) {
        return english ? en : zh;
    }

    String t(LocalizedText text) {
        return text == null ? "" : text.get(locale());
    }

    void setEnglish(boolean on) {
        english = on;
        refreshAll();
    }

    void setElder(boolean on) {
        elder = on;
        buildTheme();
        if (visit != null) {
            visit.elderChanged(on);
        }
        refreshAll();
    }

    /** kiosk.mode changed: the header shows or drops the demo marker. */
    void modeChanged() {
        for (Control c : header.getChildren()) {
            c.dispose();
        }
        buildHeader();
        header.layout(true, true);
        shell.layout(true, true);
    }

    void configChanged(UiConfig c) {
        boolean resize = !String.valueOf(c.layout()).equals(String.valueOf(config.layout())) || c.fullscreen() != config.fullscreen();
        config = c;
        if (resize) {
            shell.setFullScreen(false);
            applyBounds();
            buildTheme();
        }
        refreshAll();
    }

    UiConfig config() {
        return config;
    }

    private void refreshAll() {
        for (Control c : header.getChildren()) {
            c.dispose();
        }
        buildHeader();
        rebuild.run();
        shell.layout(true, true);
    }

    // --- screens ---

    String screen() {
        return screenName;
    }

    Shell shell() {
        return shell;
    }

    /** Empties the content area and gives back a fresh page (one-column grid). */
    Composite page(String name, Runnable again) {
        screenName = name;
        rebuild = again;
        for (Control c : content.getChildren()) {
            c.dispose();
        }
        Composite page = new Composite(content, SWT.NONE);
        page.setBackground(theme.color(ThemeColor.BACKGROUND));
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = theme.spacing() * 3;
        gl.marginHeight = theme.spacing() * 2;
        gl.verticalSpacing = theme.spacing() * 2;
        page.setLayout(gl);
        ((StackLayout) content.getLayout()).topControl = page;
        return page;
    }

    /** The visit moved to another step: same page, new name. */
    void rename(String name) {
        screenName = name;
    }

    void layoutContent() {
        content.layout(true, true);
        shell.layout(true, true);
        measure();
    }

    /** Records touch → this screen drawn, once per touch, after the paint has gone out. */
    private void measure() {
        long touch = lastRelease;
        if (touch == 0 || screenName.equals(screenAtRelease)) {
            return;
        }
        String name = screenName;
        display.asyncExec(() -> {
            if (isClosed() || lastRelease != touch || !name.equals(screenName)) {
                return;
            }
            shell.update();
            lastRelease = 0;
            long ms = (System.nanoTime() - touch) / 1_000_000;
            if (ms < 10_000) {
                timings.add(name, ms);
            }
        });
    }

    Timings timings() {
        return timings;
    }

    void showAttract() {
        Composite p = page("attract", this::showAttract);
        new AttractView(p, this);
        layoutContent();
    }

    void showHome() {
        Composite p = page("home", this::showHome);
        theme.label(p, t("请选择服务", "Please choose a service"), TextSize.TITLE);
        Map<String, List<BusinessDescriptor>> groups = new TreeMap<>();
        for (BusinessDescriptor b : owner.registry.businesses()) {
            groups.computeIfAbsent(b.property("ui.group", VEHICLE_OFFICE), k -> new ArrayList<>()).add(b);
        }
        Composite grid = tiles(p, Math.max(1, groups.size()));
        if (groups.isEmpty()) {
            theme.label(p, t("暂无可办理的业务，请联系工作人员", "No services are available; please ask staff"), TextSize.HEADING);
        }
        groups.forEach((group, list) -> tile(grid, "home." + group, group, groupName(group, list),
                t("共 " + list.size() + " 项业务", list.size() + " services"), () -> showCategories(group)));
        layoutContent();
    }

    private String groupName(String group, List<BusinessDescriptor> list) {
        if (VEHICLE_OFFICE.equals(group)) {
            return t("车管所业务", "Vehicle office");
        }
        return list.get(0).text("ui.group.name").map(this::t).orElse(group);
    }

    void showCategories(String group) {
        Map<String, List<BusinessDescriptor>> cats = new TreeMap<>();
        for (BusinessDescriptor b : owner.registry.businesses()) {
            if (b.property("ui.group", VEHICLE_OFFICE).equals(group)) {
                cats.computeIfAbsent(b.category(), k -> new ArrayList<>()).add(b);
            }
        }
        if (cats.size() == 1) {
            showBusinesses(group, cats.keySet().iterator().next());
            return;
        }
        Composite p = page("category", () -> showCategories(group));
        theme.label(p, t("请选择业务类别", "Please choose a category"), TextSize.TITLE);
        Composite grid = tiles(p, Math.max(1, Math.min(2, cats.size())));
        cats.forEach((cat, list) -> tile(grid, "category." + cat, cat, categoryName(cat, list),
                t("共 " + list.size() + " 项业务", list.size() + " services"), () -> showBusinesses(group, cat)));
        backRow(p, this::showHome);
        layoutContent();
    }

    String categoryName(String cat, List<BusinessDescriptor> list) {
        if (Categories.DRIVER_LICENCE.equals(cat)) {
            return t("驾驶证业务", "Driving licence");
        }
        if (Categories.MOTOR_VEHICLE.equals(cat)) {
            return t("机动车业务", "Motor vehicles");
        }
        return list.isEmpty() ? cat : list.get(0).text("ui.category.name").map(this::t).orElse(cat);
    }

    void showBusinesses(String group, String category) {
        List<BusinessDescriptor> list = new ArrayList<>();
        for (BusinessDescriptor b : owner.registry.businesses()) {
            if (b.property("ui.group", VEHICLE_OFFICE).equals(group) && b.category().equals(category)) {
                list.add(b);
            }
        }
        if (list.isEmpty()) {
            showHome();
            return;
        }
        Composite p = page("businesses", () -> showBusinesses(group, category));
        theme.label(p, categoryName(category, list), TextSize.TITLE);
        boolean portrait = bounds().height > bounds().width;
        Composite grid = tiles(p, elder || portrait ? 2 : 3);
        List<Tile> made = new ArrayList<>();
        for (BusinessDescriptor b : list) {
            String fee = b.feeFen() > 0 ? t(String.format("工本费 %d.%02d 元", b.feeFen() / 100, b.feeFen() % 100),
                    String.format("Fee ¥%d.%02d", b.feeFen() / 100, b.feeFen() % 100)) : t("免费", "No fee");
            made.add(tile(grid, "business." + b.code(), b.icon().orElse(b.category()), t(b.name()), fee, () -> startVisit(b.code())));
        }
        backRow(p, () -> showCategories(group));
        layoutContent();
        fitTiles(grid, made);
    }

    /**
     * Every business must be on screen without scrolling (a citizen does not guess that a list
     * scrolls): tiles shrink towards the touch-target height, then the grid gains columns.
     */
    private void fitTiles(Composite grid, List<Tile> tiles) {
        GridLayout gl = (GridLayout) grid.getLayout();
        int avail = grid.getClientArea().height - 2 * gl.marginHeight - 2;
        int n = tiles.size();
        int cols = gl.numColumns;
        int rows = (n + cols - 1) / cols;
        while (rows * (theme.touchTarget() + gl.verticalSpacing) > avail && cols < 4) {
            cols++;
            rows = (n + cols - 1) / cols;
        }
        gl.numColumns = cols;
        int h = Math.max(theme.touchTarget(), Math.min(theme.touchTarget() * 2, (avail - gl.verticalSpacing * (rows - 1)) / rows));
        for (Tile t : tiles) {
            ((GridData) t.getLayoutData()).heightHint = h;
        }
        layoutContent();
    }

    private Composite tiles(Composite p, int columns) {
        Composite grid = new Composite(p, SWT.NONE);
        grid.setBackground(theme.color(ThemeColor.BACKGROUND));
        GridLayout gl = new GridLayout(columns, true);
        gl.horizontalSpacing = theme.spacing() * 2;
        gl.verticalSpacing = theme.spacing() * 2;
        grid.setLayout(gl);
        grid.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        return grid;
    }

    private Tile tile(Composite grid, String id, String icon, String title, String subtitle, Runnable action) {
        Tile tile = new Tile(grid, theme, title, subtitle, action);
        tile.icon(icon);
        tile.setData(Theme.TEST_ID, id);
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, false);
        gd.heightHint = theme.touchTarget() * 2;
        tile.setLayoutData(gd);
        return tile;
    }

    private void backRow(Composite p, Runnable back) {
        Composite row = new Composite(p, SWT.NONE);
        row.setBackground(theme.color(ThemeColor.BACKGROUND));
        row.setLayout(new GridLayout(1, false));
        row.setLayoutData(new GridData(SWT.FILL, SWT.END, true, false));
        theme.button(row, "nav.back", t("返回", "Back"), ButtonStyle.SECONDARY, back);
    }

    void businessesChanged() {
        if (screenName.equals("home") || screenName.equals("category") || screenName.equals("businesses")) {
            rebuild.run();
        }
    }

    // --- the visit ---

    void startVisit(String code) {
        Session s;
        try {
            s = owner.sessions.start(code, locale());
        } catch (RuntimeException e) {
            LOG.warn("Could not start a visit of {}: {}", code, e.getMessage());
            showMessage("ended", t("暂时无法办理", "Not available right now"),
                    t("该业务暂时无法办理，请稍后再试或联系工作人员。", "This service is not available right now. Please try later or ask staff."),
                    null);
            return;
        }
        if (elder) {
            s.pace(config.elder_pace_percent());
        }
        visit = new VisitScreen(this, s);
        visit.show();
    }

    VisitScreen visit() {
        return visit;
    }

    /** Called by the visit screen when the visit ended. */
    void visitEnded(Session s, EndReason reason, String refusalReason, String refusalAdvice) {
        visit = null;
        if (reason != EndReason.COMPLETED && owner.sessions.aftermath(s.id()).isPresent()) {
            // it ended at PAY after a QR code was shown: say what became of the money and the application
            showAftermath(s.id(), 0);
            return;
        }
        switch (reason) {
            case COMPLETED:
                showMessage("ended", t("办理完成，谢谢！", "All done, thank you!"),
                        t("请带好您的身份证和凭条。", "Please take your ID card and your receipt."), null);
                break;
            case REFUSED:
                showMessage("ended", t("暂不能办理", "This cannot be done here"), refusalReason, refusalAdvice);
                break;
            case CANCELLED:
                showMessage("ended", t("已取消办理", "Cancelled"),
                        t("您的信息已清除。", "Your information has been cleared."), null);
                break;
            default:
                showMessage("ended", t(reason.message()), t("您的信息已清除，如需办理请重新开始。",
                        "Your information has been cleared; please start again."), null);
                break;
        }
    }

    /** Confirming for up to {@link #AFTERMATH_POLLS} × 500 ms, then the outcome with the serial number. */
    private void showAftermath(String sessionId, int polls) {
        Aftermath a = owner.sessions.aftermath(sessionId).orElse(null);
        if (a == null) {
            showAttract();
            return;
        }
        String serial = a.serial();
        boolean waiting = a.state() == Aftermath.State.CONFIRMING;
        if (waiting && polls < AFTERMATH_POLLS) {
            if (polls == 0) {
                showMessage("aftermath", t("正在确认支付结果…", "Confirming your payment…"),
                        t("请稍候。流水号：" + serial, "Please wait. Serial number: " + serial), null);
            }
            display.timerExec(500, () -> {
                if (!isClosed() && "aftermath".equals(screenName)) {
                    showAftermath(sessionId, polls + 1);
                }
            });
            return;
        }
        switch (waiting ? Aftermath.State.UNSETTLED : a.state()) {
            case CANCELLED:
                showMessage("ended", t("已取消办理", "Cancelled"),
                        t("订单已关闭，未扣款。您的信息已清除。", "The order is closed and nothing was charged. Your information has been cleared."),
                        null);
                break;
            case SUBMITTED:
                showMessage("ended", t("支付成功，申请已提交", "Paid: your application is submitted"),
                        t("流水号：" + serial, "Serial number: " + serial),
                        a.slipPrinted() ? t("请取走凭条。", "Please take your slip.")
                                : t("凭条未能打印，请记下流水号。", "The slip could not be printed; please note the serial number."));
                break;
            default:
                showMessage("ended", t("支付结果确认中", "Your payment is being confirmed"),
                        t("流水号：" + serial + "。如您已付款，申请将自动提交；如未付款，订单关闭后申请自动取消，不会扣费。",
                                "Serial number: " + serial + ". If you paid, the application is submitted automatically; if not, it is "
                                        + "cancelled once the order is closed, and nothing is charged."),
                        a.slipPrinted() ? t("凭条已打印，请妥善保管，凭流水号可向工作人员查询。",
                                "Your slip is printed: keep it; staff can look the payment up by its serial number.")
                                : waiting ? t("请记下流水号；凭条稍后打印，如未收到请联系工作人员。",
                                        "Please note the serial number; a slip follows shortly, or ask staff if none comes.")
                                : t("凭条未能打印，请记下流水号，或联系工作人员。",
                                        "The slip could not be printed: please note the serial number or ask staff."));
                break;
        }
    }

    void showMessage(String name, String title, String text, String advice) {
        Composite p = page(name, this::showAttract);
        Composite card = theme.card(p);
        Label h = theme.label(card, title, TextSize.TITLE);
        h.setFont(theme.bold(TextSize.TITLE));
        h.setData(Theme.TEST_ID, "result.title");
        if (text != null && !text.isBlank()) {
            theme.label(card, text, TextSize.HEADING).setData(Theme.TEST_ID, "result.text");
        }
        if (advice != null && !advice.isBlank()) {
            Label a = theme.label(card, advice, TextSize.BODY);
            a.setForeground(theme.color(ThemeColor.PRIMARY));
            a.setData(Theme.TEST_ID, "result.advice");
        }
        theme.button(card, "result.home", t("返回首页", "Back to start"), ButtonStyle.PRIMARY, this::showHome);
        layoutContent();
        long shownAt = System.currentTimeMillis();
        lastTouch = shownAt;
        display.timerExec(config.result_seconds() * 1000, () -> {
            if (!isClosed() && screenName.equals(name) && lastTouch <= shownAt) {
                showAttract();
            }
        });
    }

    void showHelp() {
        Shell help = new Shell(shell, SWT.NO_TRIM | SWT.APPLICATION_MODAL | SWT.ON_TOP);
        help.setBackground(theme.color(ThemeColor.SURFACE));
        theme.frame(help);
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = theme.spacing() * 3;
        gl.marginHeight = theme.spacing() * 3;
        gl.verticalSpacing = theme.spacing() * 2;
        help.setLayout(gl);
        Label h = theme.label(help, t("帮助", "Help"), TextSize.TITLE);
        h.setFont(theme.bold(TextSize.TITLE));
        theme.label(help, t(config.help_zh(), config.help_en()), TextSize.HEADING).setData(Theme.TEST_ID, "help.text");
        if (visit != null) {
            theme.label(help, visit.helpForStep(), TextSize.BODY).setData(Theme.TEST_ID, "help.step");
        }
        theme.button(help, "help.close", t("知道了", "OK"), ButtonStyle.PRIMARY, help::dispose);
        Rectangle b = shell.getBounds();
        int w = b.width * 2 / 3;
        org.eclipse.swt.graphics.Point size = help.computeSize(w, SWT.DEFAULT);
        help.setBounds(b.x + (b.width - w) / 2, b.y + Math.max(0, (b.height - size.y) / 2), w, size.y);
        help.open();
    }

    // --- idle and clock ---

    void touched() {
        lastTouch = System.currentTimeMillis();
        if (visit != null) {
            visit.touched();
        }
    }

    private void tick() {
        if (isClosed()) {
            return;
        }
        long idle = System.currentTimeMillis() - lastTouch;
        if (visit == null && !screenName.equals("attract") && !screenName.equals("ended")
                && idle > config.attract_seconds() * 1000L * (elder ? 2 : 1)) {
            showAttract();
        }
        if (visit != null) {
            visit.tick();
        }
        display.timerExec(1000, this::tick);
    }

    // --- views and devices ---

    StepView view(String stepType) {
        return owner.view(stepType).orElse(null);
    }

    void viewRemoved(StepView view) {
        if (visit != null) {
            visit.viewRemoved(view);
        }
    }

    void devicesChanged() {
        if (visit != null) {
            visit.devicesChanged();
        }
    }

    /** Visible controls with a test id, in screen order. */
    Map<String, Control> visibleControls() {
        Map<String, Control> out = new LinkedHashMap<>();
        collect(shell, out);
        for (Shell s : shell.getShells()) {
            if (s.isVisible()) {
                collect(s, out);
            }
        }
        return out;
    }

    private static void collect(Control c, Map<String, Control> out) {
        if (c.isDisposed() || !c.isVisible()) {
            return;
        }
        Object id = c.getData(Theme.TEST_ID);
        if (id instanceof String) {
            out.putIfAbsent((String) id, c);
        }
        if (c instanceof Composite) {
            for (Control child : ((Composite) c).getChildren()) {
                collect(child, out);
            }
        }
    }
}
