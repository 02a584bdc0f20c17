package org.opendmv.forms.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.opendmv.forms.api.FormBox;
import org.opendmv.forms.api.FormData;
import org.opendmv.forms.api.FormKind;

/**
 * The pure layout model: the tick-box rows of both forms, every business type the official form lists,
 * with the boxes ticked for the application's business and reason. The PDF renderer draws exactly
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

    private static final Map<String, String> POSTPONE_REASONS = Map.of("military", "服兵役", "abroad", "出国(境)", "other", "其他");
    private static final Map<String, String> REPLACE_REASONS = Map.of("lost", "丢失", "other", "其他");
    private static final Map<String, String> CANCEL_REASONS = Map.of("self", "本人申请", "death", "死亡", "health", "身体条件不适合",
            "incapacity", "丧失民事行为能力", "other", "其他");
    private static final Map<String, String> LOSS_REASONS = Map.of("lost", "丢失", "destroyed", "灭失");
    private static final Map<String, String> STICKER_WHERE = Map.of("local", "在登记地车辆管理所", "elsewhere", "在登记地以外车辆管理所");
    private static final Map<String, String> DELIVERY = Map.of("onsite", "现场领取", "mail", "邮寄");

    private FormModel() {
    }

    /** All tick boxes of the form, in printed order. */
    public static List<FormBox> boxes(FormData d) {
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

    /** The business block rows, then the 申请方式 and kiosk rows. */
    public static List<Row> rows(FormData d) {
        return d.kind() == FormKind.DRIVER_LICENCE ? driverLicence(d) : vehiclePlate(d);
    }

    // ---------------------------------------------------------------- 机动车驾驶证申请表

    static List<Row> driverLicence(FormData d) {
        String code = d.businessCode();
        String reason = d.reason();
        String postponeReason = null;
        String replaceReason = null;
        String cancelReason = null;
        switch (code) {
            case "dl-renewal-postpone", "dl-medical-postpone", "dl-review-postpone" ->
                postponeReason = reason == null ? null : value("reason", reason, POSTPONE_REASONS);
            case "dl-replace-lost" -> replaceReason = reason == null ? "丢失" : value("reason", reason, REPLACE_REASONS);
            case "dl-cancel" -> cancelReason = reason == null ? "本人申请" : value("reason", reason, CANCEL_REASONS);
            default -> {
                // no reason on the form
            }
        }
        Set<String> on = Set.of(switch (code) {
            case "dl-renewal-postpone" -> "dl.business.postpone-renewal";
            case "dl-downgrade" -> "dl.business.downgrade";
            case "dl-medical-postpone" -> "dl.business.postpone-medical";
            case "dl-review-postpone" -> "dl.business.postpone-review";
            case "dl-renewal" -> "dl.business.renewal";
            case "dl-replace-lost" -> "dl.business.replace";
            case "dl-cancel" -> "dl.business.cancel";
            default -> throw new IllegalArgumentException("not a driver-licence business: " + code);
        });
        String g = "申请业务种类";
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("", List.of(
                new Group(box("dl.business.first", g, "初次申领", on), new Text("（"),
                        box("dl.first.school", "初次申领", "驾校培训", on), box("dl.first.experience", "初次申领", "有驾驶经历", on),
                        box("dl.first.self", "初次申领", "自学直考", on), new Text("）")),
                box("dl.business.add-class", g, "增加准驾车型", on),
                new Group(box("dl.business.military", g, "持军警驾驶证申领", on), new Text("（"),
                        box("dl.military.army", "持军警驾驶证申领", "军队", on), box("dl.military.police", "持军警驾驶证申领", "武警", on),
                        new Text("）")),
                new Group(box("dl.business.foreign", g, "持境外驾驶证申领", on), new Text("（"),
                        box("dl.foreign.hk", "持境外驾驶证申领", "香港", on), box("dl.foreign.mo", "持境外驾驶证申领", "澳门", on),
                        box("dl.foreign.tw", "持境外驾驶证申领", "台湾", on), box("dl.foreign.other", "持境外驾驶证申领", "外国", on),
                        new Text("）")),
                new Group(new Text("申请的准驾车型代号"), new Fill(null, 50)))));
        rows.add(new Row("", List.of(
                box("dl.business.damaged", g, "证件损毁换证", on), box("dl.business.transfer", g, "转入换证", on),
                box("dl.business.renewal", g, "有效期满换证", on), box("dl.business.age", g, "达到规定年龄换证", on))));
        rows.add(new Row("", List.of(
                box("dl.business.downgrade", g, "自愿降低准驾车型换证", on),
                box("dl.business.health-downgrade", g, "因身体条件变化降低准驾车型换证", on),
                new Group(new Text("申请的准驾车型代号"),
                        new Fill("dl-downgrade".equals(code) ? d.targetClass() : null, 50)))));
        rows.add(new Row("", List.of(
                new Group(box("dl.business.info-change", g, "信息变化换证", on), new Text("变更事项"), new Fill(null, 60),
                        new Text("变更内容"), new Fill(null, 60)),
                new Group(box("dl.business.info-record", g, "信息备案", on), new Text("从业单位"), new Fill(null, 80)))));
        rows.add(new Row("", List.of(
                new Group(box("dl.business.replace", g, "补证", on), new Text("原因："),
                        reasonBox("dl.reason.replace.lost", "补证原因", "丢失", replaceReason),
                        reasonBox("dl.reason.replace.other", "补证原因", "其他", replaceReason)),
                new Group(box("dl.business.cancel", g, "注销", on), new Text("原因："),
                        reasonBox("dl.reason.cancel.self", "注销原因", "本人申请", cancelReason),
                        reasonBox("dl.reason.cancel.death", "注销原因", "死亡", cancelReason),
                        reasonBox("dl.reason.cancel.health", "注销原因", "身体条件不适合", cancelReason),
                        reasonBox("dl.reason.cancel.incapacity", "注销原因", "丧失民事行为能力", cancelReason),
                        reasonBox("dl.reason.cancel.other", "注销原因", "其他", cancelReason)))));
        rows.add(new Row("", List.of(
                new Group(box("dl.business.cancel-top", g, "注销最高准驾车型", on), new Text("原因：")),
                box("dl.cancel-top.accident", "注销最高准驾车型原因", "发生死亡事故负同等以上责任", on),
                box("dl.cancel-top.review", "注销最高准驾车型原因", "连续三个记分周期不参加审验", on),
                box("dl.cancel-top.points", "注销最高准驾车型原因", "记满12分", on),
                box("dl.cancel-top.probation", "注销最高准驾车型原因", "延长实习期内再记6分以上", on),
                box("dl.business.cancel-probation", g, "注销实习准驾车型", on))));
        rows.add(new Row("", List.of(
                new Group(box("dl.business.restore", g, "恢复驾驶资格", on), new Text("准驾车型代号"), new Fill(null, 40),
                        new Text("原因：")),
                box("dl.restore.expired", "恢复驾驶资格原因", "超过有效期一年以上未换证被注销未满两年", on),
                box("dl.restore.medical", "恢复驾驶资格原因", "未按规定提交身体条件证明被注销未满两年", on))));
        List<Item> postpone = new ArrayList<>(List.of(
                box("dl.business.postpone-renewal", g, "延期换证", on),
                box("dl.business.postpone-review", g, "延期审验", on),
                box("dl.business.postpone-medical", g, "延期提交身体条件证明", on),
                new Group(new Text("原因："),
                        reasonBox("dl.reason.postpone.military", "延期原因", "服兵役", postponeReason),
                        reasonBox("dl.reason.postpone.abroad", "延期原因", "出国(境)", postponeReason),
                        reasonBox("dl.reason.postpone.other", "延期原因", "其他", postponeReason)),
                new Fill("其他".equals(postponeReason) ? d.reasonDetail() : null, 70)));
        rows.add(new Row("", postpone));
        return rows;
    }

    // ---------------------------------------------------------------- 机动车牌证申请表

    static List<Row> vehiclePlate(FormData d) {
        String code = d.businessCode();
        String loss = null;
        String where = null;
        boolean front = false;
        boolean back = false;
        switch (code) {
            case "mv-plate-replace", "mv-licence-replace" -> loss = d.reason() == null ? null : value("reason", d.reason(), LOSS_REASONS);
            case "mv-inspection-sticker" -> where = d.reason() == null ? null : value("reason (where)", d.reason(), STICKER_WHERE);
            default -> {
                // no reason on the form
            }
        }
        if (code.startsWith("mv-plate-") && d.plateSide() != null) {
            switch (d.plateSide()) {
                case "front", "前号牌" -> front = true;
                case "back", "后号牌" -> back = true;
                case "both", "前后号牌" -> {
                    front = true;
                    back = true;
                }
                default -> throw new IllegalArgumentException("unknown plateSide; expected front, back or both");
            }
        }
        String business = switch (code) {
            case "mv-inspection-sticker" -> "vp.sticker.apply";
            case "mv-licence-replace" -> "vp.licence.replace";
            case "mv-licence-exchange" -> "vp.licence.exchange";
            case "mv-plate-replace" -> "vp.plate.replace";
            case "mv-plate-exchange" -> "vp.plate.exchange";
            default -> throw new IllegalArgumentException("not a motor-vehicle business: " + code);
        };
        Set<String> on = Set.of(business);
        boolean plateReplace = business.equals("vp.plate.replace");
        boolean plateExchange = business.equals("vp.plate.exchange");
        boolean licenceReplace = business.equals("vp.licence.replace");
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("号牌", List.of(
                new Group(box("vp.plate.replace", "号牌", "补领", on), new Text("（"),
                        tick("vp.plate.replace.lost", "号牌补领原因", "丢失", plateReplace && "丢失".equals(loss)),
                        tick("vp.plate.replace.destroyed", "号牌补领原因", "灭失", plateReplace && "灭失".equals(loss)),
                        new Text("）（"),
                        tick("vp.plate.replace.front", "号牌补领", "前号牌", plateReplace && front),
                        tick("vp.plate.replace.back", "号牌补领", "后号牌", plateReplace && back), new Text("）")),
                new Group(box("vp.plate.exchange", "号牌", "换领", on), new Text("（"),
                        tick("vp.plate.exchange.front", "号牌换领", "前号牌", plateExchange && front),
                        tick("vp.plate.exchange.back", "号牌换领", "后号牌", plateExchange && back), new Text("）")))));
        rows.add(new Row("行驶证", List.of(
                new Group(box("vp.licence.replace", "行驶证", "补领", on), new Text("（"),
                        tick("vp.licence.replace.lost", "行驶证补领原因", "丢失", licenceReplace && "丢失".equals(loss)),
                        tick("vp.licence.replace.destroyed", "行驶证补领原因", "灭失", licenceReplace && "灭失".equals(loss)),
                        new Text("）")),
                box("vp.licence.exchange", "行驶证", "换领", on))));
        rows.add(new Row("登记证书", List.of(
                box("vp.cert.apply", "登记证书", "申领", on),
                new Group(box("vp.cert.replace", "登记证书", "补领", on), new Text("（"),
                        tick("vp.cert.replace.lost", "登记证书补领原因", "丢失", false),
                        tick("vp.cert.replace.destroyed", "登记证书补领原因", "灭失", false),
                        tick("vp.cert.replace.notobtained", "登记证书补领原因", "未获得", false), new Text("）")),
                box("vp.cert.exchange", "登记证书", "换领", on))));
        rows.add(new Row("检验合格标志", List.of(
                new Group(box("vp.sticker.apply", "检验合格标志", "申请", on), new Text("（"),
                        tick("vp.sticker.apply.local", "检验合格标志申请", "在登记地车辆管理所", "在登记地车辆管理所".equals(where)),
                        tick("vp.sticker.apply.elsewhere", "检验合格标志申请", "在登记地以外车辆管理所",
                                "在登记地以外车辆管理所".equals(where)),
                        new Text("）")),
                new Group(box("vp.sticker.replace", "检验合格标志", "补领", on), new Text("（"),
                        tick("vp.sticker.replace.lost", "检验合格标志补领原因", "丢失", false),
                        tick("vp.sticker.replace.destroyed", "检验合格标志补领原因", "灭失", false), new Text("）")),
                box("vp.sticker.exchange", "检验合格标志", "换领", on))));
        return rows;
    }

    /** 申请方式 (driver-licence form only): the kiosk takes applications in person. */
    public static List<Item> applicationMode() {
        return List.of(tick("dl.mode.self", "申请方式", "本人申请", true), tick("dl.mode.guardian", "申请方式", "监护人申请", false),
                tick("dl.mode.agent", "申请方式", "委托代理申请", false));
    }

    /** Kiosk additions: how the document is collected, and a temporary plate for plate businesses. */
    public static List<Item> kioskExtras(FormData d) {
        String delivery = d.delivery() == null ? null : value("delivery", d.delivery(), DELIVERY);
        List<Item> items = new ArrayList<>();
        items.add(new Group(new Text("取件方式："), tick("kiosk.delivery.onsite", "取件方式", "现场领取", "现场领取".equals(delivery)),
                tick("kiosk.delivery.mail", "取件方式", "邮寄", "邮寄".equals(delivery))));
        if (d.businessCode().startsWith("mv-plate-")) {
            Boolean t = d.tempPlate();
            items.add(new Group(new Text("临时号牌："), tick("kiosk.temp-plate.yes", "临时号牌", "申领", Boolean.TRUE.equals(t)),
                    tick("kiosk.temp-plate.no", "临时号牌", "不申领", Boolean.FALSE.equals(t))));
        }
        return items;
    }

    /** All boxes including 申请方式 and the kiosk rows, in printed order. */
    public static List<FormBox> allBoxes(FormData d) {
        List<FormBox> out = boxes(d);
        if (d.kind() == FormKind.DRIVER_LICENCE) {
            collect(applicationMode(), out);
        }
        collect(kioskExtras(d), out);
        return out;
    }

    private static Box box(String id, String group, String label, Set<String> on) {
        return new Box(id, group, label, on.contains(id));
    }

    private static Box tick(String id, String group, String label, boolean ticked) {
        return new Box(id, group, label, ticked);
    }

    private static Box reasonBox(String id, String group, String label, String chosen) {
        return new Box(id, group, label, label.equals(chosen));
    }

    /** The printed label of a stored option value (or of the label itself). */
    static String value(String field, String v, Map<String, String> labels) {
        String l = labels.get(v);
        if (l != null) {
            return l;
        }
        if (labels.containsValue(v)) {
            return v;
        }
        throw new IllegalArgumentException("unknown " + field + " value; expected one of " + new java.util.TreeSet<>(labels.keySet()));
    }
}
