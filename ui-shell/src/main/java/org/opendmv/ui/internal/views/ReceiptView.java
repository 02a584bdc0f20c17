package org.opendmv.ui.internal.views;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.opendmv.business.api.Facts;
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
 * RECEIPT: "办理成功", the serial number (流水号) in large type — it stays on screen whatever the
 * printer does — the printing state, and 完成. If the receipt could not be printed, the problem
 * in warning colour, the advice to note the serial and a button to print again.
 *
 * <p>Engine data read: {@code application.serial}, {@code receipt.printing}, {@code receipt.printed},
 * {@code receipt.problem} (text already in the citizen's language), {@code receipt.event}. Input:
 * {@code {done: true}}, {@code {print: true}}.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=" + StepTypes.RECEIPT)
public final class ReceiptView implements StepView {
    static final String PRINTING = "receipt.printing";
    static final String PRINTED = "receipt.printed";
    static final String PROBLEM = "receipt.problem";
    static final String EVENT = "receipt.event";
    private static final String[] DOTS = {"", ".", "..", "..."};

    @Override
    public StepPanel open(Composite parent, ViewContext context) {
        return new Panel(parent, context);
    }

    private enum Printing {
        BUSY, PRINTED, PROBLEM
    }

    private static final class Panel implements StepPanel {
        private final ViewContext ctx;
        private final Theme theme;
        private final Display display;
        private final Composite body;
        private final Label serial;
        private final Label status;
        private final Label advice;
        private final Composite buttons;
        private final Runnable animator = this::animate;
        private Printing printing;
        private Control reprint;
        /** Print again was pressed; the old problem stays in the data until the printer answers. */
        private boolean reprinting;
        private int tick;
        private boolean animating;
        private boolean closed;
        /** False while the constructor runs: the shell lays the step out after open() anyway. */
        private boolean opened;

        Panel(Composite parent, ViewContext ctx) {
            this.ctx = ctx;
            this.theme = ctx.theme();
            this.display = parent.getDisplay();
            int s = theme.spacing();
            body = new Composite(parent, SWT.NONE);
            body.setBackground(theme.color(ThemeColor.BACKGROUND));
            body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
            GridLayout gl = new GridLayout(1, false);
            gl.marginWidth = s * 2;
            gl.marginHeight = 0;
            gl.verticalSpacing = s;
            body.setLayout(gl);

            Composite top = new Composite(body, SWT.NONE);
            top.setBackground(body.getBackground());
            top.setLayoutData(new GridData(SWT.FILL, SWT.END, true, true));
            GridLayout tl = new GridLayout(1, false);
            tl.marginWidth = 0;
            tl.marginHeight = 0;
            tl.verticalSpacing = s / 2;
            top.setLayout(tl);

            Canvas tick = new Canvas(top, SWT.DOUBLE_BUFFERED);
            tick.setBackground(body.getBackground());
            GridData kd = new GridData(SWT.CENTER, SWT.CENTER, false, false);
            kd.widthHint = theme.touchTarget() * 3 / 4;
            kd.heightHint = theme.touchTarget() * 3 / 4;
            tick.setLayoutData(kd);
            tick.addPaintListener(e -> paintTick(tick, e.gc));

            Label done = centred(top, ctx.t("办理成功", "Done"), TextSize.TITLE, ThemeColor.OK);
            done.setFont(theme.bold(TextSize.TITLE));
            done.setData(Theme.TEST_ID, "receipt.heading");
            centred(top, ctx.t(ctx.session().business().name()), TextSize.BODY, ThemeColor.MUTED);

            Composite card = theme.card(body);
            card.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, false, false));
            ((GridLayout) card.getLayout()).marginWidth = s * 4;
            // the card is as wide as the serial: its labels keep their natural width (no wrapping)
            unwrapped(centred(card, ctx.t("流水号", "Serial number"), TextSize.HEADING, ThemeColor.MUTED));
            serial = unwrapped(centred(card, "", TextSize.HUGE, ThemeColor.TEXT));
            serial.setFont(theme.bold(TextSize.HUGE));
            serial.setData(Theme.TEST_ID, "receipt.serial");
            unwrapped(centred(card, ctx.t("凭流水号可查询办理进度", "Use the serial number to follow your application"), TextSize.SMALL, ThemeColor.MUTED));

            Composite bottom = new Composite(body, SWT.NONE);
            bottom.setBackground(body.getBackground());
            bottom.setLayoutData(new GridData(SWT.FILL, SWT.BEGINNING, true, true));
            GridLayout bl = new GridLayout(1, false);
            bl.marginWidth = 0;
            bl.marginHeight = 0;
            bl.verticalSpacing = s;
            bottom.setLayout(bl);
            status = centred(bottom, "", TextSize.HEADING, ThemeColor.TEXT);
            status.setData(Theme.TEST_ID, "receipt.status");
            advice = centred(bottom, ctx.t("请记下流水号，或联系工作人员补打凭条。", "Please note down the serial number, or ask staff to print the receipt."),
                    TextSize.BODY, ThemeColor.WARNING);
            advice.setData(Theme.TEST_ID, "receipt.advice");
            show(advice, false);

            buttons = new Composite(bottom, SWT.NONE);
            buttons.setBackground(body.getBackground());
            GridLayout rl = new GridLayout(2, false);
            rl.marginWidth = 0;
            rl.marginHeight = 0;
            rl.horizontalSpacing = s * 2;
            buttons.setLayout(rl);
            buttons.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, false, false));
            Control finish = theme.button(buttons, "receipt.done", ctx.t("完成", "Finish"), ButtonStyle.PRIMARY,
                    () -> ctx.submit(Map.of("done", true)));
            ((GridData) finish.getLayoutData()).widthHint = Math.max(finish.computeSize(SWT.DEFAULT, SWT.DEFAULT).x, theme.touchTarget() * 3);

            update(null, ctx.session().data());
            opened = true;
        }

        private Label centred(Composite parent, String text, TextSize size, ThemeColor color) {
            Label l = new Label(parent, SWT.WRAP | SWT.CENTER);
            l.setText(text == null ? "" : text);
            l.setFont(theme.font(size));
            l.setForeground(theme.color(color));
            l.setBackground(parent.getBackground());
            GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
            gd.widthHint = 10;
            l.setLayoutData(gd);
            return l;
        }

        private static Label unwrapped(Label l) {
            ((GridData) l.getLayoutData()).widthHint = SWT.DEFAULT;
            return l;
        }

        private void paintTick(Canvas c, GC gc) {
            Rectangle r = c.getClientArea();
            gc.setAntialias(SWT.ON);
            gc.setBackground(theme.color(ThemeColor.BACKGROUND));
            gc.fillRectangle(r);
            int d = Math.min(r.width, r.height) - 2;
            int x = (r.width - d) / 2;
            int y = (r.height - d) / 2;
            gc.setBackground(theme.color(ThemeColor.OK));
            gc.fillOval(x, y, d, d);
            gc.setForeground(theme.color(ThemeColor.ON_PRIMARY));
            gc.setLineWidth(Math.max(3, d / 10));
            gc.setLineCap(SWT.CAP_ROUND);
            gc.setLineJoin(SWT.JOIN_ROUND);
            gc.drawPolyline(new int[] {x + d * 27 / 100, y + d * 52 / 100, x + d * 43 / 100, y + d * 68 / 100, x + d * 73 / 100, y + d * 35 / 100});
        }

        @Override
        public void update(SessionEvent event, Map<String, Object> data) {
            if (closed || body.isDisposed()) {
                return;
            }
            Map<String, Object> delta = event != null && event.result().isPresent() ? event.result().get().data() : Map.of();
            if (delta.containsKey(PRINTED) || delta.containsKey(PROBLEM)) {
                reprinting = false;
            }
            Object sn = data.get(Facts.SERIAL);
            String text = sn == null ? ctx.session().applicationSerial().orElse(null) : String.valueOf(sn);
            String shown = text == null ? "…" : text;
            boolean relayout = !shown.equals(serial.getText());
            serial.setText(shown);

            Object problem = data.get(PROBLEM);
            Printing p;
            if (reprinting) {
                p = Printing.BUSY;
            } else if (problem != null && !String.valueOf(problem).isBlank()) {
                p = Printing.PROBLEM;
            } else if (Boolean.TRUE.equals(data.get(PRINTED))) {
                p = Printing.PRINTED;
            } else {
                p = Printing.BUSY;
            }
            relayout |= p != printing;
            printing = p;
            switch (p) {
                case PROBLEM:
                    status.setText(String.valueOf(problem));
                    status.setForeground(theme.color(ThemeColor.WARNING));
                    break;
                case PRINTED:
                    status.setText("MEDIA_TAKEN".equals(data.get(EVENT))
                            ? ctx.t("凭条已取走，请点击“完成”", "Receipt taken; press Finish")
                            : ctx.t("凭条已打印，请取走", "Your receipt is printed; please take it"));
                    status.setForeground(theme.color(ThemeColor.OK));
                    break;
                case BUSY:
                default:
                    status.setText(busyText());
                    status.setForeground(theme.color(ThemeColor.PRIMARY));
                    startAnimation();
                    break;
            }
            if (relayout) {
                show(advice, p == Printing.PROBLEM);
                if (p == Printing.PROBLEM && (reprint == null || reprint.isDisposed())) {
                    reprint = theme.button(buttons, "receipt.print", ctx.t("重新打印", "Print again"), ButtonStyle.SECONDARY,
                            () -> {
                                reprinting = true;
                                ctx.submit(Map.of("print", true));
                                // not from inside the button's own listener: the update disposes it
                                display.asyncExec(() -> update(null, ctx.session().data()));
                            });
                    reprint.moveAbove(null);
                } else if (p != Printing.PROBLEM && reprint != null && !reprint.isDisposed()) {
                    reprint.dispose();
                    reprint = null;
                }
                if (opened) {
                    ctx.relayout();
                }
                body.layout(true, true);
            }
        }

        private String busyText() {
            return ctx.t("正在打印凭条", "Printing your receipt") + DOTS[tick % DOTS.length];
        }

        private void startAnimation() {
            if (!animating && !closed) {
                animating = true;
                display.timerExec(500, animator);
            }
        }

        private void animate() {
            if (closed || status.isDisposed() || printing != Printing.BUSY) {
                animating = false;
                return;
            }
            tick++;
            status.setText(busyText());
            display.timerExec(500, animator);
        }

        private static void show(Control c, boolean on) {
            ((GridData) c.getLayoutData()).exclude = !on;
            c.setVisible(on);
        }

        @Override
        public void close() {
            closed = true;
            display.timerExec(-1, animator);
            animating = false;
        }
    }
}
