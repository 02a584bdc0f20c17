package org.opendmv.forms.api;

import static org.opendmv.forms.api.BoxDef.business;
import static org.opendmv.forms.api.BoxDef.option;
import static org.opendmv.forms.api.BoxDef.reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The published layouts of the two official forms (FLOWS.md §3): the box and field ids a business
 * descriptor may name, and on 机动车驾驶证申请表 the 业务类型/原因 codes of FLOWS.md §1.0.
 */
public final class OfficialForms {
    /** 机动车驾驶证申请表. */
    public static final String DRIVER_LICENCE = "driver-licence";
    /** 机动车牌证申请表. */
    public static final String VEHICLE_PLATE = "vehicle-plate";

    private static final Map<String, FormLayout> LAYOUTS = Map.of(DRIVER_LICENCE, driverLicence(),
            VEHICLE_PLATE, vehiclePlate());

    private OfficialForms() {
    }

    /** The layout of an official form, empty for any other id. */
    public static Optional<FormLayout> layout(String id) {
        return Optional.ofNullable(id == null ? null : LAYOUTS.get(id));
    }

    /** The official form ids. */
    public static Set<String> ids() {
        return Set.of(DRIVER_LICENCE, VEHICLE_PLATE);
    }

    private static List<FieldDef> applicant() {
        List<FieldDef> f = new ArrayList<>();
        f.add(new FieldDef("applicant.name", "姓名", 40, "idcard.name"));
        f.add(new FieldDef("applicant.idNumber", "身份证明号码", 18, "idcard.idNumber"));
        f.add(new FieldDef("applicant.address", "邮寄地址", 120, "form.address|idcard.address"));
        f.add(new FieldDef("applicant.mobile", "移动电话", 60, "form.mobile"));
        f.add(new FieldDef("applicant.landline", "固定电话", 60, "form.landline"));
        f.add(new FieldDef("applicant.postcode", "邮政编码", 60, "form.postcode"));
        f.add(new FieldDef("applicant.email", "电子信箱", 64, "form.email"));
        return f;
    }

    private static List<BoxDef> delivery() {
        return List.of(option("kiosk.delivery.onsite", "取件方式", "现场领取", null),
                option("kiosk.delivery.mail", "取件方式", "邮寄", null));
    }

    private static FormLayout driverLicence() {
        String g = "申请业务种类";
        List<BoxDef> b = new ArrayList<>();
        b.add(business("dl.business.first", g, "初次申领"));
        b.add(reason("dl.first.school", "初次申领", "驾校培训", "dl.business.first"));
        b.add(reason("dl.first.experience", "初次申领", "有驾驶经历", "dl.business.first"));
        b.add(reason("dl.first.self", "初次申领", "自学直考", "dl.business.first"));
        b.add(business("dl.business.add-class", g, "增加准驾车型"));
        b.add(business("dl.business.military", g, "持军警驾驶证申领"));
        b.add(reason("dl.military.army", "持军警驾驶证申领", "军队", "dl.business.military"));
        b.add(reason("dl.military.police", "持军警驾驶证申领", "武警", "dl.business.military"));
        b.add(business("dl.business.foreign", g, "持境外驾驶证申领"));
        b.add(reason("dl.foreign.hk", "持境外驾驶证申领", "香港", "dl.business.foreign"));
        b.add(reason("dl.foreign.mo", "持境外驾驶证申领", "澳门", "dl.business.foreign"));
        b.add(reason("dl.foreign.tw", "持境外驾驶证申领", "台湾", "dl.business.foreign"));
        b.add(reason("dl.foreign.other", "持境外驾驶证申领", "外国", "dl.business.foreign"));
        b.add(business("dl.business.damaged", g, "证件损毁换证"));
        b.add(business("dl.business.transfer", g, "转入换证"));
        b.add(business("dl.business.renewal", g, "有效期满换证"));
        b.add(business("dl.business.age", g, "达到规定年龄换证"));
        b.add(business("dl.business.downgrade", g, "自愿降低准驾车型换证"));
        b.add(business("dl.business.health-downgrade", g, "因身体条件变化降低准驾车型换证"));
        b.add(business("dl.business.info-change", g, "信息变化换证"));
        b.add(business("dl.business.info-record", g, "信息备案"));
        b.add(business("dl.business.replace", g, "补证"));
        b.add(reason("dl.reason.replace.lost", "补证原因", "丢失", "dl.business.replace"));
        b.add(reason("dl.reason.replace.other", "补证原因", "其他", "dl.business.replace"));
        b.add(business("dl.business.cancel", g, "注销"));
        String[][] cancel = {{"self", "本人申请"}, {"death", "死亡"}, {"health", "身体条件不适合"}, {"incapacity", "丧失民事行为能力"},
            {"other", "其他"}};
        for (String[] c : cancel) {
            b.add(reason("dl.reason.cancel." + c[0], "注销原因", c[1], "dl.business.cancel"));
        }
        b.add(business("dl.business.cancel-top", g, "注销最高准驾车型"));
        String[][] top = {{"accident", "发生死亡事故负同等以上责任"}, {"review", "连续三个记分周期不参加审验"}, {"points", "记满12分"},
            {"probation", "延长实习期内再记6分以上"}};
        for (String[] c : top) {
            b.add(reason("dl.cancel-top." + c[0], "注销最高准驾车型原因", c[1], "dl.business.cancel-top"));
        }
        b.add(business("dl.business.cancel-probation", g, "注销实习准驾车型"));
        b.add(business("dl.business.restore", g, "恢复驾驶资格"));
        b.add(reason("dl.restore.expired", "恢复驾驶资格原因", "超过有效期一年以上未换证被注销未满两年", "dl.business.restore"));
        b.add(reason("dl.restore.medical", "恢复驾驶资格原因", "未按规定提交身体条件证明被注销未满两年", "dl.business.restore"));
        b.add(business("dl.business.postpone-renewal", g, "延期换证"));
        b.add(business("dl.business.postpone-review", g, "延期审验"));
        b.add(business("dl.business.postpone-medical", g, "延期提交身体条件证明"));
        String[] postpone = {"dl.business.postpone-renewal", "dl.business.postpone-review", "dl.business.postpone-medical"};
        b.add(reason("dl.reason.postpone.military", "延期原因", "服兵役", postpone));
        b.add(reason("dl.reason.postpone.abroad", "延期原因", "出国(境)", postpone));
        b.add(reason("dl.reason.postpone.other", "延期原因", "其他", postpone));
        b.add(option("dl.mode.self", "申请方式", "本人申请", null));
        b.add(option("dl.mode.guardian", "申请方式", "监护人申请", null));
        b.add(option("dl.mode.agent", "申请方式", "委托代理申请", null));
        b.addAll(delivery());

        List<FieldDef> f = applicant();
        f.add(new FieldDef("applicant.sex", "性别", 60, "idcard.sex"));
        f.add(new FieldDef("applicant.birthDate", "出生日期", 60, "idcard.birthDate"));
        f.add(new FieldDef("applicant.nationality", "国籍", 60, null));
        f.add(new FieldDef("driver.archiveNo", "档案编号", 60, "driver.archiveNo"));
        f.add(new FieldDef("driver.classes", "准驾车型", 60, "driver.classes"));
        f.add(new FieldDef("dl.first.targetClass", "申请的准驾车型代号（初次申领、增加准驾车型）", 60, null));
        f.add(new FieldDef("dl.downgrade.targetClass", "申请的准驾车型代号（降低准驾车型）", 60, null));
        f.add(new FieldDef("dl.info-change.item", "变更事项", 60, null));
        f.add(new FieldDef("dl.info-change.content", "变更内容", 60, null));
        f.add(new FieldDef("dl.info-record.employer", "从业单位", 60, null));
        f.add(new FieldDef("dl.restore.class", "恢复驾驶资格准驾车型代号", 60, null));
        f.add(new FieldDef("dl.postpone.reasonDetail", "延期原因（其他）", 60, null));

        Map<String, List<String>> codes = new LinkedHashMap<>();
        codes.put("CA", List.of("dl.business.renewal"));
        codes.put("CB", List.of("dl.business.transfer"));
        codes.put("CC", List.of("dl.business.age"));
        codes.put("CD", List.of("dl.business.downgrade"));
        codes.put("CE", List.of("dl.business.info-change"));
        codes.put("CG", List.of("dl.business.damaged"));
        codes.put("CJ", List.of("dl.business.health-downgrade"));
        codes.put("CK", List.of("dl.business.cancel-top"));
        codes.put("CL", List.of("dl.business.cancel-probation"));
        codes.put("CF", List.of("dl.business.replace", "dl.reason.replace.lost"));
        codes.put("CZ", List.of("dl.business.replace", "dl.reason.replace.other"));
        codes.put("GA", List.of("dl.business.cancel", "dl.reason.cancel.self"));
        codes.put("GD", List.of("dl.business.cancel", "dl.reason.cancel.death"));
        codes.put("GC", List.of("dl.business.cancel", "dl.reason.cancel.health"));
        codes.put("GO", List.of("dl.business.cancel", "dl.reason.cancel.incapacity"));
        codes.put("GI", List.of("dl.business.cancel", "dl.reason.cancel.other"));
        codes.put("SA", List.of("dl.business.postpone-renewal"));
        codes.put("SE", List.of("dl.business.postpone-review"));
        codes.put("SC", List.of("dl.business.postpone-medical"));
        codes.put("UA", List.of("dl.business.restore", "dl.restore.expired"));
        codes.put("UB", List.of("dl.business.restore", "dl.restore.medical"));
        return new FormLayout(DRIVER_LICENCE, "机动车驾驶证申请表", true, b, f, codes);
    }

    private static FormLayout vehiclePlate() {
        List<BoxDef> b = new ArrayList<>();
        b.add(business("vp.plate.replace", "号牌", "补领"));
        b.add(reason("vp.plate.replace.lost", "号牌补领原因", "丢失", "vp.plate.replace"));
        b.add(reason("vp.plate.replace.destroyed", "号牌补领原因", "灭失", "vp.plate.replace"));
        b.add(reason("vp.plate.replace.front", "号牌补领", "前号牌", "vp.plate.replace"));
        b.add(reason("vp.plate.replace.back", "号牌补领", "后号牌", "vp.plate.replace"));
        b.add(business("vp.plate.exchange", "号牌", "换领"));
        b.add(reason("vp.plate.exchange.front", "号牌换领", "前号牌", "vp.plate.exchange"));
        b.add(reason("vp.plate.exchange.back", "号牌换领", "后号牌", "vp.plate.exchange"));
        b.add(business("vp.licence.replace", "行驶证", "补领"));
        b.add(reason("vp.licence.replace.lost", "行驶证补领原因", "丢失", "vp.licence.replace"));
        b.add(reason("vp.licence.replace.destroyed", "行驶证补领原因", "灭失", "vp.licence.replace"));
        b.add(business("vp.licence.exchange", "行驶证", "换领"));
        b.add(business("vp.cert.apply", "登记证书", "申领"));
        b.add(business("vp.cert.replace", "登记证书", "补领"));
        b.add(reason("vp.cert.replace.lost", "登记证书补领原因", "丢失", "vp.cert.replace"));
        b.add(reason("vp.cert.replace.destroyed", "登记证书补领原因", "灭失", "vp.cert.replace"));
        b.add(reason("vp.cert.replace.notobtained", "登记证书补领原因", "未获得", "vp.cert.replace"));
        b.add(business("vp.cert.exchange", "登记证书", "换领"));
        b.add(business("vp.sticker.apply", "检验合格标志", "申请"));
        b.add(reason("vp.sticker.apply.local", "检验合格标志申请", "在登记地车辆管理所", "vp.sticker.apply"));
        b.add(reason("vp.sticker.apply.elsewhere", "检验合格标志申请", "在登记地以外车辆管理所", "vp.sticker.apply"));
        b.add(business("vp.sticker.replace", "检验合格标志", "补领"));
        b.add(reason("vp.sticker.replace.lost", "检验合格标志补领原因", "丢失", "vp.sticker.replace"));
        b.add(reason("vp.sticker.replace.destroyed", "检验合格标志补领原因", "灭失", "vp.sticker.replace"));
        b.add(business("vp.sticker.exchange", "检验合格标志", "换领"));
        b.addAll(delivery());
        b.add(option("kiosk.temp-plate.yes", "临时号牌", "申领", "kiosk.temp-plate"));
        b.add(option("kiosk.temp-plate.no", "临时号牌", "不申领", "kiosk.temp-plate"));

        List<FieldDef> f = applicant();
        f.add(new FieldDef("vehicle.plateType", "号牌种类", 60, "vehicle.plateType"));
        f.add(new FieldDef("vehicle.plateNumber", "号牌号码", 60, "form.plateNumber|vehicle.plate"));
        f.add(new FieldDef("vehicle.vinLast4", "车辆识别代号后4位", 60, "vehicle.vinLast4"));
        f.add(new FieldDef("agent.name", "代理人姓名/名称", 40, null));
        f.add(new FieldDef("agent.mobile", "代理人手机号码", 60, null));
        return new FormLayout(VEHICLE_PLATE, "机动车牌证申请表", false, b, f, Map.of());
    }
}
