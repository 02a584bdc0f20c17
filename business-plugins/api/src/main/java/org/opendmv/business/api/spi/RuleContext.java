package org.opendmv.business.api.spi;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opendmv.business.api.BusinessDescriptor;

/**
 * What a rule may look at: the business, facts about the applicant (ID card, records, form
 * values, keyed like {@code idcard.birthDate}, {@code records.driver.status}) and today's date.
 */
public final class RuleContext {
    private final BusinessDescriptor business;
    private final Map<String, Object> facts;
    private final LocalDate today;

    public RuleContext(BusinessDescriptor business, Map<String, Object> facts, LocalDate today) {
        this.business = Objects.requireNonNull(business);
        this.facts = Map.copyOf(facts);
        this.today = Objects.requireNonNull(today);
    }

    public BusinessDescriptor business() {
        return business;
    }

    public Map<String, Object> facts() {
        return facts;
    }

    public <T> Optional<T> fact(String key, Class<T> type) {
        Object v = facts.get(key);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    public LocalDate today() {
        return today;
    }
}
