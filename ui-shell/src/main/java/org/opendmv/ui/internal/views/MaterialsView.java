package org.opendmv.ui.internal.views;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepTypes;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.opendmv.ui.api.ViewContext;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MATERIALS: one card per document of the business with its page limits, a Scan button, an
 * animated scan while the document camera works, then a thumbnail of the first page with the
 * page count and buttons to scan again or (optional documents) remove the scan; Next once every
 * required document is scanned.
 *
 * <p>Engine data read: {@code materials.scanning} (code being scanned), {@code materials.event}
 * (scanner prompt), {@code materials.<code>} ({@link ScanResult}). Input: {@code {scan: code}}
 * (scan or scan again, replacing the earlier scan only when the new one succeeds),
 * {@code {retake: code}} (discard), {@code {done: true}}.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=" + StepTypes.MATERIALS)
public final class MaterialsView implements StepView {
    private static final Logger LOG = LoggerFactory.getLogger(MaterialsView.class);
    static final String SCANNING = "materials.scanning";
    static final String EVENT = "materials.event";
    static final String PREFIX = "materials.";
    /** Animation frame period of the scan line, ms. */
    private static final int FRAME_MS = 60;
    private static final String[] DOTS = {"", ".", "..", "..."};
    private static final RGB BLACK = new RGB(0, 0, 0);

    @Override
    public StepPanel open(Composite parent, ViewContext context) {
        return new Panel(parent, context);
    }

    private enum CardState {
        EMPTY, SCANNING, SCANNED
    }

    /** One material on screen. */
    private static final class Card {
        final MaterialSpec spec;
        Composite box;
        Canvas thumb;
        Label required;
        Label limit;
        Label status;
        Label error;
        Composite buttons;
        CardState state;
        ScanResult result;
        Image image;
        int pages;

        Card(MaterialSpec spec) {
            this.spec = spec;
        }

        void disposeImage() {
            if (image != null && !image.isDisposed()) {
                image.dispose();
            }
            image = null;
        }
    }

    private static final class Panel implements StepPanel {
        private final ViewContext ctx;
        private final Theme theme;
        private final Display display;
        private final ScrolledComposite scroll;
        private final Composite grid;
        private final Label summary;
        private final Control next;
        private final Map<String, Card> cards = new LinkedHashMap<>();
        private final int thumbW;
        private final int thumbH;
        private final Runnable animator = this::animate;
        private boolean animating;
        private boolean closed;
        /** False while the constructor runs: the shell lays the step out after open() anyway. */
        private boolean opened;
        private int tick;
        /** The code the engine says is being scanned. */
        private String scanning;
        /**
         * The engine leaves {@code materials.scanning} set when a scan fails (a device error is
         * an invalid result, which changes no data); the code it held then is remembered here
         * so the card does not spin for ever.
         */
        private String failedScan;
        private String prompt;

        Panel(Composite parent, ViewContext ctx) {
            this.ctx = ctx;
            this.theme = ctx.theme();
            this.display = parent.getDisplay();
            int s = theme.spacing();
            thumbW = theme.touchTarget() * 3 / 2;
            thumbH = thumbW * 4 / 3;

            Label intro = theme.label(parent, ctx.t("请将材料原件平放在高拍仪下，逐项点击“扫描”。",
                    "Place each original document under the document camera and press Scan."), TextSize.BODY);
            intro.setData(Theme.TEST_ID, "materials.intro");

            scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
            scroll.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            scroll.setBackground(theme.color(ThemeColor.BACKGROUND));
            scroll.setExpandHorizontal(true);
            scroll.setExpandVertical(true);
            scroll.getVerticalBar().setIncrement(theme.touchTarget());
            grid = new Composite(scroll, SWT.NONE);
            grid.setBackground(theme.color(ThemeColor.BACKGROUND));
            GridLayout gl = new GridLayout(1, true);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.horizontalSpacing = s * 2;
            gl.verticalSpacing = s * 2;
            grid.setLayout(gl);
            scroll.setContent(grid);

            for (MaterialSpec m : ctx.session().business().materials()) {
                Card c = new Card(m);
                cards.put(m.code(), c);
                build(c);
            }

            Composite footer = new Composite(parent, SWT.NONE);
            footer.setBackground(theme.color(ThemeColor.BACKGROUND));
            footer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            GridLayout fl = new GridLayout(2, false);
            fl.marginWidth = 0;
            fl.marginHeight = 0;
            fl.horizontalSpacing = s * 2;
            footer.setLayout(fl);
            summary = theme.label(footer, "", TextSize.BODY);
            summary.setData(Theme.TEST_ID, "materials.summary");
            next = theme.button(footer, "materials.next", ctx.t("下一步", "Next"), ButtonStyle.PRIMARY, () -> {
                clearErrors();
                ctx.submit(Map.of("done", true));
            });
            GridData nd = new GridData(SWT.END, SWT.CENTER, false, false);
            nd.minimumWidth = theme.touchTarget() * 3;
            nd.widthHint = Math.max(next.computeSize(SWT.DEFAULT, SWT.DEFAULT).x, theme.touchTarget() * 3);
            next.setLayoutData(nd);

            scroll.addListener(SWT.Resize, e -> reflow());
            update(null, ctx.session().data());
            opened = true;
        }

        // ---- building -------------------------------------------------------------------

        private void build(Card c) {
            int s = theme.spacing();
            c.box = theme.card(grid);
            c.box.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
            GridLayout bl = new GridLayout(2, false);
            bl.marginWidth = s * 2;
            bl.marginHeight = s * 2;
            bl.horizontalSpacing = s * 2;
            bl.verticalSpacing = s;
            c.box.setLayout(bl);
            c.box.setData(Theme.TEST_ID, "materials." + c.spec.code());

            c.thumb = new Canvas(c.box, SWT.DOUBLE_BUFFERED);
            GridData td = new GridData(SWT.CENTER, SWT.BEGINNING, false, false);
            td.widthHint = thumbW;
            td.heightHint = thumbH;
            c.thumb.setLayoutData(td);
            c.thumb.setData(Theme.TEST_ID, "materials." + c.spec.code() + ".thumb");
            c.thumb.addPaintListener(e -> paintThumb(c, e.gc));

            Composite info = new Composite(c.box, SWT.NONE);
            info.setBackground(theme.color(ThemeColor.SURFACE));
            info.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
            GridLayout il = new GridLayout(1, false);
            il.marginWidth = 0;
            il.marginHeight = 0;
            il.verticalSpacing = s / 2;
            info.setLayout(il);

            Label name = theme.label(info, ctx.t(c.spec.name()), TextSize.HEADING);
            name.setFont(theme.bold(TextSize.HEADING));

            Composite tags = new Composite(info, SWT.NONE);
            tags.setBackground(theme.color(ThemeColor.SURFACE));
            GridLayout tl = new GridLayout(2, false);
            tl.marginWidth = 0;
            tl.marginHeight = 0;
            tl.horizontalSpacing = s;
            tags.setLayout(tl);
            tags.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            c.required = new Label(tags, SWT.NONE);
            c.required.setText(" " + (c.spec.required() ? ctx.t("必需", "Required") : ctx.t("可选", "Optional")) + " ");
            c.required.setFont(theme.bold(TextSize.SMALL));
            c.required.setData(Theme.TEST_ID, "materials." + c.spec.code() + ".required");
            c.required.setBackground(theme.color(c.spec.required() ? ThemeColor.PRIMARY : ThemeColor.BACKGROUND));
            c.required.setForeground(theme.color(c.spec.required() ? ThemeColor.ON_PRIMARY : ThemeColor.MUTED));
            c.limit = new Label(tags, SWT.WRAP);
            c.limit.setText(pageLimit(c.spec));
            c.limit.setFont(theme.font(TextSize.SMALL));
            c.limit.setBackground(theme.color(ThemeColor.SURFACE));
            c.limit.setForeground(theme.color(ThemeColor.MUTED));
            c.limit.setData(Theme.TEST_ID, "materials." + c.spec.code() + ".pages");
            GridData ld = new GridData(SWT.FILL, SWT.CENTER, true, false);
            ld.widthHint = 10;
            c.limit.setLayoutData(ld);

            c.status = theme.label(info, "", TextSize.BODY);
            c.status.setData(Theme.TEST_ID, "materials." + c.spec.code() + ".status");
            c.error = theme.label(info, "", TextSize.SMALL);
            c.error.setForeground(theme.color(ThemeColor.ERROR));
            c.error.setData(Theme.TEST_ID, "materials." + c.spec.code() + ".error");
            show(c.error, false);

            c.buttons = new Composite(info, SWT.NONE);
            c.buttons.setBackground(theme.color(ThemeColor.SURFACE));
            GridLayout btl = new GridLayout(2, false);
            btl.marginWidth = 0;
            btl.marginHeight = 0;
            btl.horizontalSpacing = s;
            c.buttons.setLayout(btl);
            c.buttons.setLayoutData(new GridData(SWT.BEGINNING, SWT.END, false, true));
        }

        private String pageLimit(MaterialSpec m) {
            int min = Math.max(1, m.minPages());
            int max = Math.max(min, m.maxPages());
            if (min == max) {
                return ctx.t(max + " 页", max == 1 ? "1 page" : max + " pages");
            }
            return ctx.t(min + "–" + max + " 页", min + "–" + max + " pages");
        }

        private void setButtons(Card c) {
            for (Control b : c.buttons.getChildren()) {
                b.dispose();
            }
            String code = c.spec.code();
            switch (c.state) {
                case EMPTY:
                    theme.button(c.buttons, "materials." + code + ".scan", ctx.t("扫描", "Scan"), ButtonStyle.SECONDARY,
                            () -> scan(c));
                    break;
                case SCANNED:
                    theme.button(c.buttons, "materials." + code + ".retake", ctx.t("重新扫描", "Scan again"), ButtonStyle.SECONDARY,
                            () -> scan(c));
                    if (!c.spec.required()) {
                        theme.button(c.buttons, "materials." + code + ".remove", ctx.t("删除", "Remove"), ButtonStyle.DANGER,
                                () -> {
                                    clearErrors();
                                    ctx.submit(Map.of("retake", code));
                                });
                    }
                    break;
                case SCANNING:
                default:
                    break;
            }
            GridData gd = (GridData) c.buttons.getLayoutData();
            gd.exclude = c.buttons.getChildren().length == 0;
            c.buttons.setVisible(!gd.exclude);
        }

        private void scan(Card c) {
            clearErrors();
            ctx.submit(Map.of("scan", c.spec.code()));
        }

        // ---- engine data ----------------------------------------------------------------

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            if (closed || grid.isDisposed()) {
                return;
            }
            Map<String, Object> delta = event != null && event.result().isPresent() ? event.result().get().data() : Map.of();
            if (event != null && event.type() == SessionEvent.Type.STEP_INVALID && scanning != null) {
                failedScan = scanning;
            }
            Object sc = data.get(SCANNING);
            String engineScanning = sc == null ? null : String.valueOf(sc);
            if (delta.containsKey(SCANNING) && engineScanning != null) {
                // a new scan started: earlier prompts and failures are history
                failedScan = null;
                prompt = null;
            }
            if (engineScanning == null) {
                failedScan = null;
            }
            scanning = engineScanning != null && !engineScanning.equals(failedScan) ? engineScanning : null;
            if (delta.containsKey(EVENT)) {
                prompt = String.valueOf(delta.get(EVENT));
            }

            boolean changed = false;
            for (Card c : cards.values()) {
                Object v = data.get(PREFIX + c.spec.code());
                ScanResult r = v instanceof ScanResult ? (ScanResult) v : null;
                CardState st = c.spec.code().equals(scanning) ? CardState.SCANNING : r != null ? CardState.SCANNED : CardState.EMPTY;
                if (r != c.result) {
                    c.result = r;
                    c.pages = r == null ? 0 : r.pages().size();
                    c.disposeImage();
                    if (r != null) {
                        decode(c, r);
                    }
                    c.thumb.redraw();
                    showError(c, null);
                }
                if (st != c.state) {
                    c.state = st;
                    setButtons(c);
                    c.thumb.redraw();
                    changed = true;
                }
                c.status.setText(statusText(c));
                c.status.setForeground(theme.color(c.state == CardState.SCANNED ? ThemeColor.OK
                        : c.state == CardState.SCANNING ? ThemeColor.PRIMARY : ThemeColor.MUTED));
            }
            refreshFooter();
            if (scanning != null) {
                startAnimation();
            }
            if (changed) {
                relayout();
            }
        }

        private String statusText(Card c) {
            switch (c.state) {
                case SCANNING:
                    return promptText(c.spec) + dots();
                case SCANNED:
                    return ctx.t("已扫描，共 " + c.pages + " 页", "Scanned: " + c.pages + (c.pages == 1 ? " page" : " pages"));
                case EMPTY:
                default:
                    return ctx.t("尚未扫描", "Not scanned yet");
            }
        }

        private String promptText(MaterialSpec m) {
            String p = prompt == null ? "" : prompt;
            switch (p) {
                case "PLACE_DOCUMENT_PROMPT":
                    return ctx.t("请将材料平放在高拍仪下", "Place the document under the camera");
                case "MEDIA_INSERTED":
                    return ctx.t("已检测到材料，正在拍摄", "Document found, capturing");
                case "INVALID_MEDIA":
                    return ctx.t("未能识别材料，请摆正后稍候", "Cannot make out the document; straighten it and wait");
                case "PAGE_SCANNED":
                    return m.maxPages() > 1
                            ? ctx.t("已拍摄一页，如有下一页请翻页", "Page captured; turn to the next page if there is one")
                            : ctx.t("已拍摄，正在处理", "Captured, processing");
                default:
                    return ctx.t("正在扫描", "Scanning");
            }
        }

        private String dots() {
            return DOTS[(tick / 8) % DOTS.length];
        }

        private void refreshFooter() {
            int required = 0;
            int done = 0;
            for (Card c : cards.values()) {
                if (c.spec.required()) {
                    required++;
                    if (c.pages > 0) {
                        done++;
                    }
                }
            }
            boolean ready = done == required && scanning == null;
            next.setEnabled(ready);
            if (scanning != null) {
                summary.setText(ctx.t("扫描中，请勿移动材料", "Scanning; please do not move the document"));
            } else if (required == 0) {
                summary.setText(ctx.t("以下材料均为可选，可直接点击“下一步”", "All documents are optional; you may press Next"));
            } else {
                summary.setText(ctx.t("必需材料已扫描 " + done + " / " + required + " 项", done + " of " + required + " required documents scanned"));
            }
            summary.setForeground(theme.color(ready && required > 0 ? ThemeColor.OK : ThemeColor.TEXT));
            for (Card c : cards.values()) {
                for (Control b : c.buttons.getChildren()) {
                    // one scan at a time: the camera serves one document
                    b.setEnabled(scanning == null);
                }
            }
        }

        // ---- thumbnails -----------------------------------------------------------------

        /**
         * Decodes the first page off the UI thread (a camera page can be several megapixels),
         * reduced to twice the thumbnail size; the copy of the page bytes is wiped afterwards.
         */
        private void decode(Card c, ScanResult r) {
            byte[] copy;
            try {
                copy = r.pages().get(0).image().clone();
            } catch (RuntimeException e) {
                return;
            }
            int w = thumbW * 2;
            int h = thumbH * 2;
            Thread t = new Thread(() -> {
                ImageData d = null;
                try {
                    ImageData full = new ImageLoader().load(new ByteArrayInputStream(copy))[0];
                    d = shrink(full, w, h);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("Cannot show the scanned page of {}: {}", c.spec.code(), e.toString());
                } finally {
                    Arrays.fill(copy, (byte) 0);
                }
                ImageData done = d;
                if (done == null || display.isDisposed()) {
                    return;
                }
                display.asyncExec(() -> {
                    if (closed || c.result != r || c.thumb.isDisposed()) {
                        return;
                    }
                    c.disposeImage();
                    c.image = new Image(display, done);
                    c.thumb.redraw();
                });
            }, "opendmv-ui-thumbnail");
            t.setDaemon(true);
            t.start();
        }

        /**
         * Fits {@code src} into w × h by averaging each block of source pixels (a page of text
         * stays legible; nearest-neighbour scaling would drop thin strokes). 24-bit result.
         */
        static ImageData shrink(ImageData src, int w, int h) {
            double f = Math.min(1.0, Math.min((double) w / src.width, (double) h / src.height));
            int tw = Math.max(1, (int) Math.round(src.width * f));
            int th = Math.max(1, (int) Math.round(src.height * f));
            PaletteData pal = src.palette;
            ImageData out = new ImageData(tw, th, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
            long[] r = new long[tw];
            long[] g = new long[tw];
            long[] b = new long[tw];
            long[] n = new long[tw];
            int[] row = new int[src.width];
            int[] col = new int[src.width];
            for (int x = 0; x < src.width; x++) {
                col[x] = Math.min(tw - 1, (int) ((long) x * tw / src.width));
            }
            int ty = 0;
            for (int y = 0; y < src.height; y++) {
                src.getPixels(0, y, src.width, row, 0);
                for (int x = 0; x < src.width; x++) {
                    int p = row[x];
                    int cr;
                    int cg;
                    int cb;
                    if (pal.isDirect) {
                        cr = shift(p & pal.redMask, pal.redShift);
                        cg = shift(p & pal.greenMask, pal.greenShift);
                        cb = shift(p & pal.blueMask, pal.blueShift);
                    } else {
                        RGB c = p >= 0 && p < pal.colors.length ? pal.colors[p] : BLACK;
                        cr = c.red;
                        cg = c.green;
                        cb = c.blue;
                    }
                    int k = col[x];
                    r[k] += cr;
                    g[k] += cg;
                    b[k] += cb;
                    n[k]++;
                }
                int nextTy = Math.min(th - 1, (int) ((long) (y + 1) * th / src.height));
                if (nextTy != ty || y == src.height - 1) {
                    for (int x = 0; x < tw; x++) {
                        long m = Math.max(1, n[x]);
                        out.setPixel(x, ty, (int) (r[x] / m) << 16 | (int) (g[x] / m) << 8 | (int) (b[x] / m));
                    }
                    Arrays.fill(r, 0);
                    Arrays.fill(g, 0);
                    Arrays.fill(b, 0);
                    Arrays.fill(n, 0);
                    ty = nextTy;
                }
            }
            return out;
        }

        /** SWT palette shifts: negative = shift left to get the 8-bit value. */
        private static int shift(int v, int s) {
            return (s < 0 ? v >>> -s : v << s) & 0xFF;
        }

        private void paintThumb(Card c, GC gc) {
            Rectangle r = c.thumb.getClientArea();
            gc.setAntialias(SWT.ON);
            gc.setBackground(theme.color(ThemeColor.SURFACE));
            gc.fillRectangle(r);
            int pad = Math.max(2, theme.spacing() / 4);
            Rectangle page = new Rectangle(r.x + pad, r.y + pad, r.width - 2 * pad, r.height - 2 * pad);
            if (c.image != null && !c.image.isDisposed()) {
                Rectangle ib = c.image.getBounds();
                double f = Math.min((double) page.width / ib.width, (double) page.height / ib.height);
                int w = Math.max(1, (int) (ib.width * f));
                int h = Math.max(1, (int) (ib.height * f));
                int x = page.x + (page.width - w) / 2;
                int y = page.y + (page.height - h) / 2;
                gc.setInterpolation(SWT.HIGH);
                gc.drawImage(c.image, 0, 0, ib.width, ib.height, x, y, w, h);
                gc.setForeground(theme.color(ThemeColor.BORDER));
                gc.setLineWidth(1);
                gc.drawRectangle(x, y, w - 1, h - 1);
                if (c.pages > 1) {
                    badge(gc, String.valueOf(c.pages), x + w, y + h);
                }
            } else {
                // an empty page with a folded corner
                gc.setBackground(theme.color(ThemeColor.BACKGROUND));
                gc.fillRectangle(page);
                gc.setForeground(theme.color(ThemeColor.BORDER));
                gc.setLineWidth(Math.max(1, theme.spacing() / 8));
                gc.setLineStyle(c.result == null ? SWT.LINE_DASH : SWT.LINE_SOLID);
                gc.drawRectangle(page.x, page.y, page.width - 1, page.height - 1);
                gc.setLineStyle(SWT.LINE_SOLID);
                int fold = page.width / 4;
                gc.drawLine(page.x + page.width - fold, page.y, page.x + page.width - 1, page.y + fold);
                int lines = 5;
                for (int i = 0; i < lines; i++) {
                    int ly = page.y + page.height * (i + 2) / (lines + 3);
                    gc.drawLine(page.x + page.width / 6, ly, page.x + page.width * (i == lines - 1 ? 3 : 5) / 6, ly);
                }
            }
            if (c.state == CardState.SCANNING) {
                // the camera's light sweeping over the page
                int span = page.height;
                int period = 32;
                int phase = tick % (2 * period);
                int pos = phase < period ? phase : 2 * period - phase;
                int y = page.y + span * pos / period;
                gc.setAlpha(70);
                gc.setBackground(theme.color(ThemeColor.PRIMARY));
                int band = Math.max(4, page.height / 8);
                gc.fillRectangle(page.x, Math.max(page.y, y - band), page.width, Math.min(band, y - page.y));
                gc.setAlpha(255);
                gc.setForeground(theme.color(ThemeColor.PRIMARY));
                gc.setLineWidth(Math.max(2, theme.spacing() / 5));
                gc.drawLine(page.x, y, page.x + page.width - 1, y);
            }
        }

        private void badge(GC gc, String text, int right, int bottom) {
            gc.setFont(theme.bold(TextSize.SMALL));
            Point t = gc.textExtent(text);
            int d = Math.max(t.x, t.y) + theme.spacing() / 2;
            int x = right - d + theme.spacing() / 4;
            int y = bottom - d + theme.spacing() / 4;
            gc.setBackground(theme.color(ThemeColor.PRIMARY));
            gc.fillOval(x, y, d, d);
            gc.setForeground(theme.color(ThemeColor.ON_PRIMARY));
            gc.drawText(text, x + (d - t.x) / 2, y + (d - t.y) / 2, true);
        }

        // ---- animation ------------------------------------------------------------------

        private void startAnimation() {
            if (!animating && !closed) {
                animating = true;
                display.timerExec(FRAME_MS, animator);
            }
        }

        private void animate() {
            if (closed || grid.isDisposed() || scanning == null) {
                animating = false;
                return;
            }
            tick++;
            Card c = cards.get(scanning);
            if (c != null && !c.thumb.isDisposed()) {
                c.thumb.redraw();
                if (tick % 8 == 0) {
                    c.status.setText(statusText(c));
                }
            }
            display.timerExec(FRAME_MS, animator);
        }

        // ---- errors ---------------------------------------------------------------------

        @Override
        public boolean showErrors(Map<String, LocalizedText> errors) {
            if (closed || grid.isDisposed()) {
                return false;
            }
            if (scanning != null) {
                // the scan ended in an error (the engine keeps materials.scanning): stop the spinner
                failedScan = scanning;
                scanning = null;
                for (Card c : cards.values()) {
                    if (c.state == CardState.SCANNING) {
                        c.state = c.result != null ? CardState.SCANNED : CardState.EMPTY;
                        setButtons(c);
                        c.status.setText(statusText(c));
                        c.status.setForeground(theme.color(c.state == CardState.SCANNED ? ThemeColor.OK : ThemeColor.MUTED));
                        c.thumb.redraw();
                    }
                }
                refreshFooter();
            }
            boolean all = true;
            List<Card> shown = new ArrayList<>();
            for (Map.Entry<String, LocalizedText> e : errors.entrySet()) {
                Card c = cards.get(e.getKey());
                if (c == null) {
                    all = false;
                } else {
                    showError(c, ctx.t(e.getValue()));
                    shown.add(c);
                }
            }
            relayout();
            if (!shown.isEmpty()) {
                // bring the first card with an error into view if it is not
                Rectangle b = shown.get(0).box.getBounds();
                Point o = scroll.getOrigin();
                int visible = scroll.getClientArea().height;
                if (b.y < o.y || b.y + b.height > o.y + visible) {
                    scroll.setOrigin(0, b.y);
                }
            }
            return all && !errors.isEmpty();
        }

        private void showError(Card c, String text) {
            boolean on = text != null && !text.isEmpty();
            c.error.setText(on ? text : "");
            show(c.error, on);
        }

        private void clearErrors() {
            boolean any = false;
            for (Card c : cards.values()) {
                if (c.error.getVisible()) {
                    showError(c, null);
                    any = true;
                }
            }
            if (any) {
                relayout();
            }
        }

        private static void show(Control c, boolean on) {
            ((GridData) c.getLayoutData()).exclude = !on;
            c.setVisible(on);
        }

        // ---- layout ---------------------------------------------------------------------

        /** Columns from the width the shell gives: one in portrait, two or three in landscape. */
        private void reflow() {
            if (grid.isDisposed()) {
                return;
            }
            int width = scroll.getClientArea().width;
            int cardMin = theme.touchTarget() * 6;
            int cols = Math.max(1, Math.min(Math.min(3, Math.max(1, cards.size())), width / Math.max(1, cardMin)));
            GridLayout gl = (GridLayout) grid.getLayout();
            if (gl.numColumns != cols) {
                gl.numColumns = cols;
                grid.layout(true, true);
            }
            scroll.setMinSize(grid.computeSize(width, SWT.DEFAULT));
        }

        private void relayout() {
            if (opened) {
                ctx.relayout();
            }
            if (!grid.isDisposed()) {
                grid.layout(true, true);
                reflow();
            }
        }

        @Override
        public void close() {
            closed = true;
            display.timerExec(-1, animator);
            animating = false;
            for (Card c : cards.values()) {
                c.disposeImage();
                c.result = null;
            }
        }
    }
}
