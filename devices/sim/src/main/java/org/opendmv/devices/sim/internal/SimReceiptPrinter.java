package org.opendmv.devices.sim.internal;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.opendmv.devices.api.ActionHint;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.CompletionCode;
import org.opendmv.devices.api.DeviceException;
import org.opendmv.devices.api.DeviceStatus;
import org.opendmv.devices.api.IntermediateEvent;
import org.opendmv.devices.api.MediaStatus;
import org.opendmv.devices.api.PaperStatus;
import org.opendmv.devices.api.PrintResult;
import org.opendmv.devices.api.Receipt;
import org.opendmv.devices.api.ReceiptLine;
import org.opendmv.devices.api.ReceiptPrinter;
import org.opendmv.devices.api.spi.DeviceCallback;

/**
 * Simulated thermal receipt printer (80 mm, 48 columns). Paper FULL / LOW / OUT / JAMMED from
 * {@value #KEY_PAPER} or {@code kiosk:sim fail}; with {@value #KEY_RECEIPTS} the roll runs out by itself
 * (LOW at {@value #LOW_AT} receipts left). Printing in OUT or JAMMED fails with PAPER_OUT / MEDIA_JAM and
 * hint CLEAR; otherwise PRINTING, one latency, MEDIA_PRESENTED. The last receipt is kept as text for the
 * console ({@code kiosk:sim receipt}), never logged; the citizen "takes" it after
 * {@value #KEY_TAKE} ms (media substatus PRESENT → NOT_PRESENT).
 */
final class SimReceiptPrinter extends SimDevice implements ReceiptPrinter {
    /** Per-instance key: initial paper state FULL, LOW, OUT or JAMMED (default FULL). */
    static final String KEY_PAPER = "sim.paper";
    /** Per-instance key: receipts left on the roll, -1 for endless (default -1). */
    static final String KEY_RECEIPTS = "sim.paper.receipts";
    /** Per-instance key: ms until the citizen takes the presented receipt (default 3000). */
    static final String KEY_TAKE = "sim.receipt.take.ms";
    /** Receipts left when the paper turns LOW. */
    static final int LOW_AT = 5;
    static final int COLUMNS = 48;

    // guarded by lock
    private PaperStatus configuredPaper;
    private int configuredReceipts;
    private int takeMs;
    private PaperStatus paper;
    private int receiptsLeft;
    private boolean presented;
    private String lastReceipt;
    private int printed;
    private ScheduledFuture<?> takeTask;

    SimReceiptPrinter(DeviceInstanceConfigView config, DeviceCallback callback, SimControl control) {
        super(config, callback, control, "SIM-TP80");
    }

    @Override
    void configure(DeviceInstanceConfigView c) {
        configuredPaper = c.enumValue(KEY_PAPER, PaperStatus.class, PaperStatus.FULL);
        if (configuredPaper == PaperStatus.UNKNOWN) {
            throw new IllegalArgumentException("property " + KEY_PAPER + " must be FULL, LOW, OUT or JAMMED");
        }
        configuredReceipts = c.raw().intProperty(KEY_RECEIPTS, -1);
        if (configuredReceipts < -1) {
            throw new IllegalArgumentException("property " + KEY_RECEIPTS + " must be >= -1");
        }
        takeMs = c.nonNegative(KEY_TAKE, 3000);
    }

    @Override
    void resetScript() {
        paper = configuredPaper;
        receiptsLeft = configuredReceipts;
        if (receiptsLeft == 0 && paper != PaperStatus.JAMMED) {
            paper = PaperStatus.OUT;
        } else if (receiptsLeft > 0 && receiptsLeft <= LOW_AT && paper == PaperStatus.FULL) {
            paper = PaperStatus.LOW;
        }
    }

    @Override
    void applyScript(SimState state) {
        switch (state) {
            case PAPER_OK:
                paper = PaperStatus.FULL;
                receiptsLeft = configuredReceipts > LOW_AT ? configuredReceipts : -1;
                break;
            case PAPER_LOW:
                paper = PaperStatus.LOW;
                break;
            case PAPER_OUT:
                paper = PaperStatus.OUT;
                break;
            case JAMMED:
                paper = PaperStatus.JAMMED;
                break;
            default:
                break;
        }
    }

    @Override
    void raiseErrorFor(SimState state) {
        super.raiseErrorFor(state);
        if (state == SimState.PAPER_OUT) {
            error(PrintError.PAPER_OUT.name(), "simulated paper out", ActionHint.CLEAR);
        } else if (state == SimState.JAMMED) {
            error(PrintError.MEDIA_JAM.name(), "simulated paper jam", ActionHint.CLEAR);
        }
    }

    @Override
    DeviceStatus withSubstatus(DeviceStatus s) {
        return s.withSubstatus(paper).withSubstatus(paper == PaperStatus.JAMMED ? MediaStatus.JAMMED
                : presented ? MediaStatus.PRESENT : MediaStatus.NOT_PRESENT);
    }

    @Override
    String scriptSummary() {
        synchronized (lock) {
            return "paper=" + paper + (receiptsLeft >= 0 ? " receiptsLeft=" + receiptsLeft : "") + " printed=" + printed;
        }
    }

    PaperStatus paper() {
        synchronized (lock) {
            return paper;
        }
    }

    /** The text of the last receipt printed, for the console. */
    Optional<String> lastReceipt() {
        synchronized (lock) {
            return Optional.ofNullable(lastReceipt);
        }
    }

    @Override
    public CompletionStage<PrintResult> print(Receipt receipt, CommandContext ctx) {
        return start(ctx, op -> {
            if (receipt == null) {
                throw new DeviceException(CompletionCode.INVALID_DATA, "no receipt");
            }
            check();
            op.ctx().event(IntermediateEvent.PRINTING);
            op.after(latency(), () -> {
                check(); // the paper may have run out meanwhile
                String text = render(receipt);
                PaperStatus after;
                boolean ranOut;
                synchronized (lock) {
                    lastReceipt = text;
                    printed++;
                    if (receiptsLeft > 0) {
                        receiptsLeft--;
                        if (receiptsLeft == 0) {
                            paper = PaperStatus.OUT;
                        } else if (receiptsLeft <= LOW_AT) {
                            paper = PaperStatus.LOW;
                        }
                    }
                    ranOut = paper == PaperStatus.OUT;
                    after = paper;
                    presented = true;
                    if (takeTask != null) {
                        takeTask.cancel(false);
                    }
                    takeTask = scheduleTake();
                }
                publish();
                if (ranOut) {
                    error(PrintError.PAPER_OUT.name(), "paper roll ran out", ActionHint.CLEAR);
                }
                op.ctx().event(IntermediateEvent.MEDIA_PRESENTED);
                op.complete(new PrintResult(after));
            });
        });
    }

    private ScheduledFuture<?> scheduleTake() {
        try {
            return schedule(() -> {
                synchronized (lock) {
                    presented = false;
                }
                publish();
            }, java.time.Duration.ofMillis(takeMs));
        } catch (RuntimeException e) {
            presented = false;
            return null;
        }
    }

    @Override
    void onDispose() {
        synchronized (lock) {
            if (takeTask != null) {
                takeTask.cancel(false);
            }
        }
    }

    private void check() {
        PaperStatus p = paper();
        if (p == PaperStatus.OUT) {
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, PrintError.PAPER_OUT.name(), "simulated paper out",
                    ActionHint.CLEAR, null);
        }
        if (p == PaperStatus.JAMMED) {
            throw new DeviceException(CompletionCode.HARDWARE_ERROR, PrintError.MEDIA_JAM.name(), "simulated paper jam",
                    ActionHint.CLEAR, null);
        }
    }

    /** Plain-text rendering of a receipt as a 48-column printer would lay it out (CJK = 2 columns). */
    static String render(Receipt receipt) {
        StringBuilder sb = new StringBuilder();
        for (ReceiptLine line : receipt.lines()) {
            String t = line.bold() ? "*" + line.text() + "*" : line.text();
            int w = width(t);
            int pad = 0;
            if (w < COLUMNS) {
                if (line.align() == ReceiptLine.Align.CENTER) {
                    pad = (COLUMNS - w) / 2;
                } else if (line.align() == ReceiptLine.Align.RIGHT) {
                    pad = COLUMNS - w;
                }
            }
            sb.append(" ".repeat(pad)).append(t).append('\n');
        }
        receipt.qrText().ifPresent(q -> sb.append("[QR] ").append(q).append('\n'));
        sb.append("-".repeat(COLUMNS)).append(" (cut)\n");
        return sb.toString();
    }

    private static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            w += c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3)
                    || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60)) ? 2 : 1;
        }
        return w;
    }
}
