package org.opendmv.ui.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "OpenDMV touch UI", description = "The kiosk's full-screen SWT shell. Changes apply at once (the shell is rebuilt on the attract screen).")
@interface UiConfig {
    @AttributeDefinition(name = "Layout", description = "Screen size the UI lays out for; auto = the whole primary monitor",
            options = {@Option(value = "auto"), @Option(value = "1920x1080"), @Option(value = "1280x1024"), @Option(value = "1080x1920")})
    String layout() default "auto";

    @AttributeDefinition(name = "Full screen", description = "No window trim, covering the monitor (kiosk). Off only for development.")
    boolean fullscreen() default true;

    @AttributeDefinition(name = "Language at the start of a visit", options = {@Option(value = "zh-CN"), @Option(value = "en")})
    String language() default "zh-CN";

    @AttributeDefinition(name = "Elder-mode pace (%)", description = "How much longer every step waits in elder mode", min = "100", max = "400")
    int elder_pace_percent() default 150;

    @AttributeDefinition(name = "Seconds on a result screen", description = "A finished or cancelled visit's last screen returns to the attract screen after this", min = "3", max = "120")
    int result_seconds() default 15;

    @AttributeDefinition(name = "Seconds before the attract screen", description = "Idle time on the home and list screens before the attract screen comes back", min = "10", max = "3600")
    int attract_seconds() default 60;

    @AttributeDefinition(name = "Help text (zh-CN)")
    String help_zh() default "如需帮助，请按服务台呼叫按钮或向大厅工作人员求助。办理过程中可随时点击“取消办理”。";

    @AttributeDefinition(name = "Help text (en)")
    String help_en() default "For help, press the call button at the service desk or ask the staff in the hall. You can press \"Cancel\" at any time.";
}
