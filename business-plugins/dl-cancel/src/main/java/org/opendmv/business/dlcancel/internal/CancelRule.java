package org.opendmv.business.dlcancel.internal;

import java.util.Map;
import java.util.List;

import org.opendmv.business.api.Facts;
import org.opendmv.business.api.LocalizedText;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.business.rules.DriverRule;
import org.opendmv.business.rules.Refusals;
import org.opendmv.business.rules.RuleParams;
import org.opendmv.business.rules.StatusCodes;
import org.opendmv.records.api.DriverRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * 自愿注销 (162号令 art.77(2)): not while the licence is 暂扣/扣押/扣留 or already revoked or
 * cancelled; by local practice (switchable, {@code rule.unprocessedBlocks}) not with unprocessed
 * violations or accidents, which must not vanish with the licence. At FORM both confirmations
 * (FLOWS §9) must be given, whatever the descriptor's field settings say.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + CancelRule.ID)
public final class CancelRule extends DriverRule {
    static final String ID = "dl-cancel.eligibility";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.dl-cancel.eligibility.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "dl-cancel.eligibility 规则参数 / rule parameters")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的状态 / Blocking status letters", description = "状态代码（大写字母）含其一即不予办理。 Status letters (upper case), any of which refuses the business.")
        String rule_blockedStatus();

        @AttributeDefinition(name = "未处理记录是否阻止 / Unprocessed records block", description = "true：有未处理的违法或事故记录时不予办理。 true: unprocessed violations or accidents refuse the business.", type = AttributeType.BOOLEAN)
        boolean rule_unprocessedBlocks();

        @AttributeDefinition(name = "有未处理记录时禁止的状态 / Status letters blocking with unprocessed records", description = "状态代码（大写字母）。 Status letters (upper case).")
        String rule_blockOnUnprocessed();
    }

    static final List<String> CONFIRMATIONS = List.of("confirmCancel", "confirmAgain");
    static final String YES = "yes";

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, DriverRecord d, RuleParams p) {
        RuleResult blocked = blockedStatus(d, p.letters("rule.blockedStatus"));
        if (!blocked.isEligible()) {
            return blocked;
        }
        if (requiredFlag(p, "rule.unprocessedBlocks")) {
            String hit = d.statusAmong(p.letters("rule.blockOnUnprocessed"));
            if (!hit.isEmpty()) {
                LocalizedText n = StatusCodes.driver(hit);
                return Refusals.refuse("UNPROCESSED",
                        "您的驾驶证有未处理的记录（" + n.zh() + "），暂不能注销。",
                        "Your licence has unprocessed records (" + n.en() + "), so it cannot be cancelled yet.",
                        "请先处理交通违法和事故（可通过交管12123或到违法处理窗口），处理完毕后再来办理。",
                        "Please settle your traffic violations and accidents first (in the 12123 app or at a counter), then come back.");
            }
        }
        if (answering(ctx)) {
            for (String field : CONFIRMATIONS) {
                if (!YES.equals(ctx.fact(Facts.FORM_PREFIX + field, String.class).map(String::strip).orElse(null))) {
                    return RuleResult.invalidField(field, "CONFIRMATION_REQUIRED", LocalizedText.of(
                            "注销驾驶证须两次确认，请勾选此项。",
                            "Cancelling a licence needs both confirmations; please tick this one."));
                }
            }
        }
        return RuleResult.eligible();
    }

    /** At FORM the answers arrive as {@code form.*} facts; at CHECK there are none yet. */
    private static boolean answering(RuleContext ctx) {
        return ctx.facts().keySet().stream().anyMatch(k -> k.startsWith(Facts.FORM_PREFIX));
    }

    // RuleParams.flag has a fallback; a local-practice switch must be stated, not defaulted
    private static boolean requiredFlag(RuleParams p, String key) {
        p.text(key);
        return p.flag(key, false);
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus", "rule.blockOnUnprocessed");
    }
}
