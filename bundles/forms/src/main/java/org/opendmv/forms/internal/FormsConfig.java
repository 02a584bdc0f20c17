package org.opendmv.forms.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "OpenDMV application forms",
        description = "The official application forms (PDF) and the kiosk receipt")
@interface FormsConfig {
    @AttributeDefinition(name = "Font path", description = "Chinese TrueType fonts (.ttf or .ttc with TrueType outlines), "
            + "tried in order; the first usable one is embedded as a subset. OpenType/CFF fonts such as Noto Sans CJK do "
            + "not work with PDFBox. Debian package: fonts-wqy-zenhei")
    String[] font_path() default {
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/arphic/ukai.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
    };

    @AttributeDefinition(name = "Font name", required = false,
            description = "PostScript name of the font inside a .ttc collection (e.g. WenQuanYiZenHei); empty: the first")
    String font_name() default "";

    @AttributeDefinition(name = "Office name", required = false,
            description = "Printed under the form title, e.g. XX市公安局交通警察支队车辆管理所; empty: none")
    String office_name() default "";

    @AttributeDefinition(name = "Receipt title", description = "First line of the receipt")
    String receipt_title() default Settings.DEFAULT_TITLE;

    @AttributeDefinition(name = "Receipt QR template",
            description = "Content of the receipt's QR code; {serial} is replaced, e.g. https://dmv.example/status?serial={serial}")
    String receipt_qr_template() default "{serial}";

    @AttributeDefinition(name = "Receipt columns",
            description = "Printer line width in half-width columns (a Chinese character takes 2): 32 for 58 mm paper, 48 for 80 mm")
    int receipt_columns() default 32;

    @AttributeDefinition(name = "Receipt footer", required = false, description = "Last text line of the receipt")
    String receipt_footer() default Settings.DEFAULT_FOOTER;
}
