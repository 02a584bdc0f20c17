package org.opendmv.engine.internal;

import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;

/**
 * The fee of a visit. Usually the descriptor's {@code feeFen}; a business whose fee depends on
 * answers (one plate or a pair, a temporary plate) declares properties
 * {@code fee.by.<field>.<value> = fen}, and the fee is the sum of those matching the form.
 */
final class Fees {
    static final String KEY = "fee.fen";
    private static final String BY = "fee.by.";

    private Fees() {
    }

    static boolean variable(BusinessDescriptor b) {
        return b.properties().keySet().stream().anyMatch(k -> k.startsWith(BY));
    }

    /** Fee from the form answers, or null if the business has a fixed fee. */
    static Long fromForm(BusinessDescriptor b, Map<String, Object> data) {
        if (!variable(b)) {
            return null;
        }
        long sum = 0;
        for (Map.Entry<String, String> e : b.properties().entrySet()) {
            if (!e.getKey().startsWith(BY)) {
                continue;
            }
            String rest = e.getKey().substring(BY.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                continue;
            }
            Object answer = data.get(Facts.FORM_PREFIX + rest.substring(0, dot));
            if (answer != null && String.valueOf(answer).equals(rest.substring(dot + 1))) {
                sum += Long.parseLong(e.getValue().strip());
            }
        }
        return sum;
    }

    /** What this visit costs, in fen. */
    static long of(BusinessDescriptor b, Map<String, Object> data) {
        Object v = data.get(KEY);
        return v instanceof Number ? ((Number) v).longValue() : b.feeFen();
    }
}
