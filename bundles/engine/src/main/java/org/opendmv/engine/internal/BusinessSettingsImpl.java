package org.opendmv.engine.internal;

import org.opendmv.business.descriptor.MetatypeXml;
import org.opendmv.business.descriptor.ParameterChecks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.spi.EligibilityRule;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSettings;
import org.opendmv.engine.api.EffectiveParameter;
import org.opendmv.engine.api.RegistryListener;
import org.opendmv.business.descriptor.MetatypeXml.Ad;
import org.opendmv.business.descriptor.MetatypeXml.Ocd;
import org.opendmv.business.descriptor.ParameterChecks.Configured;
import org.opendmv.business.descriptor.ParameterChecks.RuleDecl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule parameters as configuration. Reads each rule's declared parameters from its bundle's
 * metatype ({@code org.opendmv.rule.<ruleId>}); refuses at deploy time a descriptor that misses or
 * mistypes one; gives every installed business a Config Admin PID {@code org.opendmv.business.<code>}
 * (ManagedService + MetaTypeProvider) whose good values apply to the next visit.
 *
 * <p>Felix fileinstall reads {@code etc/org.opendmv.business.dl-renewal.cfg} as factory
 * {@code org.opendmv.business.dl}, instance {@code renewal}: a ManagedServiceFactory per code prefix
 * maps those back to the code, so the file works as the guide says.
 */
@Component(service = BusinessSettings.class, immediate = true)
public final class BusinessSettingsImpl implements BusinessSettings, RegistryListener {
    private static final Logger LOG = LoggerFactory.getLogger(BusinessSettingsImpl.class);
    private static final String FILE_PROPERTY = "felix.fileinstall.filename";
    /** Keys Config Admin and fileinstall add; not parameters. */
    private static final List<String> CM_KEYS = List.of(Constants.SERVICE_PID, "service.factoryPid", FILE_PROPERTY,
            "service.bundleLocation", ":org.apache.felix.configadmin.revision:");

    @Reference
    BusinessRegistry registry;
    private final Map<String, RuleDecl> rules = new ConcurrentHashMap<>();
    /** Which service each rule id's declaration was read from (the last one registered wins, as in the engine). */
    private final Map<String, ServiceReference<EligibilityRule>> ruleRefs = new ConcurrentHashMap<>();
    /** code → configuration sources (plain PID and fileinstall factory instances) and the values in effect. */
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, List<ServiceRegistration<?>>> perBusiness = new HashMap<>();
    private final Map<String, ServiceRegistration<?>> factories = new HashMap<>();
    private volatile BundleContext context;

    /** One business's configuration: raw sources (pid → properties, file) and what was accepted or refused. */
    private static final class State {
        final Map<String, Map<String, String>> sources = new LinkedHashMap<>();
        final Map<String, String> sourceWhere = new HashMap<>();
        Map<String, Configured> accepted = new TreeMap<>();
        Map<String, String[]> refused = new TreeMap<>();
    }

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        if (registry instanceof Registry r) {
            r.addCheck((d, bundleId) -> ParameterChecks.deployProblems(d, Map.copyOf(rules)));
        }
        registry.addListener(this);
        recheck();
        registry.businesses().forEach(this::added);
    }

    @Deactivate
    void deactivate() {
        registry.removeListener(this);
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        synchronized (this) {
            perBusiness.values().forEach(regs::addAll);
            perBusiness.clear();
            regs.addAll(factories.values());
            factories.clear();
            context = null;
        }
        regs.forEach(BusinessSettingsImpl::unregister);
    }

    // --- rules and their declared parameters ---

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(EligibilityRule rule, ServiceReference<EligibilityRule> ref) {
        String id = rule.id();
        Ocd ocd = ruleOcd(ref.getBundle(), id);
        if (ocd == null) {
            LOG.warn("Rule {} declares no parameters (no metatype {}{}); its businesses' rule.* properties are not checked",
                    id, MetatypeXml.RULE_OCD_PREFIX, id);
        }
        synchronized (rules) {
            rules.put(id, new RuleDecl(id, ocd, rule::checkParameters));
            ruleRefs.put(id, ref);
        }
        if (context != null) {
            recheck();
            reapplyAll();
        }
    }

    void removeRule(EligibilityRule rule, ServiceReference<EligibilityRule> ref) {
        synchronized (rules) {
            if (ref.equals(ruleRefs.get(rule.id()))) {
                ruleRefs.remove(rule.id());
                rules.remove(rule.id());
            }
        }
    }

    static Ocd ruleOcd(Bundle bundle, String ruleId) {
        if (bundle == null) {
            return null;
        }
        Enumeration<URL> urls = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        if (urls == null) {
            return null;
        }
        for (URL u : Collections.list(urls)) {
            try (InputStream in = u.openStream()) {
                for (Ocd ocd : MetatypeXml.read(in)) {
                    if (ocd.id().equals(MetatypeXml.RULE_OCD_PREFIX + ruleId)) {
                        return ocd;
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Metatype {} of bundle {} could not be read: {}", u.getPath(), bundle.getSymbolicName(), e.getMessage());
            }
        }
        return null;
    }

    private void recheck() {
        if (registry instanceof Registry r) {
            r.recheck();
        }
    }

    // --- RegistryListener: one PID per business ---

    @Override
    public void added(BusinessDescriptor business) {
        String code = business.code();
        BundleContext ctx;
        synchronized (this) {
            ctx = context;
            if (ctx == null || perBusiness.containsKey(code)) {
                return;
            }
            perBusiness.put(code, new ArrayList<>());
        }
        apply(code);
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        String pid = PID_PREFIX + code;
        Hashtable<String, Object> ms = new Hashtable<>();
        ms.put(Constants.SERVICE_PID, pid);
        ms.put(MetaTypeProvider.METATYPE_PID, pid);
        ms.put(Constants.SERVICE_DESCRIPTION, "Rule parameters of business " + code);
        regs.add(ctx.registerService(new String[] {ManagedService.class.getName(), MetaTypeProvider.class.getName()},
                new BusinessPid(code), ms));
        int dash = code.indexOf('-');
        if (dash > 0) {
            String factoryPid = PID_PREFIX + code.substring(0, dash);
            synchronized (this) {
                if (!factories.containsKey(factoryPid) && context != null) {
                    Hashtable<String, Object> fp = new Hashtable<>();
                    fp.put(Constants.SERVICE_PID, factoryPid);
                    fp.put(Constants.SERVICE_DESCRIPTION, "etc/" + factoryPid + "-<rest of the code>.cfg files (fileinstall reads them as factory configurations)");
                    factories.put(factoryPid, ctx.registerService(ManagedServiceFactory.class, new FileNameFactory(factoryPid), fp));
                }
            }
        }
        synchronized (this) {
            List<ServiceRegistration<?>> list = perBusiness.get(code);
            if (list != null) {
                list.addAll(regs);
                return;
            }
        }
        regs.forEach(BusinessSettingsImpl::unregister);
    }

    @Override
    public void removed(BusinessDescriptor business) {
        List<ServiceRegistration<?>> regs;
        synchronized (this) {
            regs = perBusiness.remove(business.code());
        }
        if (regs != null) {
            regs.forEach(BusinessSettingsImpl::unregister);
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }

    // --- configuration ---

    private void configured(String code, String pid, Dictionary<String, ?> properties) {
        synchronized (this) {
            State s = states.computeIfAbsent(code, k -> new State());
            if (properties == null) {
                s.sources.remove(pid);
                s.sourceWhere.remove(pid);
            } else {
                Map<String, String> raw = new TreeMap<>();
                for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                    String k = keys.nextElement();
                    Object v = properties.get(k);
                    if (!CM_KEYS.contains(k) && v != null) {
                        raw.put(k, String.valueOf(v));
                    }
                }
                // the plain PID wins over a fileinstall factory instance: keep it last
                s.sources.remove(pid);
                s.sources.put(pid, raw);
                if (pid.equals(PID_PREFIX + code)) {
                    Map<String, String> plain = s.sources.remove(pid);
                    s.sources.put(pid, plain);
                } else {
                    Map<String, String> plain = s.sources.remove(PID_PREFIX + code);
                    if (plain != null) {
                        s.sources.put(PID_PREFIX + code, plain);
                    }
                }
                Object file = properties.get(FILE_PROPERTY);
                s.sourceWhere.put(pid, file == null ? "PID " + pid : shortFile(String.valueOf(file)));
            }
        }
        apply(code);
    }

    static String shortFile(String url) {
        String path = url.startsWith("file:") ? url.substring("file:".length()) : url;
        String base = System.getProperty("karaf.base");
        if (base != null) {
            try {
                Path rel = Paths.get(base).toAbsolutePath().normalize().relativize(Paths.get(path).toAbsolutePath().normalize());
                if (!rel.startsWith("..")) {
                    return rel.toString();
                }
            } catch (RuntimeException e) {
                // not a path under karaf.base
            }
        }
        return path;
    }

    /** Checks the business's configured values again and keeps the good ones; refused ones keep the last good value. */
    private void apply(String code) {
        Optional<BusinessDescriptor> business = registry.business(code);
        if (business.isEmpty()) {
            return;
        }
        BusinessDescriptor d = business.get();
        Map<String, RuleDecl> known = Map.copyOf(rules);
        List<String> logLines = new ArrayList<>();
        synchronized (this) {
            State s = states.computeIfAbsent(code, k -> new State());
            Map<String, String> merged = new TreeMap<>();
            Map<String, String> where = new HashMap<>();
            s.sources.forEach((pid, raw) -> raw.forEach((k, v) -> {
                merged.put(k, v);
                where.put(k, s.sourceWhere.getOrDefault(pid, "PID " + pid));
            }));
            Map<String, Configured> accepted = new TreeMap<>();
            Map<String, String[]> refused = new TreeMap<>();
            for (Map.Entry<String, String> e : merged.entrySet()) {
                String key = e.getKey();
                String value = e.getValue().strip();
                Optional<String> problem = ParameterChecks.checkConfigured(d, known, key, value, accepted);
                if (problem.isEmpty()) {
                    accepted.put(key, new Configured(value, where.get(key)));
                    Configured before = s.accepted.get(key);
                    if (before == null || !before.value().equals(value)) {
                        logLines.add("INFO Business " + code + ": " + key + " = " + value + " (" + where.get(key) + "); applies to the next visit");
                    }
                } else {
                    refused.put(key, new String[] {value, problem.get()});
                    Configured before = s.accepted.get(key);
                    if (before != null) {
                        accepted.put(key, before);
                    }
                    String[] was = s.refused.get(key);
                    if (was == null || !was[0].equals(value)) {
                        String kept = before != null ? before.value() + " (config)"
                                : Optional.ofNullable(d.properties().get(key)).map(v -> v + " (descriptor)").orElse("the rule default");
                        logLines.add("ERROR Configuration " + PID_PREFIX + code + " (" + where.get(key) + "): " + key + " = \"" + value
                                + "\" refused: " + problem.get() + "; keeping " + kept);
                    }
                }
            }
            s.accepted = accepted;
            s.refused = refused;
        }
        for (String line : logLines) {
            if (line.startsWith("ERROR ")) {
                LOG.error(line.substring(6));
            } else {
                LOG.info(line.substring(5));
            }
        }
    }

    private void reapplyAll() {
        List<String> codes;
        synchronized (this) {
            codes = new ArrayList<>(states.keySet());
        }
        codes.forEach(this::apply);
    }

    // --- BusinessSettings ---

    @Override
    public List<EffectiveParameter> parameters(String code) {
        Optional<BusinessDescriptor> d = registry.business(code);
        if (d.isEmpty()) {
            return List.of();
        }
        String where = registry.source(code).map(src -> src.resource().startsWith("/") ? src.resource().substring(1) : src.resource()).orElse(null);
        synchronized (this) {
            State s = states.get(code);
            return EffectiveParameters.of(d.get(), where, Map.copyOf(rules), s == null ? Map.of() : s.accepted, s == null ? Map.of() : s.refused);
        }
    }

    @Override
    public BusinessDescriptor forNextVisit(BusinessDescriptor business) {
        Map<String, Configured> accepted;
        synchronized (this) {
            State s = states.get(business.code());
            accepted = s == null ? Map.of() : new TreeMap<>(s.accepted);
        }
        Map<String, String> values = ParameterChecks.values(business, Map.copyOf(rules), accepted);
        return values.equals(business.properties()) ? business : business.withProperties(values);
    }

    /** The PID {@code org.opendmv.business.<code>}: configuration and its metatype. */
    private final class BusinessPid implements ManagedService, MetaTypeProvider {
        private final String code;

        BusinessPid(String code) {
            this.code = code;
        }

        @Override
        public void updated(Dictionary<String, ?> properties) {
            configured(code, PID_PREFIX + code, properties);
        }

        @Override
        public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
            Optional<BusinessDescriptor> d = registry.business(code);
            if (d.isEmpty() || !id.equals(PID_PREFIX + code)) {
                return null;
            }
            return ocd(d.get());
        }

        @Override
        public String[] getLocales() {
            return null;
        }
    }

    /** {@code etc/org.opendmv.business.<prefix>-<rest>.cfg} as fileinstall delivers it. */
    private final class FileNameFactory implements ManagedServiceFactory {
        private final String factoryPid;
        private final Map<String, String> codeByPid = new ConcurrentHashMap<>();

        FileNameFactory(String factoryPid) {
            this.factoryPid = factoryPid;
        }

        @Override
        public String getName() {
            return "OpenDMV business parameters from " + factoryPid + "-*.cfg";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            String name = instanceName(factoryPid, pid, properties.get(FILE_PROPERTY));
            if (name == null) {
                LOG.error("Configuration {} of factory {} names no business (expected etc/{}-<rest of the code>.cfg); ignored", pid, factoryPid, factoryPid);
                return;
            }
            String code = factoryPid.substring(PID_PREFIX.length()) + "-" + name;
            codeByPid.put(pid, code);
            configured(code, pid, properties);
        }

        @Override
        public void deleted(String pid) {
            String code = codeByPid.remove(pid);
            if (code != null) {
                configured(code, pid, null);
            }
        }
    }

    /** {@code renewal} from {@code org.opendmv.business.dl~renewal} or from the file {@code …/org.opendmv.business.dl-renewal.cfg}. */
    static String instanceName(String factoryPid, String pid, Object file) {
        int tilde = pid.indexOf('~');
        if (tilde > 0 && pid.substring(0, tilde).equals(factoryPid)) {
            return pid.substring(tilde + 1);
        }
        if (file != null) {
            String f = String.valueOf(file);
            String base = f.substring(f.lastIndexOf('/') + 1);
            base = base.replaceFirst("\\.(cfg|config)$", "");
            if (base.startsWith(factoryPid + "-") && base.length() > factoryPid.length() + 1) {
                return base.substring(factoryPid.length() + 1);
            }
        }
        return null;
    }

    // --- metatype: the union of the business's rules' parameters, defaults = descriptor values ---

    private ObjectClassDefinition ocd(BusinessDescriptor d) {
        Map<String, RuleDecl> known = Map.copyOf(rules);
        List<AttributeDefinition> ads = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String ruleId : d.rules()) {
            RuleDecl decl = known.get(ruleId);
            if (decl == null || decl.ocd() == null) {
                continue;
            }
            for (Ad ad : decl.ocd().attributes()) {
                if (!seen.contains(ad.id())) {
                    seen.add(ad.id());
                    String value = d.properties().get(ad.id());
                    ads.add(new Attribute(ad, value != null ? value : ad.defaultValue(), ruleId));
                }
            }
        }
        String name = d.name().zh() + " / " + d.name().en() + " — rule parameters";
        String description = "Rule parameters of " + d.code() + " (rules " + String.join(", ", d.rules())
                + "); a change applies to the next visit. Defaults are the descriptor's values.";
        return new ObjectClassDefinition() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getID() {
                return PID_PREFIX + d.code();
            }

            @Override
            public String getDescription() {
                return description;
            }

            @Override
            public AttributeDefinition[] getAttributeDefinitions(int filter) {
                return filter == ObjectClassDefinition.OPTIONAL ? new AttributeDefinition[0] : ads.toArray(new AttributeDefinition[0]);
            }

            @Override
            public java.io.InputStream getIcon(int size) {
                return null;
            }
        };
    }

    private static final class Attribute implements AttributeDefinition {
        private final Ad ad;
        private final String value;
        private final String ruleId;

        Attribute(Ad ad, String value, String ruleId) {
            this.ad = ad;
            this.value = value;
            this.ruleId = ruleId;
        }

        @Override
        public String getName() {
            return ad.name();
        }

        @Override
        public String getID() {
            return ad.id();
        }

        @Override
        public String getDescription() {
            return ad.description() + " [" + ad.describe() + "; rule " + ruleId + "]";
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return switch (ad.type()) {
                case "Integer" -> INTEGER;
                case "Long" -> LONG;
                case "Short" -> SHORT;
                case "Byte" -> BYTE;
                case "Double" -> DOUBLE;
                case "Float" -> FLOAT;
                case "Boolean" -> BOOLEAN;
                case "Character" -> CHARACTER;
                default -> STRING;
            };
        }

        @Override
        public String[] getOptionValues() {
            return ad.options().isEmpty() ? null : ad.options().stream().map(o -> o[0]).toArray(String[]::new);
        }

        @Override
        public String[] getOptionLabels() {
            return ad.options().isEmpty() ? null : ad.options().stream().map(o -> o[1]).toArray(String[]::new);
        }

        @Override
        public String validate(String v) {
            return ad.check(v).orElse("");
        }

        @Override
        public String[] getDefaultValue() {
            return value == null ? null : new String[] {value};
        }
    }
}
