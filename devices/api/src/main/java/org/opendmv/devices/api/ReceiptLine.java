package org.opendmv.devices.api;

import java.util.Objects;

/** One text line of a {@link Receipt}. Printers wrap lines longer than the paper width. */
public final class ReceiptLine {

    /** Horizontal alignment. */
    public enum Align {
        /** Left-aligned. */
        LEFT,
        /** Centred. */
        CENTER,
        /** Right-aligned. */
        RIGHT
    }

    private final String text;
    private final Align align;
    private final boolean bold;

    private ReceiptLine(String text, Align align, boolean bold) {
        this.text = Objects.requireNonNull(text, "text");
        this.align = Objects.requireNonNull(align, "align");
        this.bold = bold;
    }

    /** Plain left-aligned line; an empty string is an empty line. */
    public static ReceiptLine of(String text) {
        return new ReceiptLine(text, Align.LEFT, false);
    }

    /** Line with explicit alignment and weight. */
    public static ReceiptLine of(String text, Align align, boolean bold) {
        return new ReceiptLine(text, align, bold);
    }

    public String text() {
        return text;
    }

    public Align align() {
        return align;
    }

    public boolean bold() {
        return bold;
    }

    @Override
    public String toString() {
        return "ReceiptLine[" + align + (bold ? ", bold" : "") + ", " + text.length() + " chars]";
    }
}
