package org.opendmv.forms.api;

import java.util.Objects;

/**
 * One tick box (□ / √) printed on a form.
 *
 * @param id     stable id, e.g. {@code dl.business.renewal}, {@code dl.reason.postpone.abroad}, {@code vp.plate.front}
 * @param group  the printed group it belongs to, e.g. 申请业务种类, 补证原因, 号牌
 * @param label  the printed label, e.g. 有效期满换证
 * @param ticked whether the form ticks it
 */
public record FormBox(String id, String group, String label, boolean ticked) {
    public FormBox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(label, "label");
    }
}
