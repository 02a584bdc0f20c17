package org.opendmv.business.rules;

import java.util.List;
import java.util.Map;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.RuleContext;
import org.opendmv.business.api.spi.RuleResult;
import org.opendmv.records.api.VehicleRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The owner of a vehicle whose status does not block it ({@code rule.blockedStatus}). Shared by
 * every business that only needs that much (补领/换领 号牌 and 行驶证: 164号令 art.51-52): those
 * businesses are a descriptor and nothing else, and list {@value #ID} in their {@code rules}.
 */
@Component(service = EligibilityRule.class, property = EligibilityRule.RULE_ID + "=" + OwnedVehicleRule.ID)
public final class OwnedVehicleRule extends VehicleRule {
    public static final String ID = "vehicle.owned-status";

    /** The parameters this rule reads; bnd writes them to {@code OSGI-INF/metatype/org.opendmv.rule.vehicle.owned-status.xml}. */
    @ObjectClassDefinition(id = "org.opendmv.rule." + ID, name = "车辆状态规则 / Owned vehicle status rule",
            description = "机动车所有人本人办理；车辆状态含下列字母之一时不予办理。 The registered owner applies; a vehicle whose status has one of these letters is refused.")
    @interface Parameters {
        @AttributeDefinition(name = "禁止办理的车辆状态 / Blocking status letters",
                description = "车辆状态代码（大写字母），如 CEKLMNOP。 Vehicle status letters (upper case) that block the business, e.g. CEKLMNOP.")
        String rule_blockedStatus();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected RuleResult evaluate(RuleContext ctx, VehicleRecord v, RuleParams p) {
        return blockedStatus(v, p.letters("rule.blockedStatus"));
    }

    @Override
    public List<String> checkParameters(Map<String, String> effective) {
        return RuleParams.checkLetters(effective, "rule.blockedStatus");
    }
}
