package org.opendmv.ui.internal.views;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
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

/**
 * PAY: the fee in large type, the WeChat Native-pay QR code of the order and a countdown to its
 * expiry; then "支付成功" (the engine moves on by itself) or, after a failure or expiry, the
 * reason and a button for a new order.
 *
 * <p>Engine data read: {@code pay.state} (CREATED/PENDING/PAID/FAILED/CLOSED), {@code pay.amountFen},
 * {@code pay.codeUrl}, {@code pay.expiresAt} ({@link Instant}), {@code pay.message}. Input:
 * {@code {check: true}} ("我已支付": ask the provider now), {@code {retry: true}} (new order).
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=" + StepTypes.PAY)
public final class PayView implements StepView {
    static final String STATE = "pay.state";
    static final String AMOUNT = "pay.amountFen";
    static final String CODE_URL = "pay.codeUrl";
    static final String EXPIRES = "pay.expiresAt";
    static final String MESSAGE = "pay.message";
    private static final String[] DOTS = {"", ".", "..", "..."};

    @Override
    public StepPanel open(Composite parent, ViewContext context) {
        return new Panel(parent, context);
    }

    /** 1000 fen → "¥ 10.00". */
    static String yuan(long fen) {
        return String.format("¥ %s%d.%02d", fen < 0 ? "-" : "", Math.abs(fen) / 100, Math.abs(fen) % 100);
    }

    /** mm:ss, or h:mm:ss past an hour; never negative. */
    static String clock(Duration left) {
        long s = Math.max(0, (left.toMillis() + 999) / 1000);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%02d:%02d", s / 60, s % 60);
    }

    /** The expiry as the engine stores it ({@link Instant}), tolerating other time types. */
    static Instant instant(Object v) {
        if (v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant();
        }
        if (v instanceof Date) {
            return ((Date) v).toInstant();
        }
        if (v instanceof Number) {
            return Instant.ofEpochMilli(((Number) v).longValue());
        }
        if (v instanceof String) {
            try {
                return Instant.parse((String) v);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private enum Mode {
        /** No order yet (creating one, or a new one after Try again). */
        WAITING,
        PENDING,
        PAID,
        /** FAILED or CLOSED order, or no order could be made. */
        FAILED
    }

    private static final class Panel implements StepPanel {
        private final ViewContext ctx;
        private final Theme theme;
        private final Display display;
        private final Composite body;
        private final boolean landscape;
        private final Runnable ticker = this::tick;
        private Mode mode;
        /** An error this view shows itself (no order could be made), while the state is {@link #failureFor}. */
        private String failure;
        private String failureDetail;
        private String failureFor;
        private String shownWhy;
        private String shownDetail;
        private Map<String, Object> data = Map.of();
        private QrImages.QrCanvas qr;
        private Label amount;
        private Label countdown;
        private Label waiting;
        private int dots;
        private boolean ticking;
        private boolean closed;
        /** False while the constructor runs: the shell lays the step out after open() anyway. */
        private boolean opened;
        /** Set by Try again until the engine answers, so a second press sends nothing. */
        private boolean retrying;

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
            this.data = data;
            if (event != null && event.type() == SessionEvent.Type.STEP_INVALID) {
                // the data did not change; the errors arrive through showErrors
                if (retrying) {
                    showErrors(event.result().map(r -> r.errors()).orElse(Map.of()));
                } else {
                    refresh();
                }
                return;
            }
            if (event != null && event.result().map(r -> r.data().containsKey(STATE)).orElse(false)) {
                retrying = false;
            }
            Object st = data.get(STATE);
            String state = st == null ? "" : String.valueOf(st);
            if (failure != null && !state.equals(failureFor)) {
                // the engine moved on since this view showed its own error
                failure = null;
                failureDetail = null;
            }
            Mode m;
            String why = null;
            String detail = null;
            if (failure != null) {
                m = Mode.FAILED;
                why = failure;
                detail = failureDetail;
            } else {
                switch (state) {
                    case "CREATED":
                    case "PENDING":
                        m = Mode.PENDING;
                        break;
                    case "PAID":
                        m = Mode.PAID;
                        break;
                    case "FAILED":
                    case "CLOSED":
                    case "REFUNDED":
                        m = Mode.FAILED;
                        why = "CLOSED".equals(state) ? ctx.t("支付二维码已失效", "The payment code has expired")
                                : ctx.t("支付未成功", "The payment did not go through");
                        Object msg = data.get(MESSAGE);
                        detail = msg == null || String.valueOf(msg).isBlank() ? null : String.valueOf(msg);
                        break;
                    default:
                        m = Mode.WAITING;
                        break;
                }
            }
            if (m == Mode.FAILED && retrying) {
                // Try again was pressed: the old state stays until the new order is in
                m = Mode.WAITING;
                why = null;
                detail = null;
            }
            if (m != mode || !Objects.equals(why, shownWhy) || !Objects.equals(detail, shownDetail)) {
                mode = m;
                rebuild(why, detail);
            } else {
                refresh();
            }
        }

        /** The order's amount, or -1 before there is an order. */
        private long amountFen() {
            Object v = data.get(AMOUNT);
            return v instanceof Number ? ((Number) v).longValue() : -1;
        }

        private void rebuild(String why, String detail) {
            shownWhy = why;
            shownDetail = detail;
            for (Control c : body.getChildren()) {
                c.dispose();
            }
            qr = null;
            countdown = null;
            waiting = null;
            amount = null;
            int s = theme.spacing();
            boolean twoColumns = landscape && mode == Mode.PENDING;
            GridLayout gl = new GridLayout(twoColumns ? 2 : 1, true);
            gl.marginWidth = s * 2;
            gl.marginHeight = s;
            gl.horizontalSpacing = s * 4;
            gl.verticalSpacing = s * 2;
            body.setLayout(gl);

            // landscape: code on the left, amount and words on the right; portrait: amount above the code
            Composite visual = null;
            if (twoColumns) {
                visual = column(new GridData(SWT.END, SWT.CENTER, true, true));
            }
            Composite side = column(new GridData(twoColumns ? SWT.FILL : SWT.CENTER, mode == Mode.PENDING && !twoColumns ? SWT.END : SWT.CENTER, true, true));
            if (mode == Mode.PENDING && !twoColumns) {
                visual = column(new GridData(SWT.CENTER, SWT.BEGINNING, true, true));
            }
            int align = twoColumns ? SWT.LEFT : SWT.CENTER;

            if (amountFen() >= 0) {
                // the order's amount; the fee may depend on the application, so none is shown before
                Label caption = label(side, mode == Mode.PAID ? ctx.t("已支付", "Paid") : ctx.t("应缴金额", "Amount due"),
                        TextSize.HEADING, ThemeColor.MUTED, align);
                caption.setData(Theme.TEST_ID, "pay.caption");
                amount = label(side, yuan(amountFen()), TextSize.HUGE, ThemeColor.TEXT, align);
                amount.setFont(theme.bold(TextSize.HUGE));
                amount.setData(Theme.TEST_ID, "pay.amount");
            }

            switch (mode) {
                case PENDING: {
                    int size = theme.touchTarget() * 5;
                    qr = QrImages.canvas(visual, "pay.qr", text(CODE_URL), size);
                    Label how = label(twoColumns ? side : visual, ctx.t("请使用微信扫码支付", "Scan with WeChat to pay"),
                            TextSize.TITLE, ThemeColor.TEXT, align);
                    how.setFont(theme.bold(TextSize.TITLE));
                    countdown = label(twoColumns ? side : visual, "", TextSize.HEADING, ThemeColor.MUTED, align);
                    countdown.setData(Theme.TEST_ID, "pay.countdown");
                    label(twoColumns ? side : visual, ctx.t("支付完成后将自动进入下一步", "You will go on by yourself once the payment is through"),
                            TextSize.BODY, ThemeColor.MUTED, align);
                    Composite row = row(twoColumns ? side : visual, twoColumns ? SWT.BEGINNING : SWT.CENTER);
                    theme.button(row, "pay.check", ctx.t("我已支付", "I have paid"), ButtonStyle.SECONDARY,
                            () -> ctx.submit(Map.of("check", true)));
                    startTicker();
                    break;
                }
                case PAID: {
                    Label ok = label(side, "✓ " + ctx.t("支付成功", "Payment received"), TextSize.TITLE, ThemeColor.OK, align);
                    ok.setFont(theme.bold(TextSize.TITLE));
                    ok.setData(Theme.TEST_ID, "pay.paid");
                    label(side, ctx.t("正在提交申请，请稍候", "Submitting your application, please wait"), TextSize.BODY, ThemeColor.MUTED, align);
                    break;
                }
                case FAILED: {
                    Label bad = label(side, why == null ? ctx.t("支付未完成", "The payment was not completed") : why,
                            TextSize.TITLE, ThemeColor.ERROR, align);
                    bad.setFont(theme.bold(TextSize.TITLE));
                    bad.setData(Theme.TEST_ID, "pay.failed");
                    if (detail != null) {
                        Label d = label(side, detail, TextSize.BODY, ThemeColor.ERROR, align);
                        d.setData(Theme.TEST_ID, "pay.message");
                    }
                    if (failure == null) {
                        label(side, ctx.t("如未扣款，请点击“重新支付”获取新的二维码；如已扣款，请联系工作人员。",
                                "If you were not charged, press Try again for a new QR code; if you were, please ask staff."),
                                TextSize.BODY, ThemeColor.MUTED, align);
                    }
                    Composite row = row(side, SWT.CENTER);
                    theme.button(row, "pay.retry", ctx.t("重新支付", "Try again"), ButtonStyle.PRIMARY, this::retry);
                    break;
                }
                case WAITING:
                default: {
                    waiting = label(side, "", TextSize.HEADING, ThemeColor.PRIMARY, align);
                    waiting.setData(Theme.TEST_ID, "pay.waiting");
                    startTicker();
                    break;
                }
            }
            refresh();
            if (opened) {
                ctx.relayout();
            }
            body.layout(true, true);
        }

        private void retry() {
            if (retrying) {
                return;
            }
            retrying = true;
            failure = null;
            failureDetail = null;
            failureFor = null;
            ctx.submit(Map.of("retry", true));
            // not from inside the button's own listener: rebuilding disposes it
            display.asyncExec(() -> {
                if (!closed && !body.isDisposed() && retrying && mode == Mode.FAILED) {
                    mode = Mode.WAITING;
                    rebuild(null, null);
                }
            });
        }

        private String text(String key) {
            Object v = data.get(key);
            return v == null ? null : String.valueOf(v);
        }

        private Composite column(GridData gd) {
            Composite c = new Composite(body, SWT.NONE);
            c.setBackground(theme.color(ThemeColor.BACKGROUND));
            GridLayout gl = new GridLayout(1, false);
            gl.marginWidth = 0;
            gl.marginHeight = 0;
            gl.verticalSpacing = theme.spacing();
            c.setLayout(gl);
            c.setLayoutData(gd);
            return c;
        }

        private Composite row(Composite parent, int halign) {
            Composite row = new Composite(parent, SWT.NONE);
            row.setBackground(theme.color(ThemeColor.BACKGROUND));
            GridLayout gl = new GridLayout(1, false);
            gl.marginWidth = 0;
            gl.marginHeight = theme.spacing();
            row.setLayout(gl);
            row.setLayoutData(new GridData(halign, SWT.CENTER, false, false));
            return row;
        }

        private Label label(Composite parent, String text, TextSize size, ThemeColor color, int align) {
            Label l = new Label(parent, SWT.WRAP | align);
            l.setText(text);
            l.setFont(theme.font(size));
            l.setForeground(theme.color(color));
            l.setBackground(parent.getBackground());
            GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            gd.widthHint = theme.touchTarget() * 5;
            l.setLayoutData(gd);
            return l;
        }

        /** Countdown and amount from the latest data; no widgets added or removed. */
        private void refresh() {
            if (amount != null && !amount.isDisposed() && amountFen() >= 0) {
                amount.setText(yuan(amountFen()));
            }
            if (qr != null && !qr.isDisposed()) {
                qr.setText(text(CODE_URL));
            }
            if (countdown != null && !countdown.isDisposed()) {
                Instant until = instant(data.get(EXPIRES));
                if (until == null) {
                    countdown.setText("");
                } else {
                    Duration left = Duration.between(Instant.now(), until);
                    if (left.isNegative() || left.isZero()) {
                        countdown.setText(ctx.t("二维码已过期，正在确认支付结果", "The code has expired; checking the payment"));
                        countdown.setForeground(theme.color(ThemeColor.WARNING));
                    } else {
                        countdown.setText(ctx.t("剩余支付时间 ", "Time left ") + clock(left));
                        countdown.setForeground(theme.color(left.getSeconds() < 60 ? ThemeColor.WARNING : ThemeColor.MUTED));
                    }
                }
            }
            if (waiting != null && !waiting.isDisposed()) {
                waiting.setText(ctx.t("正在生成支付二维码", "Preparing the payment code") + DOTS[dots % DOTS.length]);
            }
        }

        private void startTicker() {
            if (!ticking && !closed) {
                ticking = true;
                display.timerExec(tickMillis(), ticker);
            }
        }

        /** Whole seconds for the countdown (aligned to the second boundary), faster dots while waiting. */
        private int tickMillis() {
            if (mode == Mode.WAITING) {
                return 500;
            }
            Instant until = instant(data.get(EXPIRES));
            if (until == null) {
                return 1000;
            }
            long ms = Duration.between(Instant.now(), until).toMillis() % 1000;
            return (int) (ms <= 20 ? ms + 1000 : ms) + 5;
        }

        private void tick() {
            if (closed || body.isDisposed() || (mode != Mode.PENDING && mode != Mode.WAITING)) {
                ticking = false;
                return;
            }
            dots++;
            refresh();
            display.timerExec(tickMillis(), ticker);
        }

        @Override
        public boolean showErrors(Map<String, LocalizedText> errors) {
            if (closed || body.isDisposed()) {
                return false;
            }
            retrying = false;
            if (mode == Mode.PENDING || mode == Mode.PAID) {
                // e.g. "cannot check the payment right now": the shell's message bar says it
                return false;
            }
            // no order could be made (service down, QR code not created): say so here and offer Try again
            StringBuilder sb = new StringBuilder();
            for (LocalizedText t : errors.values()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(ctx.t(t));
            }
            failure = ctx.t("暂时无法支付", "Payment is not possible right now");
            failureDetail = sb.length() == 0 ? null : sb.toString();
            Object st = data.get(STATE);
            failureFor = st == null ? "" : String.valueOf(st);
            mode = Mode.FAILED;
            rebuild(failure, failureDetail);
            return true;
        }

        @Override
        public void close() {
            closed = true;
            display.timerExec(-1, ticker);
            ticking = false;
            data = Map.of();
        }
    }
}
