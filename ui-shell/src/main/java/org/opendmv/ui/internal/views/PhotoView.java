package org.opendmv.ui.internal.views;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;

import org.eclipse.swt.SWT;
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
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.StepTypes;
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
 * PHOTO: the licence photo comes from the citizen's phone. While waiting, the upload link as a
 * QR code ({@value #URL}, set by the phone-upload service once it exists); without a link, an
 * explanation and a demo button that submits a drawn sample portrait. Once a photo arrived
 * ({@code photo.phase} REVIEW, {@code photo.jpeg}), it is shown large to accept or retry.
 *
 * <p>Input: {@code {photo: byte[] JPEG}}, {@code {accept: true}}, {@code {retry: true}}.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=" + StepTypes.PHOTO)
public final class PhotoView implements StepView {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoView.class);
    /**
     * Session data key of the phone-upload link (a URL the phone opens). Not set by the engine
     * yet: the phone-upload service will put it there; until then the demo button shows.
     */
    public static final String URL = "photo.url";
    static final String PHASE = "photo.phase";
    /** Size of the sample portrait, as the licence photo (26 × 37.8 mm at 254 dpi). */
    static final int SAMPLE_W = 260;
    static final int SAMPLE_H = 378;
    private static final String[] DOTS = {"", ".", "..", "..."};

    @Override
    public StepPanel open(Composite parent, ViewContext context) {
        return new Panel(parent, context);
    }

    /**
     * A portrait drawn in memory: white background, grey head and shoulders, encoded as JPEG.
     * Needs the UI thread (it draws with a GC).
     */
    static byte[] samplePhoto(Display display) {
        Image img = new Image(display, SAMPLE_W, SAMPLE_H);
        GC gc = new GC(img);
        try {
            gc.setAntialias(SWT.ON);
            gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
            gc.fillRectangle(0, 0, SAMPLE_W, SAMPLE_H);
            // shoulders and chest
            gc.setBackground(display.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.fillOval(10, 268, 240, 240);
            // neck
            gc.setBackground(display.getSystemColor(SWT.COLOR_GRAY));
            gc.fillRectangle(108, 200, 44, 80);
            // hair, then face and ears over it
            gc.setBackground(display.getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.fillOval(72, 56, 116, 110);
            gc.setBackground(display.getSystemColor(SWT.COLOR_GRAY));
            gc.fillOval(80, 82, 100, 128);
            gc.fillOval(68, 125, 20, 36);
            gc.fillOval(172, 125, 20, 36);
        } finally {
            gc.dispose();
        }
        try {
            ImageData d = img.getImageData();
            // JPEG has no alpha; a plain 24-bit copy keeps the encoder on its common path
            ImageData rgb = new ImageData(SAMPLE_W, SAMPLE_H, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
            for (int y = 0; y < SAMPLE_H; y++) {
                for (int x = 0; x < SAMPLE_W; x++) {
                    RGB c = d.palette.getRGB(d.getPixel(x, y));
                    rgb.setPixel(x, y, (c.red << 16) | (c.green << 8) | c.blue);
                }
            }
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {rgb};
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            loader.compression = 90;
            loader.save(out, SWT.IMAGE_JPEG);
            return out.toByteArray();
        } finally {
            img.dispose();
        }
    }

    private enum Mode {
        QR, DEMO, REVIEW
    }

    private static final class Panel implements StepPanel {
        private final ViewContext ctx;
        private final Theme theme;
        private final Display display;
        private final Composite body;
        private final boolean landscape;
        private final Runnable animator = this::animate;
        private Mode mode;
        private Object photoShown;
        private Image photo;
        private QrImages.QrCanvas qr;
        private Label waiting;
        private Label error;
        private int tick;
        private boolean animating;
        private boolean closed;
        /** False while the constructor runs: the shell lays the step out after open() anyway. */
        private boolean opened;

        Panel(Composite parent, ViewContext ctx) {
            this.ctx = ctx;
            this.theme = ctx.theme();
            this.display = parent.getDisplay();
            Rectangle screen = parent.getShell().getBounds();
            this.landscape = screen.width >= screen.height;
            body = new Composite(parent, SWT.NONE);
            body.setBackground(theme.color(ThemeColor.BACKGROUND));
            body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            update(null, ctx.session().data());
            opened = true;
        }

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            if (closed || body.isDisposed()) {
                return;
            }
            Object jpeg = data.get(Facts.PHOTO);
            Object url = data.get(URL);
            Mode m = jpeg instanceof byte[] ? Mode.REVIEW : url instanceof String && !((String) url).isBlank() ? Mode.QR : Mode.DEMO;
            if (m != mode || (m == Mode.REVIEW && jpeg != photoShown)) {
                mode = m;
                rebuild(m == Mode.REVIEW ? (byte[]) jpeg : null, m == Mode.QR ? (String) url : null);
            } else if (m == Mode.QR && qr != null && !qr.isDisposed()) {
                qr.setText((String) url);
            }
        }

        private void rebuild(byte[] jpeg, String url) {
            for (Control c : body.getChildren()) {
                c.dispose();
            }
            disposePhoto();
            qr = null;
            waiting = null;
            photoShown = jpeg;
            int s = theme.spacing();
            // landscape: picture right-aligned in the left half, words in the right half; portrait: stacked, centred
            GridLayout gl = new GridLayout(landscape ? 2 : 1, true);
            gl.marginWidth = s * 2;
            gl.marginHeight = s;
            gl.horizontalSpacing = s * 4;
            gl.verticalSpacing = s * 2;
            body.setLayout(gl);

            Composite visual = column(body, landscape ? new GridData(SWT.END, SWT.CENTER, true, true) : new GridData(SWT.CENTER, SWT.END, true, true));
            Composite side = column(body, new GridData(SWT.FILL, landscape ? SWT.CENTER : SWT.BEGINNING, true, true));
            int big = theme.touchTarget() * 5;
            switch (mode) {
                case QR: {
                    qr = QrImages.canvas(visual, "photo.qr", url, big);
                    heading(side, ctx.t("请用手机扫描二维码上传照片", "Scan the QR code with your phone to upload your photo"));
                    text(side, ctx.t("1. 用手机相机或微信扫描二维码\n2. 按提示拍摄或选择一张正面免冠照片\n3. 上传后照片会显示在这里",
                            "1. Scan the code with the phone camera or WeChat\n2. Take or choose a front-facing photo without a hat\n3. It appears here once uploaded"),
                            TextSize.BODY);
                    waiting = text(side, "", TextSize.BODY);
                    waiting.setForeground(theme.color(ThemeColor.PRIMARY));
                    waiting.setData(Theme.TEST_ID, "photo.waiting");
                    refreshWaiting();
                    startAnimation();
                    break;
                }
                case DEMO: {
                    Canvas placeholder = new Canvas(visual, SWT.DOUBLE_BUFFERED);
                    placeholder.setBackground(theme.color(ThemeColor.BACKGROUND));
                    GridData pd = new GridData(SWT.CENTER, SWT.CENTER, false, false);
                    pd.heightHint = big;
                    pd.widthHint = big * SAMPLE_W / SAMPLE_H;
                    placeholder.setLayoutData(pd);
                    placeholder.addPaintListener(e -> paintPlaceholder(placeholder, e.gc));
                    heading(side, ctx.t("上传照片", "Upload a photo"));
                    text(side, ctx.t("请用手机拍摄照片后上传。手机上传服务尚未开通，暂时无法显示上传二维码。",
                            "Your photo is uploaded from your phone. The phone-upload service is not available yet, so there is no QR code to scan."),
                            TextSize.BODY);
                    Label demo = text(side, ctx.t("演示时可使用示例照片继续。", "For a demonstration you can continue with a sample photo."),
                            TextSize.BODY);
                    demo.setForeground(theme.color(ThemeColor.MUTED));
                    Composite row = buttons(side, 1);
                    theme.button(row, "photo.demo", ctx.t("使用示例照片（演示）", "Use a sample photo (demo)"), ButtonStyle.SECONDARY,
                            this::submitSample);
                    break;
                }
                case REVIEW:
                default: {
                    photo = decode(jpeg);
                    Canvas view = new Canvas(visual, SWT.DOUBLE_BUFFERED);
                    view.setBackground(theme.color(ThemeColor.BACKGROUND));
                    view.setData(Theme.TEST_ID, "photo.image");
                    Rectangle ib = photo == null ? new Rectangle(0, 0, SAMPLE_W, SAMPLE_H) : photo.getBounds();
                    GridData vd = new GridData(SWT.CENTER, SWT.CENTER, false, false);
                    vd.heightHint = big;
                    vd.widthHint = Math.max(1, big * ib.width / Math.max(1, ib.height));
                    view.setLayoutData(vd);
                    view.addPaintListener(e -> paintPhoto(view, e.gc));
                    heading(side, ctx.t("请确认照片", "Check your photo"));
                    text(side, ctx.t("照片将用于证件制作：白色背景、正面免冠、五官清晰、不戴深色眼镜。",
                            "The photo goes on your document: white background, facing the camera, no hat, face clearly visible, no dark glasses."),
                            TextSize.BODY);
                    Composite row = buttons(side, 2);
                    theme.button(row, "photo.accept", ctx.t("使用此照片", "Use this photo"), ButtonStyle.PRIMARY,
                            () -> {
                                clearError();
                                ctx.submit(Map.of("accept", true));
                            });
                    theme.button(row, "photo.retry", ctx.t("重拍", "Retry"), ButtonStyle.SECONDARY,
                            () -> {
                                clearError();
                                ctx.submit(Map.of("retry", true));
                            });
                    break;
                }
            }
            error = text(side, "", TextSize.BODY);
            error.setForeground(theme.color(ThemeColor.ERROR));
            error.setData(Theme.TEST_ID, "photo.error");
            show(error, false);
            if (opened) {
                ctx.relayout();
            }
            body.layout(true, true);
        }

        private Composite column(Composite parent, GridData gd) {
            Composite c = new Composite(parent, SWT.NONE);
            c.setBackground(theme.color(ThemeColor.BACKGROUND));
            GridLayout gl = new GridLayout(1, false);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.verticalSpacing = theme.spacing() * 2;
            c.setLayout(gl);
            c.setLayoutData(gd);
            return c;
        }

        /** A wrapping label, centred in portrait. */
        private Label text(Composite parent, String text, TextSize size) {
            Label l = new Label(parent, SWT.WRAP | (landscape ? SWT.LEFT : SWT.CENTER));
            l.setText(text);
            l.setFont(theme.font(size));
            l.setForeground(theme.color(ThemeColor.TEXT));
            l.setBackground(parent.getBackground());
            GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            gd.widthHint = 10;
            l.setLayoutData(gd);
            return l;
        }

        private void heading(Composite parent, String text) {
            Label l = text(parent, text, TextSize.TITLE);
            l.setFont(theme.bold(TextSize.TITLE));
            l.setData(Theme.TEST_ID, "photo.heading");
        }

        private Composite buttons(Composite parent, int columns) {
            Composite row = new Composite(parent, SWT.NONE);
            row.setBackground(theme.color(ThemeColor.BACKGROUND));
            GridLayout gl = new GridLayout(columns, false);
            gl.marginWidth = 0;
            gl.marginHeight = theme.spacing();
            gl.horizontalSpacing = theme.spacing() * 2;
            row.setLayout(gl);
            row.setLayoutData(new GridData(landscape ? SWT.BEGINNING : SWT.CENTER, SWT.CENTER, false, false));
            return row;
        }

        private void submitSample() {
            clearError();
            try {
                ctx.submit(Map.of("photo", samplePhoto(display)));
            } catch (RuntimeException e) {
                LOG.error("Cannot make the sample photo", e);
                showError(ctx.t("示例照片生成失败", "The sample photo could not be made"));
            }
        }

        private Image decode(byte[] jpeg) {
            try {
                ImageData d = new ImageLoader().load(new ByteArrayInputStream(jpeg))[0];
                return new Image(display, d);
            } catch (RuntimeException e) {
                LOG.warn("Cannot show the received photo: {}", e.toString());
                return null;
            }
        }

        private void paintPhoto(Canvas c, GC gc) {
            Rectangle r = c.getClientArea();
            gc.setBackground(theme.color(ThemeColor.BACKGROUND));
            gc.fillRectangle(r);
            if (photo == null || photo.isDisposed()) {
                gc.setForeground(theme.color(ThemeColor.MUTED));
                gc.setFont(theme.font(TextSize.BODY));
                String t = ctx.t("照片无法显示", "The photo cannot be shown");
                Point p = gc.textExtent(t);
                gc.drawText(t, (r.width - p.x) / 2, (r.height - p.y) / 2, true);
                return;
            }
            Rectangle ib = photo.getBounds();
            double f = Math.min((double) r.width / ib.width, (double) r.height / ib.height);
            int w = Math.max(1, (int) (ib.width * f));
            int h = Math.max(1, (int) (ib.height * f));
            int x = (r.width - w) / 2;
            int y = (r.height - h) / 2;
            gc.setInterpolation(SWT.HIGH);
            gc.drawImage(photo, 0, 0, ib.width, ib.height, x, y, w, h);
            gc.setForeground(theme.color(ThemeColor.BORDER));
            gc.setLineWidth(Math.max(1, theme.spacing() / 8));
            gc.drawRectangle(x, y, w - 1, h - 1);
        }

        /** A dashed photo frame with a head-and-shoulders outline. */
        private void paintPlaceholder(Canvas c, GC gc) {
            Rectangle r = c.getClientArea();
            gc.setAntialias(SWT.ON);
            gc.setBackground(theme.color(ThemeColor.SURFACE));
            gc.fillRectangle(r);
            gc.setForeground(theme.color(ThemeColor.BORDER));
            gc.setLineWidth(Math.max(2, theme.spacing() / 6));
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawRectangle(1, 1, r.width - 3, r.height - 3);
            gc.setLineStyle(SWT.LINE_SOLID);
            int w = r.width;
            int h = r.height;
            int inset = Math.max(2, theme.spacing() / 6) + 1;
            gc.setClipping(inset, inset, w - 2 * inset, h - 2 * inset);
            gc.setBackground(theme.color(ThemeColor.BACKGROUND));
            gc.fillOval(w * 30 / 100, h * 18 / 100, w * 40 / 100, h * 37 / 100);
            gc.fillOval(w * 5 / 100, h * 70 / 100, w * 90 / 100, h * 60 / 100);
            gc.setClipping((Rectangle) null);
        }

        // ---- waiting animation ----------------------------------------------------------

        private void refreshWaiting() {
            if (waiting != null && !waiting.isDisposed()) {
                waiting.setText(ctx.t("正在等待照片上传", "Waiting for the photo") + DOTS[tick % DOTS.length]);
            }
        }

        private void startAnimation() {
            if (!animating && !closed) {
                animating = true;
                display.timerExec(500, animator);
            }
        }

        private void animate() {
            if (closed || waiting == null || waiting.isDisposed()) {
                animating = false;
                return;
            }
            tick++;
            refreshWaiting();
            display.timerExec(500, animator);
        }

        // ---- errors ---------------------------------------------------------------------

        @Override
        public boolean showErrors(Map<String, LocalizedText> errors) {
            if (closed || error == null || error.isDisposed()) {
                return false;
            }
            LocalizedText t = errors.get("photo");
            if (t == null || errors.size() > 1) {
                return false;
            }
            showError(ctx.t(t));
            return true;
        }

        private void showError(String text) {
            if (error != null && !error.isDisposed()) {
                error.setText(text);
                show(error, true);
                if (opened) {
                    ctx.relayout();
                }
                body.layout(true, true);
            }
        }

        private void clearError() {
            if (error != null && !error.isDisposed() && error.getVisible()) {
                show(error, false);
                body.layout(true, true);
            }
        }

        private static void show(Control c, boolean on) {
            ((GridData) c.getLayoutData()).exclude = !on;
            c.setVisible(on);
        }

        private void disposePhoto() {
            if (photo != null && !photo.isDisposed()) {
                photo.dispose();
            }
            photo = null;
        }

        @Override
        public void close() {
            closed = true;
            display.timerExec(-1, animator);
            animating = false;
            disposePhoto();
            photoShown = null;
        }
    }
}
