package org.opendmv.console.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.ChoiceOption;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.FieldType;
import org.opendmv.business.api.IdNumbers;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.api.spi.StepResult;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.engine.api.SessionListener;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.engine.api.SessionState;

/**
 * Plays the citizen for one visit, headless: answers every step the way a person at the kiosk
 * would (consent, form, scans, phone photo, signature, waiting for payment, taking the receipt).
 * State-driven — it looks at the current step and its data after every event — so it never
 * depends on seeing one particular event. Prints no personal data beyond masked values.
 */
final class VisitDriver {
    /** How a visit ended, for the caller and for benchmarks. */
    static final class Outcome {
        String result = "UNKNOWN";
        String serial;
        String reason;
        String advice;
        /** The visit left waiting at a step ({@code --pause-at}); null otherwise. */
        String pausedSession;
        String pausedAt;
        long visitNanos;
        final Map<String, Long> stepNanos = new LinkedHashMap<>();
    }

    private final SessionManager sessions;
    private final PrintStream out;
    private final Map<String, String> answers;
    private final Locale locale;
    private final long stepTimeoutMs;
    /** Step type at which the driver stops and leaves the visit waiting, or null. */
    private String pauseAt;

    VisitDriver(SessionManager sessions, PrintStream out, Map<String, String> answers, Locale locale, long stepTimeoutMs) {
        this.sessions = sessions;
        this.out = out;
        this.answers = answers;
        this.locale = locale;
        this.stepTimeoutMs = stepTimeoutMs;
    }

    /** Stop the first time the visit reaches a step of this type, leaving it waiting for {@link #resume}. */
    VisitDriver pauseAt(String stepType) {
        this.pauseAt = stepType;
        return this;
    }

    /** Plays the citizen on from wherever a paused visit waits, to its end. */
    Outcome resume(Session s) throws InterruptedException {
        BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
        Outcome o = new Outcome();
        long t0 = System.nanoTime();
        SessionListener l = (x, e) -> events.add(e);
        s.addListener(l);
        try {
            s.touch();
            drive(s, events, o);
        } finally {
            s.removeListener(l);
        }
        o.visitNanos = System.nanoTime() - t0;
        return o;
    }

    Outcome run(String business) throws InterruptedException {
        BlockingQueue<SessionEvent> events = new LinkedBlockingQueue<>();
        Outcome o = new Outcome();
        long t0 = System.nanoTime();
        String[] sessionId = new String[1];
        SessionListener l = (s, e) -> {
            if (sessionId[0] == null || sessionId[0].equals(e.sessionId())) {
                events.add(e);
            }
        };
        sessions.addListener(l);
        Session s;
        try {
            s = sessions.start(business, locale);
            sessionId[0] = s.id();
            events.removeIf(e -> !e.sessionId().equals(s.id()));
            drive(s, events, o);
        } finally {
            sessions.removeListener(l);
        }
        o.visitNanos = System.nanoTime() - t0;
        return o;
    }

    private void drive(Session s, BlockingQueue<SessionEvent> events, Outcome o) throws InterruptedException {
        BusinessDescriptor b = s.business();
        int shownIndex = -1;
        long stepStart = System.nanoTime();
        long lastChange = System.currentTimeMillis();
        Map<String, String> acted = new LinkedHashMap<>();
        Map<String, Integer> choiceTry = new LinkedHashMap<>();
        SessionEvent last = null;
        boolean ended = false;
        int endWait = 0;
        String entered = null;
        while (true) {
            // print from events, in the order they happened; act on the session's state
            SessionEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            List<SessionEvent> batch = new ArrayList<>();
            if (e != null) {
                batch.add(e);
                events.drainTo(batch);
            }
            for (SessionEvent ev : batch) {
                last = ev;
                lastChange = System.currentTimeMillis();
                switch (ev.type()) {
                    case STEP_ENTERED:
                    case STEP_BACK:
                        entered = ev.step();
                        line("[" + (s.steps().stream().map(StepSpec::type).toList().indexOf(ev.step()) + 1) + "/" + s.steps().size() + "] "
                                + ev.step() + " " + stepName(ev.step()));
                        break;
                    case STEP_COMPLETED:
                        o.stepNanos.merge(ev.step(), System.nanoTime() - stepStart, Long::sum);
                        stepStart = System.nanoTime();
                        line("  ✓ " + describe(ev.step(), s));
                        break;
                    case REFUSED: {
                        RuleResult r = ev.result().map(StepResult::refusal).orElse(null);
                        o.result = "REFUSED";
                        o.reason = r == null ? "" : r.reason().map(t -> t.get(locale)).orElse("") + " [" + r.code().orElse("") + "]";
                        o.advice = r == null ? "" : r.advice().map(t -> t.get(locale)).orElse("");
                        break;
                    }
                    case STEP_INVALID:
                        ev.result().ifPresent(r -> r.errors().forEach((k, v) -> line("    ! " + (k.isEmpty() ? "" : k + ": ") + v.get(locale))));
                        break;
                    case ENDED:
                        ended = true;
                        break;
                    default:
                        break;
                }
            }
            if (s.state() != SessionState.ACTIVE) {
                // listeners hear of the end just after the state changes: wait for the ENDED event
                if (!ended && endWait++ < 50) {
                    continue;
                }
                o.serial = s.applicationSerial().orElse(null);
                if (s.state() == SessionState.COMPLETED) {
                    o.result = "COMPLETED";
                } else if (!o.result.equals("REFUSED")) {
                    o.result = s.endReason().map(Enum::name).orElse("ENDED");
                }
                return;
            }
            int idx = s.currentIndex();
            StepSpec step = s.currentStep().orElse(null);
            if (step == null) {
                continue;
            }
            if (System.currentTimeMillis() - lastChange > stepTimeoutMs) {
                line("  ! nothing happened for " + stepTimeoutMs / 1000 + " s in " + step.type() + "; cancelling the visit");
                o.result = "STUCK";
                s.cancel();
                continue;
            }
            if (!step.type().equals(entered)) {
                // the step changed and its STEP_ENTERED event is on its way: print it first, unless it is late
                if (System.currentTimeMillis() - lastChange < 1000) {
                    continue;
                }
                entered = step.type();
                line("[" + (idx + 1) + "/" + s.steps().size() + "] " + step.type() + " " + stepName(step.type()));
            }
            if (idx != shownIndex) {
                shownIndex = idx;
                acted.clear();
                if (step.type().equals(pauseAt)) {
                    o.result = "PAUSED";
                    o.pausedSession = s.id();
                    o.pausedAt = step.type();
                    return;
                }
            }
            Map<String, Object> data = s.data();
            SessionEvent lastInvalid = last != null && last.type() == SessionEvent.Type.STEP_INVALID ? last : null;
            if (lastInvalid != null && step.type().equals(lastInvalid.step())) {
                boolean fatal = lastInvalid.result().map(r -> r.errors().keySet().stream()
                        .anyMatch(k -> k.startsWith("idcard:") || k.startsWith("device:") || k.startsWith("pay:"))).orElse(false);
                if (fatal) {
                    o.result = "FAILED";
                    o.reason = lastInvalid.result().map(r -> r.errors().values().iterator().next().get(locale)).orElse("");
                    s.cancel();
                    continue;
                }
            }
            act(s, b, step.type(), data, acted, choiceTry, lastInvalid);
            if (lastInvalid != null) {
                last = null;
            }
        }
    }

    private void act(Session s, BusinessDescriptor b, String type, Map<String, Object> data, Map<String, String> acted,
            Map<String, Integer> choiceTry, SessionEvent invalid) {
        switch (type) {
            case "IDENTIFY":
                if ("CONSENT".equals(data.get("identify.phase")) && acted.putIfAbsent("consent", "1") == null) {
                    line("  身份证已读取：" + data.get(Facts.NAME) + " " + IdNumbers.mask(String.valueOf(data.get(Facts.ID_NUMBER))) + "；同意人脸识别");
                    submit(s, Map.of("consent", true));
                }
                break;
            case "FORM": {
                boolean wantsPrefill = b.fields().stream().anyMatch(f -> f.prefill().isPresent());
                // the form pre-fills itself just after it appears; a citizen would see the values come in
                acted.putIfAbsent("enteredAt", String.valueOf(System.currentTimeMillis()));
                if (wantsPrefill && !data.containsKey("form.prefilled")
                        && System.currentTimeMillis() - Long.parseLong(acted.get("enteredAt")) < 3000) {
                    return;
                }
                if (invalid == null && acted.containsKey("form")) {
                    return;
                }
                if (invalid != null) {
                    // a choice the rules do not accept: try the next option, like a citizen would
                    boolean changed = false;
                    for (String field : invalid.result().map(r -> r.errors().keySet()).orElse(java.util.Set.of())) {
                        FieldSpec f = b.field(field).orElse(null);
                        if (f != null && !f.options().isEmpty() && !answers.containsKey(field)) {
                            int next = choiceTry.merge(field, 1, Integer::sum);
                            if (next < f.options().size()) {
                                changed = true;
                            }
                        }
                    }
                    if (!changed) {
                        line("  ! the form was not accepted; cancelling");
                        s.cancel();
                        return;
                    }
                }
                acted.put("form", "1");
                Map<String, Object> in = new LinkedHashMap<>();
                int prefilled = 0;
                for (FieldSpec f : b.fields()) {
                    String v = answers.get(f.name());
                    if (v == null && data.get("form." + f.name()) != null) {
                        v = String.valueOf(data.get("form." + f.name()));
                        prefilled++;
                    }
                    if (v == null && f.type() == FieldType.PLATE && data.get(Facts.ELIGIBLE_PLATES) != null) {
                        v = String.valueOf(data.get(Facts.ELIGIBLE_PLATES)).split(",")[0];
                    }
                    if (v == null) {
                        v = sample(f, choiceTry.getOrDefault(f.name(), 0));
                    }
                    if (v != null) {
                        in.put(f.name(), v);
                    }
                }
                line("  填写 " + in.size() + " 项（其中预填 " + prefilled + " 项）");
                submit(s, in);
                break;
            }
            case "MATERIALS": {
                if (data.containsKey("materials.scanning")) {
                    return;
                }
                for (MaterialSpec m : b.materials()) {
                    boolean wanted = m.required() || "all".equals(answers.get("materials"));
                    if (wanted && !data.containsKey("materials." + m.code())) {
                        if (acted.putIfAbsent("scan." + m.code(), "1") == null) {
                            line("  扫描：" + m.name().get(locale));
                            submit(s, Map.of("scan", m.code()));
                        }
                        return;
                    }
                }
                if (acted.putIfAbsent("done", "1") == null) {
                    submit(s, Map.of("done", true));
                }
                break;
            }
            case "PHOTO":
                if (!data.containsKey(Facts.PHOTO) && acted.putIfAbsent("photo", "1") == null) {
                    line("  手机上传照片（模拟）");
                    submit(s, Map.of("photo", photo()));
                } else if ("REVIEW".equals(data.get("photo.phase")) && acted.putIfAbsent("accept", "1") == null) {
                    submit(s, Map.of("accept", true));
                }
                break;
            case "SIGN":
                if (acted.putIfAbsent("sign", "1") == null) {
                    line("  阅读声明并签名");
                    submit(s, Map.of("signature", signature(), "agree", true));
                }
                break;
            case "PAY": {
                Object state = data.get("pay.state");
                if ("PENDING".equals(state) && acted.putIfAbsent("qr", "1") == null) {
                    long fen = ((Number) data.getOrDefault("pay.amountFen", 0L)).longValue();
                    line(String.format("  请扫码支付 %d.%02d 元（订单 %s）", fen / 100, fen % 100, data.get("pay.outTradeNo")));
                } else if (("FAILED".equals(state) || "CLOSED".equals(state)) && acted.putIfAbsent("failed", "1") == null) {
                    line("  ! 支付未完成：" + data.getOrDefault("pay.message", state));
                    s.cancel();
                }
                break;
            }
            case "RECEIPT":
                if ((data.containsKey("receipt.printed") || data.containsKey("receipt.problem")) && acted.putIfAbsent("done", "1") == null) {
                    Object problem = data.get("receipt.problem");
                    line("  流水号 " + data.get(Facts.SERIAL) + (Boolean.TRUE.equals(data.get("receipt.printed")) ? "，凭条已打印"
                            : "，凭条未打印：" + problem));
                    submit(s, Map.of("done", true));
                }
                break;
            default:
                break;
        }
    }

    private void submit(Session s, Map<String, Object> in) {
        try {
            s.submit(in);
        } catch (IllegalStateException e) {
            // the visit ended meanwhile; the loop reports it
        }
    }

    /** A value a citizen would plausibly enter, valid for the field's type. */
    static String sample(FieldSpec f, int choice) {
        switch (f.type()) {
            case CHOICE:
            case MULTI_CHOICE: {
                List<ChoiceOption> opts = f.options();
                return opts.isEmpty() ? null : opts.get(Math.min(choice, opts.size() - 1)).value();
            }
            case MOBILE:
                return "13800000000";
            case POSTCODE:
                return "100010";
            case DATE:
                return LocalDate.now().plusDays(60).toString();
            case DIGITS:
                return "1";
            case ID_NUMBER:
                return "11010519491231002X";
            case ADDRESS:
                return "北京市东城区测试路1号";
            default:
                return f.required() ? "测试" : null;
        }
    }

    private static String stepName(String type) {
        switch (type) {
            case "IDENTIFY": return "刷身份证与人脸核验";
            case "CHECK": return "资格核查";
            case "FORM": return "填写申请表";
            case "MATERIALS": return "扫描材料";
            case "PHOTO": return "上传照片";
            case "SIGN": return "确认并签名";
            case "PAY": return "缴费";
            case "RECEIPT": return "取凭条";
            default: return "";
        }
    }

    private String describe(String step, Session s) {
        Map<String, Object> d = s.data();
        switch (step == null ? "" : step) {
            case "IDENTIFY":
                return "身份核验通过";
            case "FORM":
                return "申请表已填写";
            case "MATERIALS":
                return "材料已扫描";
            case "PHOTO":
                return "照片已确认";
            case "CHECK":
                return d.containsKey(Facts.ELIGIBLE_PLATES) ? "符合办理条件，可办理车辆：" + d.get(Facts.ELIGIBLE_PLATES) : "符合办理条件";
            case "PAY":
                return "已支付（订单 " + d.getOrDefault(Facts.PAYMENT_REF, "") + "）";
            case "RECEIPT":
                return "办理完成";
            case "SIGN":
                return "申请已保存，流水号 " + d.getOrDefault(Facts.SERIAL, "");
            default:
                return "";
        }
    }

    private void line(String s) {
        if (out != null) {
            out.println(s);
        }
    }

    static byte[] photo() {
        BufferedImage img = new BufferedImage(260, 378, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 260, 378);
        g.setColor(new Color(60, 60, 80));
        g.fillOval(85, 60, 90, 120);
        g.fillRect(60, 200, 140, 178);
        g.dispose();
        return encode(img, "jpg");
    }

    static byte[] signature() {
        BufferedImage img = new BufferedImage(400, 150, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.drawLine(20, 100, 120, 40);
        g.drawLine(120, 40, 200, 110);
        g.drawLine(200, 110, 360, 50);
        g.dispose();
        return encode(img, "png");
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ImageIO.write(img, format, bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
