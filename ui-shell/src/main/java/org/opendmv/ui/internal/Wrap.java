package org.opendmv.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.graphics.GC;

/** Breaks text into lines that fit a width, character by character (Chinese has no spaces). */
final class Wrap {
    private Wrap() {
    }

    static String[] lines(GC gc, String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (line.length() > 0 && gc.textExtent(line + ch).x > width) {
                // keep a Latin word together when it fits on its own line
                int space = line.lastIndexOf(" ");
                if (Character.isLetterOrDigit(cp) && cp < 0x2E80 && space > 0) {
                    out.add(line.substring(0, space));
                    line.delete(0, space + 1);
                } else {
                    out.add(line.toString());
                    line.setLength(0);
                }
            }
            line.append(ch);
            i += Character.charCount(cp);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out.toArray(new String[0]);
    }
}
