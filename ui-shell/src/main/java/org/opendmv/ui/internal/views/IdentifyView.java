package org.opendmv.ui.internal.views;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.IdNumbers;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.devices.api.CameraPreview;
import org.opendmv.devices.api.LivenessAction;
import org.opendmv.devices.api.LivenessChallenge;
import org.opendmv.devices.api.PreviewFrame;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.ui.api.ButtonStyle;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ThemeColor;
import org.opendmv.ui.api.ViewContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * IDENTIFY: an animated "请刷身份证" prompt; once the card is read, the citizen's (masked) identity
 * and the face-recognition consent text with Agree / Decline; then the face check: the camera picture
 * (from the {@link CameraPreview} services of the face camera; a face guide without one) with the face box,
 * the current challenge in large type, progress k/n, the countdown and the camera's advice; then the
 * outcome: passed, or "try again" with the tries left. (Not the card holder, and no tries left, end the
 * visit with the refusal screen.) Frames are only drawn, never kept: the last one is wiped when the
 * check ends.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=IDENTIFY")
public final class IdentifyView implements StepView {
    /** How long the camera's advice stays up after the camera last gave it. */
    static final long GUIDANCE_MS = 3000;

    private final List<CameraPreview> previews = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + CameraPreview.DEVICE_CLASS_PROPERTY + "=LIVENESS_DETECTOR)")
    void addPreview(CameraPreview p) {
        previews.add(p);
    }

    void removePreview(CameraPreview p) {
        previews.remove(p);
    }

    @Override
    public StepPanel open(Composite parent, ViewContext ctx) {
        return new Panel(parent, ctx, previews);
    }

    /** A frame copied off the driver's thread, ready to draw. */
    private static final class Shown {
        final ImageData image;
        final double[] face;

        Shown(ImageData image, double[] face) {
            this.image = image;
            this.face = face;
        }

        void wipe() {
            java.util.Arrays.fill(image.data, (byte) 0);
        }
    }

    private static final class Panel implements StepPanel {
        private final Composite parent;
        private final ViewContext ctx;
        private final Theme theme;
        private Composite body;
        private final List<CameraPreview> previews;
        private final Map<CameraPreview, AutoCloseable> subscriptions = new java.util.HashMap<>();
        /** The newest frame, set on the driver's thread, taken on the UI thread. */
        private final AtomicReference<Shown> incoming = new AtomicReference<>();
        private Shown shown;
        private String phase = "";
        private int frame;
        // the face check's widgets
        private Label challengeLabel;
        private Label progressLabel;
        private Label countdownLabel;
        private Label guidanceLabel;
        private Canvas camera;
        private LivenessChallenge current;
        private int done;
        private long guidanceUntil;

        Panel(Composite parent, ViewContext ctx, List<CameraPreview> previews) {
            this.parent = parent;
            this.ctx = ctx;
            this.theme = ctx.theme();
            this.previews = previews;
        }

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            String p = String.valueOf(data.getOrDefault("identify.phase", "CARD"));
            if (p.equals(phase)) {
                if (p.equals("LIVENESS")) {
                    check(data);
                }
                return;
            }
            phase = p;
            stopPreview();
            if (body != null) {
                body.dispose();
            }
            body = theme.card(parent);
            body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            switch (p) {
                case "CONSENT":
                    consent(data);
                    break;
                case "LIVENESS":
                    faceCheck();
                    check(data);
                    break;
                case "PASSED":
                case "DONE":
                    passed();
                    break;
                case "RETRY":
                    retry(data);
                    break;
                default:
                    animation(ctx.t("请刷身份证", "Please place your ID card on the reader"),
                            ctx.t("将居民身份证平放在下方读卡区，读取完成前请勿移开", "Lay your resident ID card flat on the reader below and keep it there until it is read"), true);
                    break;
            }
            ctx.relayout();
        }

        private void animation(String title, String text, boolean card) {
            Label h = theme.label(body, title, TextSize.TITLE);
            h.setFont(theme.bold(TextSize.TITLE));
            h.setData(Theme.TEST_ID, "identify.prompt");
            theme.label(body, text, TextSize.HEADING);
            Canvas c = new Canvas(body, SWT.DOUBLE_BUFFERED);
            c.setBackground(body.getBackground());
            c.setData(Theme.TEST_ID, card ? "identify.card-animation" : "identify.camera");
            GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
            gd.minimumHeight = theme.touchTarget() * 3;
            c.setLayoutData(gd);
            c.addPaintListener(e -> paint(e.gc, c.getClientArea(), card));
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (c.isDisposed()) {
                    return;
                }
                frame = (frame + 1) % 30;
                c.redraw();
                c.getDisplay().timerExec(80, tick[0]);
            };
            c.getDisplay().timerExec(80, tick[0]);
        }

        private void paint(GC gc, Rectangle r, boolean card) {
            gc.setAntialias(SWT.ON);
            int size = Math.min(r.width, r.height) * 3 / 4;
            int cx = r.x + r.width / 2;
            int cy = r.y + r.height / 2;
            double t = frame / 30.0;
            if (card) {
                // a card sliding down onto the reader
                int rw = size * 3 / 2;
                int rh = size / 3;
                gc.setBackground(theme.color(ThemeColor.BORDER));
                gc.fillRoundRectangle(cx - rw / 2, cy + size / 4, rw, rh, rh / 3, rh / 3);
                int cw = size;
                int ch = size * 54 / 86;
                int y = cy - size / 2 + (int) (size / 3.0 * Math.min(1, t * 1.5));
                gc.setBackground(theme.color(ThemeColor.PRIMARY));
                gc.fillRoundRectangle(cx - cw / 2, y - ch / 2, cw, ch, ch / 8, ch / 8);
                gc.setBackground(theme.color(ThemeColor.ON_PRIMARY));
                gc.fillRectangle(cx + cw / 6, y - ch / 4, cw / 4, ch / 2);
                gc.fillRectangle(cx - cw * 2 / 5, y - ch / 5, cw / 2, ch / 14);
                gc.fillRectangle(cx - cw * 2 / 5, y, cw / 2, ch / 14);
            } else {
                // the face guide with a sweeping scan line
                int w = size * 2 / 3;
                int h = size;
                gc.setForeground(theme.color(ThemeColor.PRIMARY));
                gc.setLineWidth(Math.max(2, size / 60));
                gc.drawOval(cx - w / 2, cy - h / 2, w, h);
                int y = cy - h / 2 + (int) (h * t);
                gc.setForeground(theme.color(ThemeColor.OK));
                gc.drawLine(cx - w / 2, y, cx + w / 2, y);
            }
        }

        // --- the face check ---

        private void faceCheck() {
            current = null;
            done = 0;
            guidanceUntil = 0;
            // landscape: the camera on the left, what to do on the right; portrait: one above the other
            Rectangle screen = body.getShell().getClientArea();
            boolean wide = screen.width > screen.height;
            Composite side = body;
            if (wide) {
                GridLayout two = new GridLayout(2, true);
                two.marginWidth = theme.spacing() * 2;
                two.marginHeight = theme.spacing() * 2;
                two.horizontalSpacing = theme.spacing() * 2;
                body.setLayout(two);
                camera = cameraCanvas();
                side = new Composite(body, SWT.NONE);
                side.setBackground(body.getBackground());
                GridLayout one = new GridLayout(1, false);
                one.verticalSpacing = theme.spacing() * 2;
                side.setLayout(one);
                side.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, true));
            }
            challengeLabel = centred(side, ctx.t("请正对摄像头，保持不动", "Look straight at the camera and hold still"), TextSize.HUGE,
                    ThemeColor.PRIMARY);
            challengeLabel.setFont(theme.bold(TextSize.HUGE));
            challengeLabel.setData(Theme.TEST_ID, "identify.challenge");
            Canvas dots = new Canvas(side, SWT.DOUBLE_BUFFERED);
            dots.setBackground(side.getBackground());
            GridData dg = new GridData(SWT.CENTER, SWT.CENTER, true, false);
            dg.widthHint = theme.touchTarget() * 3;
            dg.heightHint = theme.touchTarget() / 2;
            dots.setLayoutData(dg);
            dots.setData(Theme.TEST_ID, "identify.progress-dots");
            dots.addPaintListener(e -> paintDots(e.gc, dots.getClientArea()));
            progressLabel = centred(side, ctx.t("正在进行活体检测与人脸比对…", "Checking liveness and comparing with your ID card photo…"),
                    TextSize.HEADING, ThemeColor.TEXT);
            progressLabel.setData(Theme.TEST_ID, "identify.progress");
            countdownLabel = centred(side, "", TextSize.TITLE, ThemeColor.TEXT);
            countdownLabel.setFont(theme.bold(TextSize.TITLE));
            countdownLabel.setData(Theme.TEST_ID, "identify.countdown");
            guidanceLabel = centred(side, "", TextSize.TITLE, ThemeColor.WARNING);
            guidanceLabel.setFont(theme.bold(TextSize.TITLE));
            guidanceLabel.setData(Theme.TEST_ID, "identify.guidance");
            if (!wide) {
                camera = cameraCanvas();
            }
            camera.addPaintListener(e -> paintCamera(e.gc, camera.getClientArea()));
            Canvas c = camera;
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (c.isDisposed()) {
                    return;
                }
                frame = (frame + 1) % 30;
                subscribe();
                Shown next = incoming.getAndSet(null);
                if (next != null) {
                    if (shown != null) {
                        shown.wipe();
                    }
                    shown = next;
                }
                if (guidanceUntil != 0 && System.currentTimeMillis() > guidanceUntil) {
                    guidanceUntil = 0;
                    setText(guidanceLabel, "");
                }
                c.redraw();
                dots.redraw();
                c.getDisplay().timerExec(66, tick[0]);
            };
            c.getDisplay().timerExec(0, tick[0]);
        }

        private Canvas cameraCanvas() {
            Canvas cam = new Canvas(body, SWT.DOUBLE_BUFFERED);
            cam.setBackground(body.getBackground());
            cam.setData(Theme.TEST_ID, "identify.camera");
            GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
            gd.minimumHeight = theme.touchTarget() * 3;
            cam.setLayoutData(gd);
            return cam;
        }

        /** Shows the challenge, progress, countdown and advice in {@code data}. */
        private void check(Map<String, Object> data) {
            if (challengeLabel == null || challengeLabel.isDisposed()) {
                return;
            }
            Object ch = data.get("identify.challenge");
            LivenessChallenge c = LivenessTexts.challenge(ch).orElse(null);
            LivenessChallenge p = LivenessTexts.passed(data.get("identify.challengePassed")).orElse(null);
            done = p == null ? 0 : p.index();
            current = c != null && (p == null || c.index() > p.index()) ? c : null;
            if (current != null) {
                setText(challengeLabel, ctx.t(LivenessTexts.action(current.action())));
                setText(progressLabel, ctx.t(LivenessTexts.progress(current.index(), current.count())));
                OptionalInt left = LivenessTexts.secondsLeft(ch);
                setText(countdownLabel, left.isPresent() ? ctx.t(LivenessTexts.countdown(left.getAsInt())) : "");
            } else if (p != null) {
                setText(challengeLabel, ctx.t("很好！", "Well done!"));
                setText(progressLabel, ctx.t(LivenessTexts.progress(p.index(), p.count())));
                setText(countdownLabel, "");
            }
            Optional<LocalizedText> g = LivenessTexts.guidance(data.get("identify.guidance"));
            if (g.isEmpty()) {
                guidanceUntil = 0;
                setText(guidanceLabel, "");
            } else if ("FACE_GUIDANCE".equals(data.get("identify.event")) || guidanceUntil == 0) {
                guidanceUntil = System.currentTimeMillis() + GUIDANCE_MS;
                setText(guidanceLabel, ctx.t(g.get()));
            }
        }

        private void setText(Label l, String text) {
            if (!l.isDisposed() && !l.getText().equals(text)) {
                l.setText(text);
                ctx.relayout();
            }
        }

        private Label centred(Composite parent, String text, TextSize size, ThemeColor color) {
            Label l = theme.label(parent, text, size);
            l.setAlignment(SWT.CENTER);
            l.setForeground(theme.color(color));
            return l;
        }

        /** Subscribes to camera pictures not yet watched (a camera that came after the screen, too). */
        private void subscribe() {
            for (CameraPreview p : previews) {
                if (!subscriptions.containsKey(p)) {
                    try {
                        subscriptions.put(p, p.subscribe(this::arrived));
                    } catch (RuntimeException e) {
                        subscriptions.put(p, () -> { });
                    }
                }
            }
        }

        /** On the driver's thread: copy the frame (the driver reuses its own) into drawable data. */
        private void arrived(PreviewFrame f) {
            int w = f.width();
            int h = f.height();
            ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
            int[] px = f.rgb();
            for (int y = 0; y < h; y++) {
                d.setPixels(0, y, w, px, y * w);
            }
            Shown old = incoming.getAndSet(new Shown(d, f.faceBox().orElse(null)));
            if (old != null) {
                old.wipe();
            }
        }

        private void stopPreview() {
            for (AutoCloseable s : subscriptions.values()) {
                try {
                    s.close();
                } catch (Exception e) {
                    // the camera went away
                }
            }
            subscriptions.clear();
            Shown in = incoming.getAndSet(null);
            if (in != null) {
                in.wipe();
            }
            if (shown != null) {
                shown.wipe();
                shown = null;
            }
        }

        private void paintDots(GC gc, Rectangle r) {
            LivenessChallenge c = current;
            int n = c != null ? c.count() : done > 0 ? Math.max(done, 1) : 0;
            if (n == 0) {
                return;
            }
            gc.setAntialias(SWT.ON);
            int d = Math.min(r.height * 2 / 3, r.width / (n * 2));
            int gap = d;
            int x0 = r.x + (r.width - (n * d + (n - 1) * gap)) / 2;
            int y = r.y + (r.height - d) / 2;
            gc.setLineWidth(Math.max(2, d / 8));
            for (int i = 0; i < n; i++) {
                int x = x0 + i * (d + gap);
                if (i < done) {
                    gc.setBackground(theme.color(ThemeColor.OK));
                    gc.fillOval(x, y, d, d);
                } else if (c != null && i == c.index() - 1) {
                    gc.setBackground(theme.color(ThemeColor.PRIMARY));
                    gc.fillOval(x, y, d, d);
                } else {
                    gc.setForeground(theme.color(ThemeColor.BORDER));
                    gc.drawOval(x, y, d, d);
                }
            }
        }

        private void paintCamera(GC gc, Rectangle r) {
            gc.setAntialias(SWT.ON);
            Shown s = shown;
            if (s == null) {
                paint(gc, r, false);
                return;
            }
            // the picture, as large as fits, centred, with the face box
            double scale = Math.min(r.width / (double) s.image.width, r.height / (double) s.image.height);
            int w = (int) (s.image.width * scale);
            int h = (int) (s.image.height * scale);
            int x = r.x + (r.width - w) / 2;
            int y = r.height > r.width ? r.y : r.y + (r.height - h) / 2; // portrait: right under the words
            Image img = new Image(gc.getDevice(), s.image);
            try {
                gc.setInterpolation(SWT.HIGH);
                gc.drawImage(img, 0, 0, s.image.width, s.image.height, x, y, w, h);
            } finally {
                img.dispose();
            }
            int lw = Math.max(3, Math.min(w, h) / 120);
            gc.setLineWidth(lw);
            gc.setForeground(theme.color(ThemeColor.PRIMARY));
            gc.drawRectangle(x, y, w, h);
            if (s.face != null) {
                gc.setForeground(theme.color(ThemeColor.OK));
                gc.setLineWidth(lw * 2);
                int fx = x + (int) (s.face[0] * w);
                int fy = y + (int) (s.face[1] * h);
                int fw = (int) (s.face[2] * w);
                int fh = (int) (s.face[3] * h);
                int corner = Math.min(fw, fh) / 4;
                // corner brackets, as cameras show them
                gc.drawPolyline(new int[] {fx, fy + corner, fx, fy, fx + corner, fy});
                gc.drawPolyline(new int[] {fx + fw - corner, fy, fx + fw, fy, fx + fw, fy + corner});
                gc.drawPolyline(new int[] {fx, fy + fh - corner, fx, fy + fh, fx + corner, fy + fh});
                gc.drawPolyline(new int[] {fx + fw - corner, fy + fh, fx + fw, fy + fh, fx + fw, fy + fh - corner});
            }
            LivenessChallenge c = current;
            if (c != null && (c.action() == LivenessAction.TURN_LEFT || c.action() == LivenessAction.TURN_RIGHT)) {
                // an arrow on the picture's edge, on the side the citizen turns to (the picture is a mirror)
                boolean left = c.action() == LivenessAction.TURN_LEFT;
                int a = Math.max(h / 6, 16);
                int pulse = (int) (a / 5.0 * Math.sin(frame / 30.0 * 2 * Math.PI));
                int ax = left ? x + a / 3 - pulse : x + w - a - a / 3 + pulse;
                int ay = y + h / 2;
                int[] arrow = left
                        ? new int[] {ax, ay, ax + a, ay - a * 2 / 3, ax + a, ay + a * 2 / 3}
                        : new int[] {ax + a, ay, ax, ay - a * 2 / 3, ax, ay + a * 2 / 3};
                gc.setBackground(theme.color(ThemeColor.PRIMARY));
                gc.fillPolygon(arrow);
                gc.setForeground(theme.color(ThemeColor.ON_PRIMARY));
                gc.setLineWidth(Math.max(2, a / 16));
                gc.drawPolygon(arrow);
            }
        }

        private void passed() {
            Canvas mark = new Canvas(body, SWT.DOUBLE_BUFFERED);
            mark.setBackground(body.getBackground());
            GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
            gd.minimumHeight = theme.touchTarget() * 2;
            mark.setLayoutData(gd);
            mark.addPaintListener(e -> {
                Rectangle r = mark.getClientArea();
                int d = Math.min(r.width, r.height) * 3 / 4;
                int x = r.x + (r.width - d) / 2;
                int y = r.y + (r.height - d) / 2;
                e.gc.setAntialias(SWT.ON);
                e.gc.setBackground(theme.color(ThemeColor.OK));
                e.gc.fillOval(x, y, d, d);
                e.gc.setForeground(theme.color(ThemeColor.ON_PRIMARY));
                e.gc.setLineWidth(Math.max(4, d / 12));
                e.gc.setLineCap(SWT.CAP_ROUND);
                e.gc.drawPolyline(new int[] {x + d * 27 / 100, y + d * 52 / 100, x + d * 44 / 100, y + d * 68 / 100,
                    x + d * 74 / 100, y + d * 35 / 100});
            });
            Label h = centred(body, ctx.t("身份核验通过", "Identity verified"), TextSize.HUGE, ThemeColor.OK);
            h.setFont(theme.bold(TextSize.HUGE));
            h.setData(Theme.TEST_ID, "identify.passed");
            centred(body, ctx.t("活体检测通过，人脸与身份证照片一致", "You are the holder of this ID card: liveness passed and your face matches its photo"),
                    TextSize.HEADING, ThemeColor.TEXT);
        }

        private void retry(Map<String, Object> data) {
            Label h = centred(body, ctx.t("活体检测未通过", "The liveness check did not succeed"), TextSize.HUGE, ThemeColor.WARNING);
            h.setFont(theme.bold(TextSize.HUGE));
            h.setData(Theme.TEST_ID, "identify.outcome");
            centred(body, ctx.t(LivenessTexts.retryReason(data.get("identify.outcome"))), TextSize.HEADING, ThemeColor.TEXT)
                    .setData(Theme.TEST_ID, "identify.reason");
            Object left = data.get("identify.attemptsLeft");
            int n = left instanceof Number ? ((Number) left).intValue() : 1;
            Label a = centred(body, ctx.t(LivenessTexts.attemptsLeft(n)), TextSize.TITLE, ThemeColor.PRIMARY);
            a.setFont(theme.bold(TextSize.TITLE));
            a.setData(Theme.TEST_ID, "identify.attempts-left");
            centred(body, ctx.t("用完后请到人工窗口办理", "After that, please go to a service counter"), TextSize.BODY, ThemeColor.MUTED);
            Composite row = new Composite(body, SWT.NONE);
            row.setBackground(body.getBackground());
            row.setLayout(new GridLayout(1, false));
            row.setLayoutData(new GridData(SWT.CENTER, SWT.END, true, true));
            Control again = theme.button(row, "identify.retry", ctx.t("再试一次", "Try again"), ButtonStyle.PRIMARY,
                    () -> ctx.submit(Map.of("retry", true)));
            GridData bg = new GridData(SWT.CENTER, SWT.CENTER, false, false);
            bg.widthHint = theme.touchTarget() * 5;
            again.setLayoutData(bg);
            centred(body, ctx.t("几秒后将自动重新开始", "It starts again by itself in a few seconds"), TextSize.SMALL, ThemeColor.MUTED);
        }

        private void consent(Map<String, Object> data) {
            String name = String.valueOf(data.getOrDefault(Facts.NAME, ""));
            String id = String.valueOf(data.getOrDefault(Facts.ID_NUMBER, ""));
            Label who = theme.label(body, ctx.t("身份证已读取：", "ID card read: ") + mask(name) + "  " + IdNumbers.mask(id), TextSize.HEADING);
            who.setFont(theme.bold(TextSize.HEADING));
            who.setData(Theme.TEST_ID, "identify.who");
            Label h = theme.label(body, ctx.t("人脸识别告知", "Face recognition notice"), TextSize.TITLE);
            h.setFont(theme.bold(TextSize.TITLE));
            LocalizedText consent = ctx.session().text("consent").orElse(LocalizedText.of(
                    "为核验您的身份，需采集您的人脸图像并与身份证照片比对，仅用于本次业务。",
                    "To verify your identity we compare a picture of your face with your ID card photo, for this application only."));
            theme.label(body, ctx.t(consent), TextSize.BODY).setData(Theme.TEST_ID, "identify.consent");
            Composite row = new Composite(body, SWT.NONE);
            row.setBackground(body.getBackground());
            GridLayout gl = new GridLayout(2, true);
            gl.horizontalSpacing = theme.spacing() * 2;
            row.setLayout(gl);
            row.setLayoutData(new GridData(SWT.FILL, SWT.END, true, true));
            Control no = theme.button(row, "identify.decline", ctx.t("不同意", "Decline"), ButtonStyle.SECONDARY,
                    () -> ctx.submit(Map.of("consent", false)));
            no.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            Control yes = theme.button(row, "identify.agree", ctx.t("同意并开始人脸识别", "Agree and start"), ButtonStyle.PRIMARY,
                    () -> ctx.submit(Map.of("consent", true)));
            yes.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        }

        /** 张三 → 张*; only the family name is shown on a screen others may see. */
        private static String mask(String name) {
            if (name.isEmpty()) {
                return name;
            }
            int first = name.offsetByCodePoints(0, 1);
            return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
        }

        @Override
        public void close() {
            phase = "";
            stopPreview();
        }
    }
}
