package org.opendmv.forms.internal;

import java.util.ArrayList;
import java.util.List;

/** The configuration the renderers use, as plain values (testable without Config Admin). */
record Settings(List<String> fontPaths, String fontName, String officeName, String receiptTitle, String qrTemplate,
        int receiptColumns, String receiptFooter) {

    static final String DEFAULT_TITLE = "车管所自助业务受理凭条";
    static final String DEFAULT_FOOTER = "请妥善保管本凭条，凭流水号查询办理进度。";

    Settings {
        fontPaths = List.copyOf(fontPaths);
        if (receiptColumns < 16) {
            receiptColumns = 16;
        }
        if (qrTemplate == null || qrTemplate.isBlank()) {
            qrTemplate = "{serial}";
        }
    }

    static Settings defaults() {
        return new Settings(List.of(CjkFont.DEFAULT_PATHS), null, null, DEFAULT_TITLE, "{serial}", 32, DEFAULT_FOOTER);
    }

    static Settings from(FormsConfig c) {
        List<String> paths = new ArrayList<>();
        if (c.font_path() != null) {
            for (String p : c.font_path()) {
                if (p != null && !p.isBlank()) {
                    paths.add(p.strip());
                }
            }
        }
        if (paths.isEmpty()) {
            paths.addAll(List.of(CjkFont.DEFAULT_PATHS));
        }
        return new Settings(paths, blankToNull(c.font_name()), blankToNull(c.office_name()),
                c.receipt_title() == null || c.receipt_title().isBlank() ? DEFAULT_TITLE : c.receipt_title(),
                c.receipt_qr_template(), c.receipt_columns(),
                c.receipt_footer() == null ? DEFAULT_FOOTER : c.receipt_footer());
    }

    Settings withFonts(List<String> paths) {
        return new Settings(paths, fontName, officeName, receiptTitle, qrTemplate, receiptColumns, receiptFooter);
    }

    Settings withOffice(String office) {
        return new Settings(fontPaths, fontName, office, receiptTitle, qrTemplate, receiptColumns, receiptFooter);
    }

    Settings withQr(String template) {
        return new Settings(fontPaths, fontName, officeName, receiptTitle, template, receiptColumns, receiptFooter);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
