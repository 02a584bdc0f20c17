package org.opendmv.forms.api;

import java.util.List;
import java.util.Objects;

/**
 * One tick box a form layout offers, identified by a published id.
 *
 * @param id          stable published id, e.g. {@code dl.business.renewal}, {@code vp.cert.replace.lost}
 * @param group       the printed group it belongs to, e.g. 申请业务种类, 登记证书补领原因
 * @param label       the printed label, e.g. 有效期满换证
 * @param parents     the boxes it refines (a reason box under its business box); ticking it needs one of them ticked; empty for a top box
 * @param kind        what the box says
 * @param optionalRow name of the row the box sits in when that row is printed only on request ({@code kiosk.temp-plate}), or null
 */
public record BoxDef(String id, String group, String label, List<String> parents, Kind kind, String optionalRow) {

    /** What a box says. */
    public enum Kind {
        /** A business type (申请业务种类, or an item of 机动车牌证申请表): a form ticks at least one. */
        BUSINESS,
        /** A reason or detail under a business box. */
        REASON,
        /** Any other choice (申请方式, 取件方式, 临时号牌). */
        OPTION
    }

    public BoxDef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    /** A business box. */
    public static BoxDef business(String id, String group, String label) {
        return new BoxDef(id, group, label, List.of(), Kind.BUSINESS, null);
    }

    /** A reason box under one or more business boxes. */
    public static BoxDef reason(String id, String group, String label, String... parents) {
        return new BoxDef(id, group, label, List.of(parents), Kind.REASON, null);
    }

    /** An option box, in an optional row or not. */
    public static BoxDef option(String id, String group, String label, String optionalRow) {
        return new BoxDef(id, group, label, List.of(), Kind.OPTION, optionalRow);
    }
}
