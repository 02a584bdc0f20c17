package org.opendmv.ui.internal.views;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.IdNumbers;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.opendmv.ui.api.ViewContext;
import org.osgi.service.component.annotations.Component;

/**
 * SIGN: a summary of the application (business, applicant, answers, fee), the declaration the
 * engine's SIGN step uses ({@code Session.text("declaration")}: the business's own, else the
 * default of its form type), and a signature area drawn with a finger. Submits
 * {@code {signature: PNG bytes, agree: true}}. When the kiosk has a signature pad the engine
 * starts a capture on entry; a signature made there arrives as {@code sign.png} with
 * {@code sign.source = pad}, is shown in the signature area, and is confirmed with
 * {@code {agree: true}} alone; Clear then sends {@code {clear: true}} so the pad starts over.
 *
 * <p>Test ids: {@code sign.canvas}, {@code sign.clear}, {@code sign.agree}, {@code sign.submit},
 * {@code sign.error}, {@code sign.summary}, {@code sign.declaration}.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=SIGN")
public final class SignView implements StepView {
    static final String SOURCE = "sign.source";
    static final String EVENT = "sign.event";
    static final String FEE = "fee.fen";
    private static final int SUBMIT_GUARD_MS = 10000;

    @Override
    public StepPanel open(Composite parent, ViewContext context) {
        return new Panel(parent, context);
    }

    /** One finger stroke: canvas coordinates x0, y0, x1, y1, ... */
    static final class Stroke {
        private int[] xy = new int[64];
        private int len;

        void add(int x, int y) {
            if (len >= 2 && xy[len - 2] == x && xy[len - 1] == y) {
                return;
            }
            if (len + 2 > xy.length) {
                xy = Arrays.copyOf(xy, xy.length * 2);
            }
            xy[len++] = x;
            xy[len++] = y;
        }

        int[] points() {
            return Arrays.copyOf(xy, len);
        }

        int size() {
            return len / 2;
        }

        void wipe() {
            Arrays.fill(xy, 0);
            len = 0;
        }
    }

    static final class Panel implements StepPanel {
        private final ViewContext ctx;
        private final Theme theme;
        private final Composite body;
        private final ScrolledComposite scroll;
        private final Composite summary;
        private final Composite signCard;
        private final Canvas canvas;
        private final Label padHint;
        private final Label error;
        private final Toggle agree;
        private final Control clear;
        private final Control submit;
        private final List<Stroke> strokes = new ArrayList<>();
        private final int lineWidth;
        private final Runnable submitGuard = this::submitDone;
        private Stroke current;
        private Boolean landscape;
        private boolean submitting;
        /** A signature made on the pad, as the engine holds it, and its picture. */
        private byte[] padPng;
        private Image padImage;

        Panel(Composite parent, ViewContext ctx) {
            this.ctx = ctx;
            this.theme = ctx.theme();
            this.lineWidth = Math.max(3, Math.round(theme.spacing() * 0.35f));
            Map<String, Object> data = ctx.session().data();

            body = new Composite(parent, SWT.NONE);
            body.setBackground(parent.getBackground());
            GridLayout bl = new GridLayout(2, true);
            bl.marginWidth = 0;
            bl.marginHeight = 0;
            bl.horizontalSpacing = theme.spacing() * 2;
            bl.verticalSpacing = theme.spacing();
            body.setLayout(bl);
            body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

            // left (or top): what is being signed
            scroll = new ScrolledComposite(body, SWT.V_SCROLL);
            scroll.setBackground(body.getBackground());
            scroll.setLayoutData(scrollData());
            scroll.setExpandHorizontal(true);
            scroll.setExpandVertical(true);
            scroll.getVerticalBar().setIncrement(theme.touchTarget() / 2);
            Composite content = new Composite(scroll, SWT.NONE);
            content.setBackground(body.getBackground());
            GridLayout cl = new GridLayout(1, false);
            cl.marginWidth = 0;
            cl.marginHeight = 0;
            cl.verticalSpacing = theme.spacing();
            content.setLayout(cl);
            scroll.setContent(content);
            summary = theme.card(content);
            summary.setData(Theme.TEST_ID, "sign.summary");
            summary.setData(FormView.SURFACE, Boolean.TRUE);
            buildSummary(summary, data);
            Composite decl = theme.card(content);
            decl.setData(Theme.TEST_ID, "sign.declaration");
            decl.setData(FormView.SURFACE, Boolean.TRUE);
            Label dh = theme.label(decl, ctx.t("申告与承诺", "Declaration"), TextSize.HEADING);
            dh.setFont(theme.bold(TextSize.HEADING));
            theme.label(decl, declaration(), TextSize.BODY);

            // right (or bottom): the signature
            signCard = theme.card(body);
            signCard.setData(FormView.SURFACE, Boolean.TRUE);
            Label sh = theme.label(signCard, ctx.t("请在下方白色区域内用手指签名", "Please sign with your finger in the white area below"),
                    TextSize.HEADING);
            sh.setFont(theme.bold(TextSize.HEADING));
            padHint = theme.label(signCard, ctx.t("您也可以在签字板上签名。", "You can also sign on the signature pad."), TextSize.SMALL);
            padHint.setForeground(theme.color(ThemeColor.MUTED));
            padHint.setData(Theme.TEST_ID, "sign.padHint");
            setVisible(padHint, false);

            canvas = new Canvas(signCard, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
            canvas.setData(Theme.TEST_ID, "sign.canvas");
            canvas.setData(FormView.KEEP_BACKGROUND, theme.color(ThemeColor.SURFACE));
            canvas.setBackground(theme.color(ThemeColor.SURFACE));
            GridData cgd = new GridData(SWT.FILL, SWT.FILL, true, true);
            cgd.heightHint = theme.touchTarget() * 3;
            cgd.widthHint = theme.touchTarget() * 4;
            canvas.setLayoutData(cgd);
            canvas.addPaintListener(e -> paint(e.gc));
            canvas.addListener(SWT.MouseDown, this::pen);
            canvas.addListener(SWT.MouseMove, this::pen);
            canvas.addListener(SWT.MouseUp, this::pen);
            canvas.addListener(SWT.Dispose, e -> disposePadImage());

            error = theme.label(signCard, "", TextSize.BODY);
            error.setForeground(theme.color(ThemeColor.ERROR));
            error.setData(Theme.TEST_ID, "sign.error");
            setVisible(error, false);

            agree = new Toggle(signCard, theme, ctx.t("我已阅读并同意以上申告内容", "I have read and agree to the declaration"), true, null);
            agree.setData(Theme.TEST_ID, "sign.agree");
            agree.setOnTap(() -> {
                agree.setSelected(!agree.isSelected());
                ctx.touched();
                updateButtons();
            });

            Composite buttons = new Composite(signCard, SWT.NONE);
            buttons.setBackground(signCard.getBackground());
            GridLayout btl = new GridLayout(2, false);
            btl.marginWidth = 0;
            btl.marginHeight = 0;
            btl.horizontalSpacing = theme.spacing();
            buttons.setLayout(btl);
            buttons.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            clear = theme.button(buttons, "sign.clear", ctx.t("清除", "Clear"), ButtonStyle.DANGER, this::clear);
            clear.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
            submit = theme.button(buttons, "sign.submit", ctx.t("确认签名并提交", "Sign and submit"), ButtonStyle.PRIMARY, this::submit);
            submit.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

            FormView.dragScroll(scroll, content);
            scroll.addListener(SWT.Resize, e -> resizeContent());
            body.addListener(SWT.Resize, e -> orient());
            orient();
            update(null, data);
            updateButtons();
        }

        // ---- summary ----

        private void buildSummary(Composite card, Map<String, Object> data) {
            BusinessDescriptor b = ctx.session().business();
            Label title = theme.label(card, ctx.t("请核对申请信息", "Please check your application"), TextSize.HEADING);
            title.setFont(theme.bold(TextSize.HEADING));
            Composite grid = new Composite(card, SWT.NONE);
            grid.setBackground(card.getBackground());
            GridLayout gl = new GridLayout(2, false);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.horizontalSpacing = theme.spacing();
            gl.verticalSpacing = Math.max(2, theme.spacing() / 2);
            grid.setLayout(gl);
            grid.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            row(grid, "sign.summary.business", ctx.t("办理业务", "Service"), ctx.t(b.name()));
            Object name = data.get(Facts.NAME);
            if (name != null) {
                row(grid, "sign.summary.name", ctx.t("申请人", "Applicant"), String.valueOf(name));
            }
            Object id = data.get(Facts.ID_NUMBER);
            if (id != null) {
                row(grid, "sign.summary.idNumber", ctx.t("身份证号码", "ID number"), IdNumbers.mask(String.valueOf(id)));
            }
            for (FieldSpec f : b.fields()) {
                Object v = data.get(Facts.FORM_PREFIX + f.name());
                if (v != null && !String.valueOf(v).isBlank()) {
                    row(grid, "sign.summary." + f.name(), ctx.t(f.label()), display(f, String.valueOf(v)));
                }
            }
            long fen = data.get(FEE) instanceof Number ? ((Number) data.get(FEE)).longValue() : b.feeFen();
            row(grid, "sign.summary.fee", ctx.t("应缴费用", "Fee"),
                    fen > 0 ? String.format("¥%d.%02d", fen / 100, fen % 100) : ctx.t("免费", "Free"));
        }

        private void row(Composite grid, String id, String label, String value) {
            Label l = new Label(grid, SWT.NONE);
            l.setText(label);
            l.setFont(theme.font(TextSize.BODY));
            l.setForeground(theme.color(ThemeColor.MUTED));
            l.setBackground(grid.getBackground());
            l.setLayoutData(new GridData(SWT.BEGINNING, SWT.BEGINNING, false, false));
            Label v = theme.label(grid, value, TextSize.BODY);
            v.setFont(theme.bold(TextSize.BODY));
            v.setData(Theme.TEST_ID, id);
        }

        /** A form value as the citizen chose it: option labels instead of codes. */
        private String display(FieldSpec f, String v) {
            if (f.type() == FieldType.CHOICE || f.type() == FieldType.MULTI_CHOICE) {
                Map<String, LocalizedText> labels = f.options().stream()
                        .collect(Collectors.toMap(ChoiceOption::value, ChoiceOption::label, (a, b) -> a, LinkedHashMap::new));
                return Arrays.stream(v.split(",")).map(String::strip)
                        .map(p -> labels.containsKey(p) ? ctx.t(labels.get(p)) : p)
                        .collect(Collectors.joining(ctx.t("、", ", ")));
            }
            return v;
        }

        private String declaration() {
            Optional<LocalizedText> t = ctx.session().text("declaration");
            return t.map(ctx::t).orElse(ctx.t("本人承诺所填写的信息及提交的材料真实、有效，并对其真实有效性负责。",
                    "I declare that the information and documents I have provided are true and valid, and I am responsible for them."));
        }

        // ---- layout ----

        /** Side by side on a landscape screen, one above the other in portrait. */
        private void orient() {
            Rectangle r = body.getClientArea();
            if (r.width <= 0 || r.height <= 0) {
                return;
            }
            boolean wide = r.width > r.height;
            if (landscape != null && landscape == wide) {
                return;
            }
            landscape = wide;
            ((GridLayout) body.getLayout()).numColumns = wide ? 2 : 1;
            scroll.setLayoutData(scrollData());
            signCard.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, wide));
            GridData cgd = (GridData) canvas.getLayoutData();
            cgd.grabExcessVerticalSpace = wide;
            cgd.heightHint = wide ? theme.touchTarget() * 2 : theme.touchTarget() * 4;
            body.layout(true, true);
            resizeContent();
        }

        /** Takes the space left; its own content must not make it (and so the screen) taller or wider. */
        private GridData scrollData() {
            GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
            gd.heightHint = theme.touchTarget() * 2;
            gd.widthHint = theme.touchTarget() * 2;
            return gd;
        }

        private void resizeContent() {
            int w = scroll.getClientArea().width;
            Control content = scroll.getContent();
            if (w > 0 && content != null) {
                scroll.setMinHeight(content.computeSize(w, SWT.DEFAULT).y);
            }
        }

        private static boolean setVisible(Control c, boolean visible) {
            if (c.getVisible() == visible && ((GridData) c.getLayoutData()).exclude == !visible) {
                return false;
            }
            c.setVisible(visible);
            ((GridData) c.getLayoutData()).exclude = !visible;
            return true;
        }

        /** After a message was shown or hidden: the signature card's height changed. */
        private void relayout() {
            body.layout(true, true);
            resizeContent();
        }

        // ---- drawing ----

        private void pen(Event e) {
            if (submitting) {
                return;
            }
            Rectangle r = canvas.getClientArea();
            // the pointer's real position: synthesised button events can carry stale coordinates
            org.eclipse.swt.graphics.Point at = canvas.toControl(canvas.getDisplay().getCursorLocation());
            int x = Math.max(0, Math.min(r.width - 1, at.x));
            int y = Math.max(0, Math.min(r.height - 1, at.y));
            switch (e.type) {
                case SWT.MouseDown:
                    if (e.button != 1) {
                        return;
                    }
                    ctx.touched();
                    current = new Stroke();
                    current.add(x, y);
                    strokes.add(current);
                    if (setVisible(error, false)) {
                        relayout();
                    }
                    redrawAround(x, y, x, y);
                    updateButtons();
                    break;
                case SWT.MouseMove:
                    if (current != null) {
                        int[] p = current.points();
                        current.add(x, y);
                        redrawAround(p[p.length - 2], p[p.length - 1], x, y);
                    }
                    break;
                default:
                    if (current != null) {
                        current.add(x, y);
                        current = null;
                        canvas.redraw();
                        ctx.touched();
                    }
                    break;
            }
        }

        private void redrawAround(int x0, int y0, int x1, int y1) {
            int m = lineWidth * 2;
            canvas.redraw(Math.min(x0, x1) - m, Math.min(y0, y1) - m, Math.abs(x1 - x0) + 2 * m, Math.abs(y1 - y0) + 2 * m, false);
        }

        private void paint(GC gc) {
            Rectangle r = canvas.getClientArea();
            gc.setBackground(theme.color(ThemeColor.SURFACE));
            gc.fillRectangle(r);
            gc.setAntialias(SWT.ON);
            gc.setTextAntialias(SWT.ON);
            // a signing line and a hint while empty
            int base = r.height * 3 / 4;
            gc.setForeground(theme.color(ThemeColor.BORDER));
            gc.setLineWidth(Math.max(1, lineWidth / 2));
            gc.drawLine(theme.spacing() * 2, base, r.width - theme.spacing() * 2, base);
            if (strokes.isEmpty()) {
                if (padImage != null && !padImage.isDisposed()) {
                    drawFitted(gc, padImage, r);
                } else {
                    gc.setFont(theme.font(TextSize.BODY));
                    gc.setForeground(theme.color(ThemeColor.MUTED));
                    String hint = ctx.t("签名区", "Sign here");
                    gc.drawText(hint, theme.spacing() * 2, base - gc.textExtent(hint).y - theme.spacing() / 2, true);
                }
            } else {
                drawStrokes(gc, strokes, 0, 0, lineWidth);
            }
            gc.setForeground(theme.color(ThemeColor.BORDER));
            gc.setLineWidth(2);
            gc.drawRectangle(0, 0, r.width - 1, r.height - 1);
        }

        private static void drawFitted(GC gc, Image img, Rectangle r) {
            Rectangle b = img.getBounds();
            double s = Math.min(1.0, Math.min((double) (r.width - 8) / b.width, (double) (r.height - 8) / b.height));
            if (s <= 0) {
                return;
            }
            int w = (int) (b.width * s);
            int h = (int) (b.height * s);
            gc.drawImage(img, 0, 0, b.width, b.height, (r.width - w) / 2, (r.height - h) / 2, w, h);
        }

        static void drawStrokes(GC gc, List<Stroke> strokes, int dx, int dy, int lineWidth) {
            gc.setAntialias(SWT.ON);
            gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
            gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
            gc.setLineWidth(lineWidth);
            gc.setLineCap(SWT.CAP_ROUND);
            gc.setLineJoin(SWT.JOIN_ROUND);
            for (Stroke s : strokes) {
                int[] p = s.points();
                if (dx != 0 || dy != 0) {
                    for (int i = 0; i < p.length; i += 2) {
                        p[i] -= dx;
                        p[i + 1] -= dy;
                    }
                }
                if (p.length == 2) {
                    gc.fillOval(p[0] - lineWidth / 2, p[1] - lineWidth / 2, lineWidth, lineWidth);
                } else if (p.length > 2) {
                    gc.drawPolyline(p);
                }
            }
        }

        // ---- signature pad ----

        private void disposePadImage() {
            if (padImage != null) {
                padImage.dispose();
                padImage = null;
            }
        }

        private void showPadSignature(byte[] png) {
            disposePadImage();
            padPng = png;
            if (png != null) {
                try {
                    ImageData[] d = new ImageLoader().load(new ByteArrayInputStream(png));
                    if (d.length > 0) {
                        padImage = new Image(canvas.getDisplay(), d[0]);
                    }
                } catch (SWTException e) {
                    padImage = null; // unreadable picture: still signed, just not shown
                }
            }
            canvas.redraw();
        }

        private boolean hasPadSignature() {
            return padPng != null;
        }

        // ---- actions ----

        private boolean signed() {
            return strokes.stream().anyMatch(s -> s.size() > 0) || hasPadSignature();
        }

        private void updateButtons() {
            if (submit.isDisposed()) {
                return;
            }
            submit.setEnabled(!submitting && signed() && agree.isSelected());
            clear.setEnabled(!submitting);
            agree.setEnabled(!submitting);
        }

        private void clear() {
            ctx.touched();
            wipeStrokes();
            if (setVisible(error, false)) {
                relayout();
            }
            if (hasPadSignature()) {
                showPadSignature(null);
                ctx.submit(Map.of("clear", true)); // the engine forgets it and starts the pad again
            }
            canvas.redraw();
            updateButtons();
        }

        private void wipeStrokes() {
            strokes.forEach(Stroke::wipe);
            strokes.clear();
            current = null;
        }

        private void submit() {
            if (submitting || !signed() || !agree.isSelected()) {
                return;
            }
            Map<String, Object> input;
            if (strokes.stream().anyMatch(s -> s.size() > 0)) {
                byte[] png = render(canvas.getDisplay(), strokes, canvas.getClientArea(), lineWidth, theme.spacing() * 2);
                input = Map.of("signature", png, "agree", true);
            } else {
                input = Map.of("agree", true); // signed on the pad; the engine already holds the picture
            }
            submitting = true;
            updateButtons();
            canvas.getDisplay().timerExec(SUBMIT_GUARD_MS, submitGuard);
            ctx.submit(input);
        }

        private void submitDone() {
            submitting = false;
            if (!canvas.isDisposed()) {
                canvas.getDisplay().timerExec(-1, submitGuard);
                updateButtons();
            }
        }

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            if (canvas.isDisposed() || data == null) {
                return;
            }
            if (!signCard.getBackground().equals(theme.color(ThemeColor.SURFACE))) {
                FormView.restyle(theme, body, theme.color(ThemeColor.BACKGROUND));
            }
            if (event != null && event.type() == SessionEvent.Type.STEP_INVALID) {
                submitDone();
            }
            boolean relayout = false;
            if (data.containsKey(EVENT) || "pad".equals(data.get(SOURCE))) {
                relayout |= setVisible(padHint, true);
            }
            Object png = data.get(Facts.SIGNATURE);
            boolean fromPad = png instanceof byte[] && "pad".equals(data.get(SOURCE));
            if (fromPad && !Arrays.equals((byte[]) png, padPng)) {
                // shown while nothing is drawn here; a drawing on the screen wins over it
                showPadSignature((byte[]) png);
                padHint.setText(ctx.t("已在签字板上签名；如需重签请点“清除”。", "Signed on the signature pad; press Clear to sign again."));
                relayout = true;
            } else if (!fromPad && padPng != null) {
                showPadSignature(null);
            }
            if (relayout) {
                relayout();
            }
            updateButtons();
        }

        @Override
        public boolean showErrors(Map<String, LocalizedText> errors) {
            submitDone();
            if (canvas.isDisposed()) {
                return false;
            }
            boolean all = !errors.isEmpty();
            List<String> mine = new ArrayList<>();
            for (Map.Entry<String, LocalizedText> e : errors.entrySet()) {
                if (e.getKey().equals("signature") || e.getKey().equals("agree")) {
                    mine.add(ctx.t(e.getValue()));
                } else {
                    all = false;
                }
            }
            if (!mine.isEmpty()) {
                error.setText(String.join("\n", mine));
                setVisible(error, true);
                relayout();
            }
            return all;
        }

        @Override
        public void close() {
            if (!canvas.isDisposed()) {
                canvas.getDisplay().timerExec(-1, submitGuard);
            }
            wipeStrokes();
            disposePadImage();
            padPng = null;
        }
    }

    /**
     * The strokes as a PNG: black on white, cropped to the ink with a margin (never larger than
     * the area signed in), 8-bit grey so the file stays small.
     */
    static byte[] render(Display display, List<Stroke> strokes, Rectangle area, int lineWidth, int margin) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (Stroke s : strokes) {
            int[] p = s.points();
            for (int i = 0; i < p.length; i += 2) {
                minX = Math.min(minX, p[i]);
                maxX = Math.max(maxX, p[i]);
                minY = Math.min(minY, p[i + 1]);
                maxY = Math.max(maxY, p[i + 1]);
            }
        }
        if (minX == Integer.MAX_VALUE) {
            minX = 0;
            minY = 0;
            maxX = 0;
            maxY = 0;
        }
        int pad = margin + lineWidth;
        int x0 = Math.max(0, minX - pad);
        int y0 = Math.max(0, minY - pad);
        int x1 = Math.min(Math.max(area.width, maxX + 1), maxX + pad);
        int y1 = Math.min(Math.max(area.height, maxY + 1), maxY + pad);
        int w = Math.max(1, x1 - x0);
        int h = Math.max(1, y1 - y0);
        Image img = new Image(display, w, h);
        try {
            GC gc = new GC(img);
            try {
                gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
                gc.fillRectangle(0, 0, w, h);
                Panel.drawStrokes(gc, strokes, x0, y0, lineWidth);
            } finally {
                gc.dispose();
            }
            return png(img.getImageData());
        } finally {
            img.dispose();
        }
    }

    /** Encodes an image as an 8-bit greyscale PNG (needs no display). */
    static byte[] png(ImageData src) {
        RGB[] greys = new RGB[256];
        for (int i = 0; i < 256; i++) {
            greys[i] = new RGB(i, i, i);
        }
        ImageData grey = new ImageData(src.width, src.height, 8, new PaletteData(greys));
        int[] row = new int[src.width];
        byte[] out = new byte[src.width];
        for (int y = 0; y < src.height; y++) {
            src.getPixels(0, y, src.width, row, 0);
            for (int x = 0; x < src.width; x++) {
                RGB c = src.palette.getRGB(row[x]);
                out[x] = (byte) ((c.red * 299 + c.green * 587 + c.blue * 114) / 1000);
            }
            grey.setPixels(0, y, src.width, out, 0);
        }
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {grey};
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        loader.save(bos, SWT.IMAGE_PNG);
        return bos.toByteArray();
    }
}
