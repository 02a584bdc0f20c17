package org.opendmv.engine.api;

import org.opendmv.business.api.LocalizedText;

/** Why a visit ended, with the words the citizen sees. */
public enum EndReason {
    COMPLETED("办理完成", "Completed"),
    CANCELLED("您已取消办理", "You cancelled"),
    IDLE_TIMEOUT("长时间无操作，已退出办理", "No activity for a while; the visit was closed"),
    VISIT_TIMEOUT("办理时间已超过上限，已退出办理", "The visit took too long and was closed"),
    REFUSED("暂不能在自助机办理该业务", "This service cannot be completed at the kiosk"),
    BUSINESS_REMOVED("该业务已暂停办理，请联系工作人员", "This service has just been withdrawn; please ask staff"),
    BUSINESS_UPGRADED("该业务已更新，请重新开始办理", "This service has just been updated; please start again"),
    SHUTDOWN("自助机正在维护，请稍后再试", "The kiosk is under maintenance; please try again later");

    private final LocalizedText message;

    EndReason(String zh, String en) {
        this.message = LocalizedText.of(zh, en);
    }

    public LocalizedText message() {
        return message;
    }
}
