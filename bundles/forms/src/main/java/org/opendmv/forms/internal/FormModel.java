package org.opendmv.forms.internal;

import java.util.ArrayList;
import java.util.List;

import org.opendmv.forms.api.BoxDef;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.OfficialForms;

/**
 * The pure layout model of the two official forms: the tick-box rows, every business type the official
 * form lists, labels from {@link OfficialForms}, ticked as the filled form says. The PDF renderer draws exactly
 * these rows; {@link #boxes} flattens them for tests and callers.
 */
public final class FormModel {

    /** An element of a flowing row. */
    public sealed interface Item permits Box, Text, Fill, Group {
    }

    /** A tick box and its label. */
    public record Box(FormBox box) implements Item {
        Box(String id, String group, String label, boolean ticked) {
            this(new FormBox(id, group, label, ticked));
        }
    }

    /** Static text, e.g. 原因：. */
    public record Text(String text) implements Item {
    }

    /** A filled-in value on an underline, at least {@code minWidth} points wide. */
    public record Fill(String value, float minWidth) implements Item {
    }

    /** Items that stay on one line. */
    public record Group(List<Item> items) implements Item {
        Group(Item... items) {
            this(List.of(items));
        }
    }

    /** A row of the business block: a heading (may be empty) and flowing items. */
    public record Row(String heading, List<Item> items) {
    }

    private FormModel() {
    }

    /** What a row is drawn from: the official layout and the filled form. */
    private record Ctx(FormLayout layout, FilledForm form) {
        Box box(String id) {
            BoxDef b = layout.box(id).orElseThrow(() -> new IllegalStateException("layout " + layout.id() + " lacks " + id));
            return new Box(id, b.group(), b.label(), form.ticked().contains(id));
        }

        String value(String fieldId) {
            return form.value(fieldId);
        }
    }

    /** All tick boxes of the business block, in printed order. */
    public static List<FormBox> boxes(FilledForm d) {
        List<FormBox> out = new ArrayList<>();
        for (Row r : rows(d)) {
            collect(r.items(), out);
        }
        return out;
    }

    private static void collect(List<Item> items, List<FormBox> out) {
        for (Item i : items) {
            if (i instanceof Box b) {
                out.add(b.box());
            } else if (i instanceof Group g) {
                collect(g.items(), out);
            }
        }
    }

    /** Whether the form is one this model draws (an official form). */
    static boolean official(FilledForm d) {
        return OfficialForms.ids().contains(d.kind());
    }

    private static Ctx ctx(FilledForm d) {
        return new Ctx(OfficialForms.layout(d.kind())
                .orElseThrow(() -> new IllegalArgumentException("not an official form: " + d.kind())), d);
    }

    /** The business block rows. */
    public static List<Row> rows(FilledForm d) {
        Ctx c = ctx(d);
        return d.kind().equals(OfficialForms.DRIVER_LICENCE) ? driverLicence(c) : vehiclePlate(c);
    }

    // ---------------------------------------------------------------- 机动车驾驶证申请表

    private static List<Row> driverLicence(Ctx c) {
        String g = "申请业务种类";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("", List.of(
                new Group(c.box("dl.business.first"), new Text("（"),
                        c.box("dl.first.school"), c.box("dl.first.experience"),
                        c.box("dl.first.self"), new Text("）")),
                c.box("dl.business.add-class"),
                new Group(c.box("dl.business.military"), new Text("（"),
                        c.box("dl.military.army"), c.box("dl.military.police"),
                        new Text("）")),
                new Group(c.box("dl.business.foreign"), new Text("（"),
                        c.box("dl.foreign.hk"), c.box("dl.foreign.mo"),
                        c.box("dl.foreign.tw"), c.box("dl.foreign.other"),
                        new Text("）")),
                new Group(new Text("申请的准驾车型代号"), new Fill(c.value("dl.first.targetClass"), 50)))));
        rows.add(new Row("", List.of(
                c.box("dl.business.damaged"), c.box("dl.business.transfer"),
                c.box("dl.business.renewal"), c.box("dl.business.age"))));
        rows.add(new Row("", List.of(
                c.box("dl.business.downgrade"),
                c.box("dl.business.health-downgrade"),
                new Group(new Text("申请的准驾车型代号"),
                        new Fill(c.value("dl.downgrade.targetClass"), 50)))));
        rows.add(new Row("", List.of(
                new Group(c.box("dl.business.info-change"), new Text("变更事项"), new Fill(c.value("dl.info-change.item"), 60),
                        new Text("变更内容"), new Fill(c.value("dl.info-change.content"), 60)),
                new Group(c.box("dl.business.info-record"), new Text("从业单位"), new Fill(c.value("dl.info-record.employer"), 80)))));
        rows.add(new Row("", List.of(
                new Group(c.box("dl.business.replace"), new Text("原因："),
                        c.box("dl.reason.replace.lost"),
                        c.box("dl.reason.replace.other")),
                new Group(c.box("dl.business.cancel"), new Text("原因："),
                        c.box("dl.reason.cancel.self"),
                        c.box("dl.reason.cancel.death"),
                        c.box("dl.reason.cancel.health"),
                        c.box("dl.reason.cancel.incapacity"),
                        c.box("dl.reason.cancel.other")))));
        rows.add(new Row("", List.of(
                new Group(c.box("dl.business.cancel-top"), new Text("原因：")),
                c.box("dl.cancel-top.accident"),
                c.box("dl.cancel-top.review"),
                c.box("dl.cancel-top.points"),
                c.box("dl.cancel-top.probation"),
                c.box("dl.business.cancel-probation"))));
        rows.add(new Row("", List.of(
                new Group(c.box("dl.business.restore"), new Text("准驾车型代号"), new Fill(c.value("dl.restore.class"), 40),
                        new Text("原因：")),
                c.box("dl.restore.expired"),
                c.box("dl.restore.medical"))));
        List<Item> postpone = new ArrayList<>(List.of(
                c.box("dl.business.postpone-renewal"),
                c.box("dl.business.postpone-review"),
                c.box("dl.business.postpone-medical"),
                new Group(new Text("原因："),
                        c.box("dl.reason.postpone.military"),
                        c.box("dl.reason.postpone.abroad"),
                        c.box("dl.reason.postpone.other")),
                new Fill(c.form().ticked().contains("dl.reason.postpone.other") ? c.value("dl.postpone.reasonDetail") : null, 70)));
        rows.add(new Row("", postpone));
        return rows;
    }

    // ---------------------------------------------------------------- 机动车牌证申请表

    private static List<Row> vehiclePlate(Ctx c) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("号牌", List.of(
                new Group(c.box("vp.plate.replace"), new Text("（"),
                        c.box("vp.plate.replace.lost"),
                        c.box("vp.plate.replace.destroyed"),
                        new Text("）（"),
                        c.box("vp.plate.replace.front"),
                        c.box("vp.plate.replace.back"), new Text("）")),
                new Group(c.box("vp.plate.exchange"), new Text("（"),
                        c.box("vp.plate.exchange.front"),
                        c.box("vp.plate.exchange.back"), new Text("）")))));
        rows.add(new Row("行驶证", List.of(
                new Group(c.box("vp.licence.replace"), new Text("（"),
                        c.box("vp.licence.replace.lost"),
                        c.box("vp.licence.replace.destroyed"),
                        new Text("）")),
                c.box("vp.licence.exchange"))));
        rows.add(new Row("登记证书", List.of(
                c.box("vp.cert.apply"),
                new Group(c.box("vp.cert.replace"), new Text("（"),
                        c.box("vp.cert.replace.lost"),
                        c.box("vp.cert.replace.destroyed"),
                        c.box("vp.cert.replace.notobtained"), new Text("）")),
                c.box("vp.cert.exchange"))));
        rows.add(new Row("检验合格标志", List.of(
                new Group(c.box("vp.sticker.apply"), new Text("（"),
                        c.box("vp.sticker.apply.local"),
                        c.box("vp.sticker.apply.elsewhere"),
                        new Text("）")),
                new Group(c.box("vp.sticker.replace"), new Text("（"),
                        c.box("vp.sticker.replace.lost"),
                        c.box("vp.sticker.replace.destroyed"), new Text("）")),
                c.box("vp.sticker.exchange"))));
        return rows;
    }

    /** 申请方式 (driver-licence form only): the kiosk takes applications in person, so 本人申请 is always ticked. */
    public static List<Item> applicationMode(FilledForm d) {
        Ctx c = ctx(d);
        Box self = c.box("dl.mode.self");
        return List.of(new Box(new FormBox(self.box().id(), self.box().group(), self.box().label(), true)),
                c.box("dl.mode.guardian"), c.box("dl.mode.agent"));
    }

    /** Kiosk additions: how the document is collected, and the temporary plate row when the form asks for it. */
    public static List<Item> kioskExtras(FilledForm d) {
        Ctx c = ctx(d);
        List<Item> items = new ArrayList<>();
        items.add(new Group(new Text("取件方式："), c.box("kiosk.delivery.onsite"), c.box("kiosk.delivery.mail")));
        if (d.kind().equals(OfficialForms.VEHICLE_PLATE) && d.rows().contains("kiosk.temp-plate")) {
            items.add(new Group(new Text("临时号牌："), c.box("kiosk.temp-plate.yes"), c.box("kiosk.temp-plate.no")));
        }
        return items;
    }

    /** All boxes including 申请方式 and the kiosk rows, in printed order. */
    public static List<FormBox> allBoxes(FilledForm d) {
        List<FormBox> out = boxes(d);
        if (d.kind().equals(OfficialForms.DRIVER_LICENCE)) {
            collect(applicationMode(d), out);
        }
        collect(kioskExtras(d), out);
        return out;
    }
}
