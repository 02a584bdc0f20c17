package org.opendmv.business.mvinspectionsticker.internal;

import java.util.Map;
import java.util.List;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.Dates;
import org.opendmv.business.rules.Refusals;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.rules.VehicleRule;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * 免检车辆申领检验合格标志 (164号令 art.54 and the 2022 inspection reform): a normal-status,
 * non-operating small or mini passenger car (not a van, limited seats) in an exempt cycle year,
 * inside the window before its inspection expires, with violations and accidents settled, no
 * casualty accident or illegal-modification penalty, valid compulsory insurance and vehicle tax
 * paid. The order of the checks decides which reason the citizen reads first. Every limit is a
 * descriptor property ({@code rule.*}).
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + StickerRule.ID)
public final class StickerRule extends VehicleRule {
    static final String ID = "mv-inspection-sticker.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.mv-inspection-sticker.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "mv-inspection-sticker.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "允许办理的状态 / Allowed status letters", description = "只有这些状态代码可以办理。 Only these status letters may use the business.")
        String rule_allowedStatus();

        @AttributeDefinition(name = "使用性质 / Use codes", description = "以空格或逗号分隔，如 A。 Separated by spaces or commas, e.g. A.")
        String rule_useCodes();

        @AttributeDefinition(name = "车辆类型前缀 / Vehicle type prefixes", description = "如 K3 K4。 e.g. K3 K4.")
        String rule_vehicleTypePrefixes();

        @AttributeDefinition(name = "排除的车辆类型 / Excluded vehicle types", description = "如 K39 K49。 e.g. K39 K49.")
        String rule_excludedVehicleTypes();

        @AttributeDefinition(name = "最多座位数 / Seats at most", description = "核定载客不超过此数。 Seats at most.", type = AttributeType.INTEGER, min = "1", max = "99")
        int rule_maxSeats();

        @AttributeDefinition(name = "发检验标志的车龄 / Vehicle ages with a sticker", description = "以空格分隔的整数年，如 2 4 8。 Whole years separated by spaces, e.g. 2 4 8.")
        String rule_stickerYears();

        @AttributeDefinition(name = "车龄上限 / Vehicle age limit", description = "车龄（年）不超过此数。 Vehicle age in years at most.", type = AttributeType.INTEGER, min = "1", max = "50")
        int rule_maxYears();

        @AttributeDefinition(name = "提前办理月数 / Months before the due date", description = "检验有效期满前多少个月起可以办理。 How many months before the due date the business opens.", type = AttributeType.INTEGER, min = "0", max = "12")
        int rule_windowMonths();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, VehicleRecord v, RuleParams p) {
        String plate = v.plate();
        String allowed = p.letters("rule.allowedStatus");
        if (v.status().isEmpty()) {
            // no status at all is not "normal": the record needs checking by staff
            return Refusals.refuse("VEHICLE_STATUS_UNKNOWN", "未查询到车辆" + plate + "的状态信息。",
                    "The status of vehicle " + plate + " could not be found.",
                    "请到人工窗口核实车辆信息。", "Please have the vehicle record checked at a service counter.");
        }
        String notAllowed = v.status().chars().filter(c -> allowed.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (!notAllowed.isEmpty()) {
            return Refusals.vehicleStatus(plate, notAllowed);
        }
        if (v.useCode() == null || !p.codes("rule.useCodes").contains(v.useCode())) {
            return Refusals.refuse("NOT_NON_OPERATING", "车辆" + plate + "不是非营运车辆，不适用免检申领检验合格标志。",
                    "Vehicle " + plate + " is not registered for non-operating use, so it is not exempt from inspection.",
                    "请到机动车安全技术检验机构上线检验，检验合格后领取检验合格标志。",
                    "Please have it inspected at a vehicle inspection station; you receive the sticker once it passes.");
        }
        String type = v.vehicleType() == null ? "" : v.vehicleType();
        if (p.codes("rule.excludedVehicleTypes").contains(type)) {
            return Refusals.refuse("VAN_EXCLUDED", "车辆" + plate + "为面包车，不适用免检申领检验合格标志。",
                    "Vehicle " + plate + " is a van, and vans are not exempt from inspection.",
                    "请到机动车安全技术检验机构上线检验，检验合格后领取检验合格标志。",
                    "Please have it inspected at a vehicle inspection station; you receive the sticker once it passes.");
        }
        if (p.codes("rule.vehicleTypePrefixes").stream().noneMatch(type::startsWith)) {
            return Refusals.refuse("NOT_SMALL_PASSENGER", "车辆" + plate + "不是小型或微型载客汽车，不适用免检申领检验合格标志。",
                    "Vehicle " + plate + " is not a small or mini passenger car, so it is not exempt from inspection.",
                    "请到机动车安全技术检验机构上线检验，检验合格后领取检验合格标志。",
                    "Please have it inspected at a vehicle inspection station; you receive the sticker once it passes.");
        }
        int maxSeats = p.integer("rule.maxSeats");
        if (v.seats() > maxSeats) {
            return Refusals.refuse("TOO_MANY_SEATS", "车辆" + plate + "核定载客" + v.seats() + "人，超过" + maxSeats + "人，不适用免检。",
                    "Vehicle " + plate + " seats " + v.seats() + ", more than " + maxSeats + ", so it is not exempt from inspection.",
                    "请到机动车安全技术检验机构上线检验，检验合格后领取检验合格标志。",
                    "Please have it inspected at a vehicle inspection station; you receive the sticker once it passes.");
        }
        if (v.registered() == null || v.inspectionDue() == null) {
            return Refusals.refuse("INSPECTION_RECORD_MISSING", "未查询到车辆" + plate + "的注册登记日期或检验有效期。",
                    "The registration date or inspection expiry of vehicle " + plate + " could not be found.",
                    "请到人工窗口核实车辆信息。", "Please have the vehicle record checked at a service counter.");
        }
        // the cycle year is the one the current inspection period ends in
        int years = Dates.roundedYears(v.registered(), v.inspectionDue());
        int maxYears = p.integer("rule.maxYears");
        Set<Integer> stickerYears = p.integers("rule.stickerYears");
        if (years > maxYears) {
            return Refusals.refuse("TOO_OLD", "车辆" + plate + "注册登记已超过" + maxYears + "年，须按期上线检验，不能免检。",
                    "Vehicle " + plate + " was registered more than " + maxYears + " years ago, so it must be inspected at a station.",
                    "请预约到机动车安全技术检验机构上线检验（可通过交管12123预约）。",
                    "Please book an inspection at a vehicle inspection station (for example through the 12123 app).");
        }
        if (!stickerYears.contains(years)) {
            String list = stickerYears.stream().map(String::valueOf).collect(Collectors.joining("、"));
            return Refusals.refuse("NEEDS_ON_SITE_INSPECTION",
                    "车辆" + plate + "本次为注册登记第" + years + "年的检验，须上线检验；只有第" + list + "年可免检申领标志。",
                    "Vehicle " + plate + " is due for its year-" + years + " inspection, which must be done at a station; only years "
                            + stickerYears.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " are exempt.",
                    "请预约到机动车安全技术检验机构上线检验（可通过交管12123预约），检验合格后领取检验合格标志。",
                    "Please book an inspection at a vehicle inspection station (for example through the 12123 app); you receive the sticker once it passes.");
        }
        LocalDate today = ctx.today();
        LocalDate due = v.inspectionDue();
        LocalDate opens = due.minusMonths(p.integer("rule.windowMonths"));
        if (today.isBefore(opens)) {
            return Refusals.refuse("TOO_EARLY",
                    "车辆" + plate + "的检验有效期至" + Dates.zh(due) + "，可在" + Dates.zh(opens) + "起申领检验合格标志。",
                    "The inspection of vehicle " + plate + " is valid until " + Dates.en(due) + "; you can apply from " + Dates.en(opens) + ".",
                    "请在可办理日期后再来。", "Please come back from that date.");
        }
        if (today.isAfter(due)) {
            return Refusals.refuse("OVERDUE", "车辆" + plate + "的检验有效期已于" + Dates.zh(due) + "届满，不能在自助机申领检验合格标志。",
                    "The inspection of vehicle " + plate + " expired on " + Dates.en(due) + ", so the sticker cannot be issued at the kiosk.",
                    "请到人工窗口办理，工作人员将告知是否需要先上线检验或接受处理。",
                    "Please go to a service counter; staff will tell you whether an inspection or a penalty must come first.");
        }
        if (v.unprocessedViolations() > 0) {
            return Refusals.refuse("UNPROCESSED_VIOLATIONS", "车辆" + plate + "有" + v.unprocessedViolations() + "起交通违法尚未处理。",
                    "Vehicle " + plate + " has " + v.unprocessedViolations() + " traffic violation(s) not yet dealt with.",
                    "请先通过交管12123或到违法处理窗口处理完毕，再来申领。",
                    "Please settle them first (12123 app or a violations counter), then apply again.");
        }
        if (v.unprocessedAccidents() > 0) {
            return Refusals.refuse("UNPROCESSED_ACCIDENTS", "车辆" + plate + "有" + v.unprocessedAccidents() + "起交通事故尚未处理完毕。",
                    "Vehicle " + plate + " has " + v.unprocessedAccidents() + " traffic accident(s) not yet closed.",
                    "请先到事故处理部门处理完毕，再来申领。", "Please have the accident closed by the accident office first, then apply again.");
        }
        if (v.casualtyAccident()) {
            return Refusals.refuse("CASUALTY_ACCIDENT", "车辆" + plate + "发生过造成人员伤亡的交通事故，不能免检。",
                    "Vehicle " + plate + " was in an accident that caused injury or death, so it is not exempt from inspection.",
                    "请到机动车安全技术检验机构上线检验，检验合格后领取检验合格标志。",
                    "Please have it inspected at a vehicle inspection station; you receive the sticker once it passes.");
        }
        if (v.illegalModification()) {
            return Refusals.refuse("ILLEGAL_MODIFICATION", "车辆" + plate + "因非法改装受过处罚，不能免检。",
                    "Vehicle " + plate + " was penalised for illegal modification, so it is not exempt from inspection.",
                    "请到机动车安全技术检验机构上线检验，检验合格后领取检验合格标志。",
                    "Please have it inspected at a vehicle inspection station; you receive the sticker once it passes.");
        }
        if (v.insuranceValidUntil() == null || v.insuranceValidUntil().isBefore(today)) {
            return Refusals.refuse("INSURANCE_INVALID", "未查询到车辆" + plate + "有效的交强险。",
                    "No valid compulsory traffic insurance was found for vehicle " + plate + ".",
                    "请先投保或续保交强险，保险公司上传保单信息后再来申领。",
                    "Please take out or renew the compulsory insurance; once the insurer has uploaded it, apply again.");
        }
        if (v.taxPaidUntil() == null || v.taxPaidUntil().isBefore(today)) {
            return Refusals.refuse("TAX_UNPAID", "未查询到车辆" + plate + "的车船税完税或免税信息。",
                    "No vehicle tax payment or exemption was found for vehicle " + plate + ".",
                    "请先缴纳车船税（通常随交强险一并缴纳）或办理免税，再来申领。",
                    "Please pay the vehicle tax (usually together with the compulsory insurance) or obtain the exemption, then apply again.");
        }
        return RuleResult.eligible();
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.allowedStatus");
    }
}
