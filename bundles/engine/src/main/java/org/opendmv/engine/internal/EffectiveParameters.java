package org.opendmv.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.descriptor.MetatypeXml.Ad;
import org.opendmv.business.descriptor.ParameterChecks;
import org.opendmv.business.descriptor.ParameterChecks.Configured;
import org.opendmv.business.descriptor.ParameterChecks.RuleDecl;
import org.opendmv.engine.api.EffectiveParameter;

/** What {@code kiosk:businesses <code>} shows: each rule parameter's value in effect and where it comes from. */
final class EffectiveParameters {
    private EffectiveParameters() {
    }

    /**
     * Every rule parameter of {@code d} (declared by its rules, set by its descriptor or configured)
     * with its value in effect and where it comes from; {@code refused} maps a key to the refused
     * configured value and the reason.
     */
    static List<EffectiveParameter> of(BusinessDescriptor d, String descriptorWhere, Map<String, RuleDecl> rules,
            Map<String, Configured> configured, Map<String, String[]> refused) {
        TreeMap<String, String> ruleDefaults = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>();
        for (String id : d.rules()) {
            RuleDecl decl = rules.get(id);
            if (decl != null && decl.ocd() != null) {
                for (Ad ad : decl.ocd().attributes()) {
                    keys.add(ad.id());
                    if (ad.defaultValue() != null) {
                        ruleDefaults.putIfAbsent(ad.id(), ad.defaultValue());
                    }
                }
            }
        }
        d.properties().keySet().stream().filter(k -> k.startsWith(ParameterChecks.RULE_PREFIX)).forEach(keys::add);
        keys.addAll(configured.keySet());
        keys.addAll(refused.keySet());
        List<EffectiveParameter> out = new ArrayList<>();
        for (String key : keys) {
            String[] ref = refused.get(key);
            String refusedValue = ref == null ? null : ref[0];
            String refusal = ref == null ? null : ref[1];
            Configured c = configured.get(key);
            String dv = d.properties().get(key);
            if (c != null) {
                out.add(new EffectiveParameter(key, c.value(), EffectiveParameter.Source.CONFIG, c.where(), refusedValue, refusal));
            } else if (dv != null && !dv.isBlank()) {
                out.add(new EffectiveParameter(key, dv, EffectiveParameter.Source.DESCRIPTOR, descriptorWhere, refusedValue, refusal));
            } else if (ruleDefaults.containsKey(key)) {
                out.add(new EffectiveParameter(key, ruleDefaults.get(key), EffectiveParameter.Source.RULE_DEFAULT, null, refusedValue, refusal));
            } else {
                out.add(new EffectiveParameter(key, null, EffectiveParameter.Source.NONE, null, refusedValue, refusal));
            }
        }
        return out;
    }
}
