package org.opendmv.ui.internal;

import java.util.Map;

import org.eclipse.swt.widgets.Composite;
import org.opendmv.engine.api.SessionEvent;
import org.opendmv.ui.api.StepPanel;
import org.opendmv.ui.api.TextSize;
import org.opendmv.ui.api.Theme;

/** No view is installed for a step type (its bundle was removed): say so calmly; Cancel stays available. */
final class MissingView implements StepPanel {
    MissingView(Composite parent, KioskWindow window, String stepType) {
        Composite card = window.theme.card(parent);
        window.theme.label(card, window.t("此步骤暂时无法在本机办理", "This step is not available on this kiosk right now"), TextSize.TITLE)
                .setData(Theme.TEST_ID, "missing.title");
        window.theme.label(card, window.t("请点击下方“取消办理”，或联系大厅工作人员。", "Please press Cancel below or ask a member of staff."),
                TextSize.HEADING);
    }

    @Override
    public void update(SessionEvent event, Map<String, Object> data) {
    }
}
