package org.opendmv.ui.internal.views;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
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
 * IDENTIFY: an animated "请刷身份证" prompt; once the card is read, the citizen's (masked) identity
 * and the face-recognition consent text with Agree / Decline; then the camera area while liveness runs.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=IDENTIFY")
public final class IdentifyView implements StepView {
    @Override
    public StepPanel open(Composite parent, ViewContext ctx) {
        return new Panel(parent, ctx);
    }

    private static final class Panel implements StepPanel {
        private final Composite parent;
        private final ViewContext ctx;
        private final Theme theme;
        private Composite body;
        private String phase = "";
        private int frame;

        Panel(Composite parent, ViewContext ctx) {
            this.parent = parent;
            this.ctx = ctx;
            this.theme = ctx.theme();
        }

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            String p = String.valueOf(data.getOrDefault("identify.phase", "CARD"));
            if (p.equals(phase)) {
                return;
            }
            phase = p;
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
                case "DONE":
                    animation(ctx.t("请正对摄像头，保持不动", "Look straight at the camera and hold still"),
                            ctx.t("正在进行活体检测与人脸比对…", "Checking liveness and comparing with your ID card photo…"), false);
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
        }
    }
}
