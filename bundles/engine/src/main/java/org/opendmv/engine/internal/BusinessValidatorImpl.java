package org.opendmv.engine.internal;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.business.api.spi.StepType;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.engine.api.BusinessValidator;
import org.opendmv.engine.api.ValidationReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The registry's parser and deploy checks applied to a jar that is not installed. */
@Component(service = BusinessValidator.class)
public final class BusinessValidatorImpl implements BusinessValidator {
    private final Registry registry;
    private final Map<String, Integer> rules = new ConcurrentHashMap<>();
    private final Map<String, Integer> stepTypes = new ConcurrentHashMap<>();

    @Activate
    public BusinessValidatorImpl(@Reference BusinessRegistry registry) {
        // the engine's own registry (BusinessExtender): the same parser and DeployCheck list as a deploy
        this.registry = (Registry) registry;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(EligibilityRule rule) {
        rules.merge(rule.id(), 1, Integer::sum);
    }

    void removeRule(EligibilityRule rule) {
        rules.computeIfPresent(rule.id(), (k, n) -> n <= 1 ? null : n - 1);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStepType(StepType type) {
        stepTypes.merge(type.id(), 1, Integer::sum);
    }

    void removeStepType(StepType type) {
        stepTypes.computeIfPresent(type.id(), (k, n) -> n <= 1 ? null : n - 1);
    }

    @Override
    public ValidationReport validate(String location, InputStream jar) {
        return BusinessJarCheck.check(location, jar, registry, new BusinessJarCheck.Installed() {
            @Override
            public boolean rule(String id) {
                return rules.containsKey(id);
            }

            @Override
            public boolean stepType(String id) {
                return stepTypes.containsKey(id);
            }

            @Override
            public Optional<BusinessSource> source(String code) {
                return registry.source(code);
            }
        });
    }
}
