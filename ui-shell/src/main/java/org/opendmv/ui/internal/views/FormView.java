package org.opendmv.ui.internal.views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Text;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.FieldValidation;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.KeyboardLayout;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.opendmv.ui.api.ViewContext;
import org.osgi.service.component.annotations.Component;

/**
 * FORM: the business's fields as a touch form, one field per row in a scrolling card. Choices
 * are large toggles, dates have − / + buttons, typed values open the on-screen keyboard (the
 * text fields are not editable by a system input method). Values the engine pre-fills
 * ({@code form.<name>}, listed in {@code form.prefilled}, arriving just after the step is
 * entered) are filled in and tagged. Values are checked with {@link FieldValidation} before
 * they are submitted, so the citizen sees the engine's messages next to the fields at once.
 *
 * <p>Test ids: {@code form.<field>} (the input), {@code form.<field>.<value>} (a choice toggle),
 * {@code form.<field>.error}, {@code form.<field>.prefilled}, {@code form.next}.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=FORM")
public final class FormView implements StepView {
    static final String PREFILLED = "form.prefilled";
    static final String PLATE_FIELD = "form.plateField";
    /** Widget data key: this composite is a card, drawn on the theme's surface colour. */
    static final String SURFACE = "opendmv.ui.surface";
    /** Widget data key: the {@link Color} of a control with a background of its own (a tag, a canvas), for {@link #restyle}. */
    static final String KEEP_BACKGROUND = "opendmv.ui.keepBackground";
    /** Widget data key: this composite handles taps itself, so dragging on it does not scroll. */
    static final String NO_DRAG = "opendmv.ui.noDrag";
    /** How long the Next button stays disabled when no answer to a submit arrives. */
    private static final int SUBMIT_GUARD_MS = 8000;
    /** How long the "loading your details" hint waits for the pre-fill. */
    private static final int PREFILL_WAIT_MS = 6000;

    @Override
    public StepPanel open(Composite parent, ViewContext context) {
        return new Panel(parent, context);
    }

    /** One field on screen. */
    private static final class Row {
        final FieldSpec spec;
        Composite box;
        Label tag;
        Label error;
        Supplier<String> get;
        Consumer<String> set;
        Text text;
        Composite frame;
        /** The value the engine pre-filled, while it is on screen unchanged. */
        String prefilled;
        boolean touched;

        Row(FieldSpec spec) {
            this.spec = spec;
        }
    }

    static final class Panel implements StepPanel {
        private final ViewContext ctx;
        private final Theme theme;
        private final ScrolledComposite scroll;
        private final Composite content;
        private final Composite card;
        private final Map<String, Row> rows = new LinkedHashMap<>();
        private final Control next;
        private Label loading;
        private boolean prefillApplied;
        private boolean filling;
        private boolean submitting;
        private Text keyboardFor;
        private Text pendingKeyboard;
        private KeyboardLayout pendingLayout;
        private final Runnable submitGuard = this::submitDone;
        private final Runnable loadingTimeout = () -> showLoading(false);

        Panel(Composite parent, ViewContext ctx) {
            this.ctx = ctx;
            this.theme = ctx.theme();
            BusinessDescriptor b = ctx.session().business();
            Map<String, Object> data = ctx.session().data();

            scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
            scroll.setBackground(parent.getBackground());
            GridData sgd = new GridData(SWT.FILL, SWT.FILL, true, true);
            sgd.heightHint = theme.touchTarget() * 2; // takes the space left; the content scrolls
            sgd.widthHint = theme.touchTarget() * 2;
            scroll.setLayoutData(sgd);
            scroll.setExpandHorizontal(true);
            scroll.setExpandVertical(true);
            scroll.getVerticalBar().setIncrement(theme.touchTarget() / 2);
            content = new Composite(scroll, SWT.NONE);
            content.setBackground(parent.getBackground());
            GridLayout gl = new GridLayout(1, false);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.verticalSpacing = theme.spacing();
            content.setLayout(gl);
            scroll.setContent(content);

            // the business's notice ("shown before the form": what the citizen must know, e.g. that a change cannot be undone)
            ctx.session().text("notice").ifPresent(n -> {
                Composite note = theme.card(content);
                note.setData(SURFACE, Boolean.TRUE);
                note.setData(Theme.TEST_ID, "form.notice");
                Label nh = theme.label(note, ctx.t("办理须知", "Please note"), TextSize.HEADING);
                nh.setFont(theme.bold(TextSize.HEADING));
                nh.setForeground(theme.color(ThemeColor.WARNING));
                theme.label(note, ctx.t(n), TextSize.BODY);
            });
            card = theme.card(content);
            card.setData(SURFACE, Boolean.TRUE);
            Label intro = theme.label(card, ctx.t("请核对并填写以下信息，带 * 的为必填项。",
                    "Please check and complete the details below. Fields marked * are required."), TextSize.BODY);
            intro.setForeground(theme.color(ThemeColor.MUTED));
            boolean waitsForPrefill = !data.containsKey(PREFILLED) && b.fields().stream().anyMatch(f -> f.prefill().isPresent());
            if (waitsForPrefill) {
                loading = theme.label(card, ctx.t("正在读取您的登记信息……", "Loading your registered details…"), TextSize.SMALL);
                loading.setForeground(theme.color(ThemeColor.MUTED));
                loading.setData(Theme.TEST_ID, "form.loading");
            }
            List<String> plates = plates(data);
            boolean first = true;
            for (FieldSpec f : b.fields()) {
                Row r = new Row(f);
                build(card, r, b, plates, first);
                rows.put(f.name(), r);
                first = false;
            }

            next = theme.button(parent, "form.next", ctx.t("下一步", "Next"), ButtonStyle.PRIMARY, this::next);
            GridData ngd = new GridData(SWT.END, SWT.CENTER, false, false);
            ngd.widthHint = Math.max(next.computeSize(SWT.DEFAULT, SWT.DEFAULT).x, theme.touchTarget() * 4);
            next.setLayoutData(ngd);

            fill(data, true);
            if (data.containsKey(PREFILLED)) {
                prefillApplied = true;
            }
            dragScroll(scroll, content);
            scroll.addListener(SWT.Resize, e -> resizeContent());
            if (loading != null) {
                scroll.getDisplay().timerExec(PREFILL_WAIT_MS, loadingTimeout);
            }
            refresh();
        }

        private static List<String> plates(Map<String, Object> data) {
            Object p = data.get(Facts.ELIGIBLE_PLATES);
            if (p == null) {
                return List.of();
            }
            return Arrays.stream(String.valueOf(p).split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
                    .collect(Collectors.toList());
        }

        private void build(Composite card, Row r, BusinessDescriptor b, List<String> plates, boolean first) {
            FieldSpec f = r.spec;
            String id = "form." + f.name();
            Composite box = new Composite(card, SWT.NONE);
            box.setBackground(card.getBackground());
            GridLayout gl = new GridLayout(1, false);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.verticalSpacing = Math.max(2, theme.spacing() / 2);
            box.setLayout(gl);
            GridData bgd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            bgd.verticalIndent = first ? 0 : theme.spacing() / 2;
            box.setLayoutData(bgd);
            r.box = box;

            Composite head = new Composite(box, SWT.NONE);
            head.setBackground(box.getBackground());
            GridLayout hl = new GridLayout(f.required() ? 3 : 2, false);
            hl.marginWidth = 0;
            hl.marginHeight = 0;
            hl.horizontalSpacing = Math.max(2, theme.spacing() / 2);
            head.setLayout(hl);
            head.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            if (f.required()) {
                Label star = new Label(head, SWT.NONE);
                star.setText("*");
                star.setFont(theme.bold(TextSize.HEADING));
                star.setForeground(theme.color(ThemeColor.ERROR));
                star.setBackground(head.getBackground());
                star.setLayoutData(new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false));
            }
            Label name = theme.label(head, ctx.t(f.label()), TextSize.HEADING);
            name.setFont(theme.bold(TextSize.HEADING));
            name.setData(Theme.TEST_ID, id + ".label");
            Label tag = new Label(head, SWT.NONE);
            tag.setText(" " + ctx.t("已预填", "Pre-filled") + " ");
            tag.setFont(theme.font(TextSize.SMALL));
            tag.setForeground(theme.color(ThemeColor.ON_PRIMARY));
            tag.setBackground(theme.color(ThemeColor.OK));
            tag.setData(Theme.TEST_ID, id + ".prefilled");
            tag.setData(KEEP_BACKGROUND, theme.color(ThemeColor.OK));
            GridData tgd = new GridData(SWT.END, SWT.CENTER, false, false);
            tgd.exclude = true;
            tag.setLayoutData(tgd);
            tag.setVisible(false);
            r.tag = tag;

            f.help().ifPresent(h -> {
                Label help = theme.label(box, ctx.t(h), TextSize.SMALL);
                help.setForeground(theme.color(ThemeColor.MUTED));
            });

            boolean plateChoice = !plates.isEmpty()
                    && (f.type() == FieldType.PLATE || f.name().equals(b.properties().get(PLATE_FIELD)));
            if (plateChoice) {
                List<ChoiceOption> opts = new ArrayList<>();
                for (String p : plates) {
                    opts.add(new ChoiceOption(p, LocalizedText.of(p, p)));
                }
                choice(box, r, id, opts, false);
            } else {
                switch (f.type()) {
                    case CHOICE:
                    case MULTI_CHOICE:
                        if (f.options().isEmpty()) {
                            text(box, r, id, KeyboardLayout.TEXT, false);
                        } else {
                            choice(box, r, id, f.options(), f.type() == FieldType.MULTI_CHOICE);
                        }
                        break;
                    case DATE:
                        DateInput d = new DateInput(box, ctx, id, () -> changed(r));
                        r.get = d::value;
                        r.set = d::value;
                        break;
                    case MOBILE:
                    case POSTCODE:
                    case DIGITS:
                        text(box, r, id, KeyboardLayout.DIGITS, false);
                        break;
                    case ID_NUMBER:
                        text(box, r, id, KeyboardLayout.ID_NUMBER, false);
                        break;
                    case PLATE:
                        text(box, r, id, KeyboardLayout.PLATE, false);
                        break;
                    case ADDRESS:
                        text(box, r, id, KeyboardLayout.TEXT, true);
                        break;
                    case TEXT:
                    default:
                        text(box, r, id, KeyboardLayout.TEXT, f.maxLength() == 0 || f.maxLength() > 40);
                        break;
                }
            }

            Label error = theme.label(box, "", TextSize.BODY);
            error.setForeground(theme.color(ThemeColor.ERROR));
            error.setData(Theme.TEST_ID, id + ".error");
            ((GridData) error.getLayoutData()).exclude = true;
            error.setVisible(false);
            r.error = error;
        }

        private void choice(Composite box, Row r, String id, List<ChoiceOption> options, boolean multi) {
            Composite grid = new Composite(box, SWT.NONE);
            grid.setBackground(box.getBackground());
            grid.setData(Theme.TEST_ID, id);
            grid.setLayout(new Toggle.Flow(theme.spacing(), 4));
            grid.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            // a lone option ("I understand ...") and multiple choice look like check boxes
            boolean checkbox = multi || options.size() == 1;
            boolean canDeselect = multi || options.size() == 1 || !r.spec.required();
            Map<Toggle, String> toggles = new LinkedHashMap<>();
            for (ChoiceOption o : options) {
                Toggle t = new Toggle(grid, theme, ctx.t(o.label()), checkbox, null);
                t.setData(Theme.TEST_ID, id + "." + o.value());
                toggles.put(t, o.value());
                t.setOnTap(() -> {
                    hideKeyboard();
                    if (multi) {
                        t.setSelected(!t.isSelected());
                    } else if (t.isSelected()) {
                        if (canDeselect) {
                            t.setSelected(false);
                        }
                    } else {
                        toggles.keySet().forEach(x -> x.setSelected(x == t));
                    }
                    changed(r);
                });
            }
            r.get = () -> toggles.entrySet().stream().filter(e -> e.getKey().isSelected()).map(Map.Entry::getValue)
                    .collect(Collectors.joining(","));
            r.set = v -> {
                Set<String> chosen = new HashSet<>();
                if (v != null) {
                    if (multi) {
                        Arrays.stream(v.split(",")).map(String::strip).forEach(chosen::add);
                    } else if (toggles.containsValue(v.strip())) {
                        chosen.add(v.strip());
                    }
                }
                toggles.forEach((t, value) -> t.setSelected(chosen.contains(value)));
            };
        }

        private void text(Composite box, Row r, String id, KeyboardLayout layout, boolean multiLine) {
            // A frame drawn here, finger-high: GTK keeps a single-line entry at its natural
            // height, too small to hit. A tap anywhere on it opens the keyboard.
            Composite frame = new Composite(box, SWT.NONE);
            frame.setBackground(theme.color(ThemeColor.SURFACE));
            frame.setData(Theme.TEST_ID, id + ".frame");
            frame.setData(NO_DRAG, Boolean.TRUE);
            GridLayout fl = new GridLayout(1, false);
            fl.marginWidth = theme.spacing();
            fl.marginHeight = Math.max(2, theme.spacing() / 3);
            frame.setLayout(fl);
            Text t = new Text(frame, multiLine ? SWT.MULTI | SWT.WRAP : SWT.SINGLE);
            t.setFont(theme.font(TextSize.HEADING));
            t.setBackground(theme.color(ThemeColor.SURFACE));
            t.setForeground(theme.color(ThemeColor.TEXT));
            // no system input method on a kiosk: the on-screen keyboard writes into the field
            t.setEditable(false);
            t.setData(Theme.TEST_ID, id);
            int max = limit(r.spec);
            if (max > 0) {
                t.setTextLimit(max);
            }
            GridData tgd = new GridData(SWT.FILL, SWT.CENTER, true, true);
            tgd.widthHint = theme.touchTarget(); // grows with the column; a long value must not widen the form
            if (multiLine) {
                tgd.heightHint = t.getLineHeight() * 2;
            }
            t.setLayoutData(tgd);
            int textH = t.computeSize(tgd.widthHint, tgd.heightHint).y;
            GridData fgd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            fgd.heightHint = Math.max(theme.touchTarget(), textH + 2 * fl.marginHeight);
            frame.setLayoutData(fgd);
            frame.addPaintListener(e -> {
                Rectangle a = frame.getClientArea();
                boolean error = r.error != null && !r.error.isDisposed() && r.error.getVisible();
                e.gc.setAntialias(SWT.ON);
                e.gc.setForeground(theme.color(error ? ThemeColor.ERROR : keyboardFor == t ? ThemeColor.PRIMARY : ThemeColor.BORDER));
                int lw = Math.max(2, theme.spacing() / 6);
                e.gc.setLineWidth(lw);
                e.gc.drawRoundRectangle(lw / 2, lw / 2, a.width - lw, a.height - lw, theme.spacing() / 2, theme.spacing() / 2);
            });
            frame.addListener(SWT.MouseDown, e -> {
                t.setFocus();
                requestKeyboard(t, layout);
            });
            // a tap opens the keyboard; focus alone does not (the first field gets focus when the
            // screen opens, and the keyboard must not cover the form before the citizen asks)
            t.addListener(SWT.MouseDown, e -> requestKeyboard(t, layout));
            t.addListener(SWT.Modify, e -> changed(r));
            r.text = t;
            r.frame = frame;
            r.get = t::getText;
            r.set = v -> t.setText(v == null ? "" : v);
        }

        private static int limit(FieldSpec f) {
            switch (f.type()) {
                case MOBILE:
                    return 11;
                case POSTCODE:
                    return 6;
                case ID_NUMBER:
                    return 18;
                default:
                    return f.maxLength() > 0 ? f.maxLength() : FieldValidation.DEFAULT_MAX_LENGTH;
            }
        }

        /** Opens the keyboard for {@code t} once the current burst of events is handled, then scrolls the field into view. */
        private void requestKeyboard(Text t, KeyboardLayout layout) {
            ctx.touched();
            boolean scheduled = pendingKeyboard != null;
            pendingKeyboard = t;
            pendingLayout = layout;
            if (!scheduled) {
                t.getDisplay().asyncExec(() -> {
                    Text target = pendingKeyboard;
                    KeyboardLayout l = pendingLayout;
                    pendingKeyboard = null;
                    if (target != null && !target.isDisposed()) {
                        keyboardFor = target;
                        repaintFrames();
                        ctx.keyboard(target, l);
                        if (!scroll.isDisposed()) {
                            resizeContent();
                            scroll.showControl(target);
                        }
                    }
                });
            }
        }

        private void hideKeyboard() {
            pendingKeyboard = null;
            if (keyboardFor != null) {
                keyboardFor = null;
                repaintFrames();
                ctx.hideKeyboard();
            }
        }

        private void repaintFrames() {
            for (Row r : rows.values()) {
                if (r.frame != null && !r.frame.isDisposed()) {
                    r.frame.redraw();
                }
            }
        }

        private void changed(Row r) {
            if (filling) {
                return;
            }
            r.touched = true;
            boolean relayout = setError(r, null);
            relayout |= setTag(r, r.prefilled != null && r.prefilled.equals(r.get.get()));
            if (relayout) {
                refresh();
            }
            ctx.touched();
        }

        /** Fills in {@code form.<name>} values; initially all of them, later only pre-filled ones the citizen has not touched. */
        private void fill(Map<String, Object> data, boolean initial) {
            Set<String> pre = prefilledNames(data);
            filling = true;
            try {
                for (Row r : rows.values()) {
                    Object v = data.get(Facts.FORM_PREFIX + r.spec.name());
                    if (v == null) {
                        continue;
                    }
                    String s = String.valueOf(v);
                    boolean isPrefill = pre.contains(r.spec.name());
                    if (initial || (isPrefill && !r.touched && r.get.get().isEmpty())) {
                        r.set.accept(s);
                        if (isPrefill && s.equals(r.get.get())) {
                            r.prefilled = s;
                            setTag(r, true);
                        }
                    }
                }
            } finally {
                filling = false;
            }
        }

        private static Set<String> prefilledNames(Map<String, Object> data) {
            Object p = data.get(PREFILLED);
            if (p == null) {
                return Set.of();
            }
            return Arrays.stream(String.valueOf(p).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet());
        }

        private static boolean setVisible(Control c, boolean visible) {
            if (c.getVisible() == visible) {
                return false;
            }
            c.setVisible(visible);
            ((GridData) c.getLayoutData()).exclude = !visible;
            return true;
        }

        private boolean setTag(Row r, boolean visible) {
            return setVisible(r.tag, visible);
        }

        private boolean setError(Row r, LocalizedText message) {
            if (r.frame != null && !r.frame.isDisposed()) {
                r.frame.redraw();
            }
            if (message == null) {
                return setVisible(r.error, false);
            }
            r.error.setText(ctx.t(message));
            setVisible(r.error, true);
            return true;
        }

        private void showLoading(boolean visible) {
            if (loading != null && !loading.isDisposed() && setVisible(loading, visible)) {
                refresh();
            }
        }

        private void next() {
            if (submitting) {
                return;
            }
            hideKeyboard();
            Map<String, LocalizedText> errors = new LinkedHashMap<>();
            Map<String, Object> input = new LinkedHashMap<>();
            for (Row r : rows.values()) {
                String v = r.get.get().strip();
                if (r.spec.type() == FieldType.PLATE) {
                    v = v.toUpperCase(Locale.ROOT);
                }
                Optional<LocalizedText> err = FieldValidation.check(r.spec, v);
                if (err.isPresent()) {
                    errors.put(r.spec.name(), err.get());
                } else if (!v.isEmpty()) {
                    input.put(r.spec.name(), v);
                }
            }
            if (!errors.isEmpty()) {
                ctx.touched();
                showErrors(errors);
                return;
            }
            boolean relayout = false;
            for (Row r : rows.values()) {
                relayout |= setError(r, null);
            }
            if (relayout) {
                refresh();
            }
            submitting = true;
            next.setEnabled(false);
            next.getDisplay().timerExec(SUBMIT_GUARD_MS, submitGuard);
            ctx.submit(input);
        }

        private void submitDone() {
            submitting = false;
            if (!next.isDisposed()) {
                next.setEnabled(true);
                next.getDisplay().timerExec(-1, submitGuard);
            }
        }

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            if (content.isDisposed()) {
                return;
            }
            if (!card.getBackground().equals(theme.color(ThemeColor.SURFACE))) {
                restyle(theme, scroll, theme.color(ThemeColor.BACKGROUND));
            }
            if (event != null && event.type() == SessionEvent.Type.STEP_INVALID) {
                submitDone();
            }
            if (!prefillApplied && data != null && data.containsKey(PREFILLED)) {
                prefillApplied = true;
                fill(data, false);
                if (loading != null) {
                    content.getDisplay().timerExec(-1, loadingTimeout);
                    setVisible(loading, false);
                }
                refresh();
            }
        }

        @Override
        public boolean showErrors(Map<String, LocalizedText> errors) {
            submitDone();
            if (content.isDisposed()) {
                return false;
            }
            boolean all = !errors.isEmpty();
            for (String key : errors.keySet()) {
                if (!rows.containsKey(key)) {
                    all = false;
                }
            }
            Row first = null;
            for (Row r : rows.values()) {
                LocalizedText e = errors.get(r.spec.name());
                setError(r, e);
                if (e != null && first == null) {
                    first = r;
                }
            }
            refresh();
            if (first != null) {
                reveal(first.box);
            }
            return all;
        }

        @Override
        public void close() {
            if (!content.isDisposed()) {
                content.getDisplay().timerExec(-1, submitGuard);
                content.getDisplay().timerExec(-1, loadingTimeout);
            }
            hideKeyboard();
            filling = true;
            for (Row r : rows.values()) {
                if (r.text != null && !r.text.isDisposed()) {
                    r.text.setText("");
                }
                r.prefilled = null;
            }
            rows.clear();
        }

        private void resizeContent() {
            int w = scroll.getClientArea().width;
            if (w > 0) {
                scroll.setMinHeight(content.computeSize(w, SWT.DEFAULT).y);
            }
        }

        /** After widgets were shown or hidden. */
        private void refresh() {
            content.layout(true, true);
            resizeContent();
        }

        private void reveal(Control c) {
            Point p = content.toControl(c.toDisplay(0, 0));
            scroll.setOrigin(0, Math.max(0, p.y - theme.spacing()));
        }
    }

    /**
     * Gives {@code root} and its children their intended background again: cards (marked
     * {@link #SURFACE}) and everything in them the surface colour, the rest {@code outside}.
     * Needed when someone painted the whole step area with the theme background
     * ({@link Theme#paint}) after the view was built.
     */
    static void restyle(Theme theme, Control root, Color outside) {
        Color bg = Boolean.TRUE.equals(root.getData(SURFACE)) ? theme.color(ThemeColor.SURFACE) : outside;
        Color own = root.getData(KEEP_BACKGROUND) instanceof Color ? (Color) root.getData(KEEP_BACKGROUND) : bg;
        if (!own.equals(root.getBackground())) {
            root.setBackground(own);
            root.redraw();
        }
        if (root instanceof Composite) {
            for (Control c : ((Composite) root).getChildren()) {
                restyle(theme, c, bg);
            }
        }
    }

    /**
     * Lets a finger drag the scrolled area by its background, labels and cards (toggles, buttons,
     * text fields and canvases keep their own touch handling).
     */
    static void dragScroll(ScrolledComposite scroll, Control root) {
        int[] start = new int[2];
        boolean[] down = new boolean[1];
        Listener l = e -> {
            switch (e.type) {
                case SWT.MouseDown:
                    if (e.button == 1) {
                        down[0] = true;
                        start[0] = ((Control) e.widget).toDisplay(e.x, e.y).y;
                        start[1] = scroll.getOrigin().y;
                    }
                    break;
                case SWT.MouseMove:
                    if (down[0] && !scroll.isDisposed()) {
                        int y = ((Control) e.widget).toDisplay(e.x, e.y).y;
                        scroll.setOrigin(scroll.getOrigin().x, Math.max(0, start[1] - (y - start[0])));
                    }
                    break;
                default:
                    down[0] = false;
                    break;
            }
        };
        install(root, l);
    }

    private static void install(Control c, Listener l) {
        if (c instanceof Canvas || !(c instanceof Composite || c instanceof Label) || Boolean.TRUE.equals(c.getData(NO_DRAG))) {
            return;
        }
        c.addListener(SWT.MouseDown, l);
        c.addListener(SWT.MouseMove, l);
        c.addListener(SWT.MouseUp, l);
        if (c instanceof Composite) {
            for (Control ch : ((Composite) c).getChildren()) {
                install(ch, l);
            }
        }
    }
}
