package org.opendmv.forms.internal;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * An open TrueType CJK font (a .ttf, or one font of a .ttc collection) for embedding as a subset.
 * PDFBox subsets only TrueType (glyf) outlines: OpenType/CFF fonts such as Noto Sans CJK are refused
 * with a clear message. Open one per document and close it after {@code PDDocument.save}.
 */
final class CjkFont implements Closeable {
    /** The Debian package the kiosk installs (TrueType outlines, GB 18030 coverage). */
    static final String PACKAGE = "fonts-wqy-zenhei";
    /** Searched in order when no path is configured. */
    static final String[] DEFAULT_PATHS = {
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
    };
    private static final int PROBE = '申';

    private final TrueTypeFont ttf;
    private final Closeable owner;
    private final String path;
    private final CmapLookup cmap;

    private CjkFont(TrueTypeFont ttf, Closeable owner, String path) throws IOException {
        this.ttf = ttf;
        this.owner = owner;
        this.path = path;
        this.cmap = ttf.getUnicodeCmapLookup(false);
    }

    /**
     * The first usable font of the candidates.
     *
     * @param candidates file paths, tried in order
     * @param name       PostScript name of the font inside a .ttc (e.g. WenQuanYiZenHei), or null/blank for the first
     * @throws IllegalStateException none usable; the message lists what was tried and names the package to install
     */
    static CjkFont open(List<String> candidates, String name) {
        List<String> tried = new ArrayList<>();
        for (String c : candidates) {
            if (c == null || c.isBlank()) {
                continue;
            }
            File f = new File(c.strip());
            if (!f.isFile()) {
                tried.add(f + " (not found)");
                continue;
            }
            try {
                CjkFont font = load(f, name);
                if (font == null) {
                    tried.add(f + " (no font named " + name + ")");
                } else if (font.ttf instanceof OpenTypeFont otf && otf.isPostScript()) {
                    font.close();
                    tried.add(f + " (OpenType/CFF outlines: PDFBox cannot subset-embed them)");
                } else if (!font.supports(PROBE)) {
                    font.close();
                    tried.add(f + " (no Chinese glyphs)");
                } else {
                    return font;
                }
            } catch (IOException | RuntimeException e) {
                tried.add(f + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException("No usable Chinese TrueType font for the application forms. Tried: "
                + String.join("; ", tried) + ". Install the Debian package " + PACKAGE
                + " (apt-get install " + PACKAGE + ") or set font.path in configuration PID "
                + FormsComponent.PID + " to a TrueType-outline CJK font (.ttf or .ttc).");
    }

    private static CjkFont load(File f, String name) throws IOException {
        String lower = f.getName().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".ttc") || lower.endsWith(".otc")) {
            TrueTypeCollection ttc = new TrueTypeCollection(f);
            try {
                TrueTypeFont chosen;
                if (name != null && !name.isBlank()) {
                    chosen = ttc.getFontByName(name.strip());
                } else {
                    TrueTypeFont[] first = new TrueTypeFont[1];
                    ttc.processAllFonts(t -> {
                        if (first[0] == null) {
                            first[0] = t;
                        }
                    });
                    chosen = first[0];
                }
                if (chosen == null) {
                    ttc.close();
                    return null;
                }
                return new CjkFont(chosen, ttc, f.getPath());
            } catch (IOException | RuntimeException e) {
                ttc.close();
                throw e;
            }
        }
        TrueTypeFont t = new TTFParser().parse(new RandomAccessReadBufferedFile(f));
        return new CjkFont(t, t, f.getPath());
    }

    /** Embeds a subset into the document (the subset is written at save). */
    PDType0Font embed(PDDocument doc) throws IOException {
        return PDType0Font.load(doc, ttf, true);
    }

    boolean supports(int codePoint) {
        return cmap != null && cmap.getGlyphId(codePoint) > 0;
    }

    String path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        owner.close();
    }

}
