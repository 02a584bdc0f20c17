package org.opendmv.ui.internal.views;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.StepView;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;
import org.opendmv.ui.api.ViewContext;
import org.osgi.service.component.annotations.Component;

/**
 * CHECK runs by itself: "正在核查" while records and rules are looked at. A refusal ends the visit
 * and the shell's result screen shows the reason and what to do instead.
 */
@Component(service = StepView.class, property = StepView.STEP_TYPE + "=CHECK")
public final class CheckView implements StepView {
    @Override
    public StepPanel open(Composite parent, ViewContext ctx) {
        Theme theme = ctx.theme();
        Composite card = theme.card(parent);
        card.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Label h = theme.label(card, ctx.t("正在核查办理条件…", "Checking whether you can apply…"), TextSize.TITLE);
        h.setFont(theme.bold(TextSize.TITLE));
        h.setData(Theme.TEST_ID, "check.title");
        theme.label(card, ctx.t("正在查询您的驾驶证和机动车档案，请稍候。", "Looking up your driving licence and vehicle records, please wait."),
                TextSize.HEADING);
        ProgressBar bar = new ProgressBar(card, SWT.INDETERMINATE);
        GridData gd = new GridData(SWT.FILL, SWT.CENTER, true, false);
        gd.heightHint = theme.spacing() * 2;
        bar.setLayoutData(gd);
        return (SessionEvent event, Map<String, Object> data) -> {
        };
    }
}
