package org.opendmv.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.FieldSpec;
import org.opendmv.business.api.MaterialSpec;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSettings;
import org.opendmv.engine.api.EffectiveParameter;
import org.opendmv.engine.api.BusinessVersion;
import org.opendmv.engine.api.Session;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.engine.api.SessionManager;

@Service
@Command(scope = "kiosk", name = "businesses", description = "Lists installed businesses, one in detail, or the refused descriptors (--invalid)")
public class BusinessesCommand implements Action {
    @Reference
    BusinessRegistry registry;

    @Reference
    SessionManager sessions;

    @Reference(optional = true)
    BusinessSettings settings;

    @Option(name = "--invalid", description = "List descriptors that were refused, with the reasons")
    boolean invalid;

    @Option(name = "--en", description = "English names")
    boolean english;

    @Argument(index = 0, name = "code", description = "Show one business in detail", required = false)
    @Completion(BusinessCodeCompleter.class)
    String code;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        Locale locale = english ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        if (invalid) {
            List<InvalidBusiness> bad = registry.invalid();
            ShellTable t = new ShellTable();
            t.column("Bundle");
            t.column("Resource");
            t.column("Code");
            t.column("Problems");
            bad.forEach(b -> t.addRow().addContent(b.source().symbolicName() + " [" + b.source().bundleId() + "]",
                    b.source().resource(), b.code() == null ? "-" : b.code(), String.join("; ", b.problems())));
            t.print(out);
            out.println(bad.size() + " invalid descriptor(s)");
            return null;
        }
        if (code != null) {
            BusinessDescriptor d = registry.business(code).orElse(null);
            if (d == null) {
                throw new IllegalArgumentException("no business with code '" + code + "'; see kiosk:businesses");
            }
            out.println(d.code() + "  " + d.name().get(locale) + "  (" + d.category() + ")");
            out.println("  bundle:    " + registry.source(code).map(Object::toString).orElse("-"));
            out.println("  versions:  " + versions(code));
            out.println("  steps:     " + d.steps());
            out.println("  fee:       " + yuan(d.feeFen()));
            out.println("  photo:     " + d.photoSpec().orElse("-"));
            out.println("  rules:     " + (d.rules().isEmpty() ? "-" : String.join(", ", d.rules())));
            List<String> missing = sessions.readiness(code);
            out.println("  readiness: " + (missing.isEmpty() ? "READY" : "UNAVAILABLE, missing " + String.join(", ", missing)));
            for (FieldSpec f : d.fields()) {
                out.println("  field      " + f.name() + " " + f.type() + (f.required() ? " required" : "") + "  " + f.label().get(locale));
            }
            for (MaterialSpec m : d.materials()) {
                out.println("  material   " + m.code() + " pages " + m.minPages() + ".." + m.maxPages() + "  " + m.name().get(locale));
            }
            if (settings != null) {
                printParameters(out, code, settings.parameters(code));
            }
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Code");
        t.column("Name");
        t.column("Category");
        t.column("Fee").alignRight();
        t.column("Steps");
        t.column("State");
        List<BusinessDescriptor> all = registry.businesses();
        for (BusinessDescriptor d : all) {
            List<String> missing = sessions.readiness(d.code());
            t.addRow().addContent(d.code(), d.name().get(locale), d.category(), yuan(d.feeFen()), d.steps().size(),
                    missing.isEmpty() ? "READY" : "UNAVAILABLE (" + String.join(", ", missing) + ")");
        }
        t.print(out);
        int bad = registry.invalid().size();
        out.println(all.size() + " business(es)" + (bad > 0 ? ", " + bad + " invalid (kiosk:businesses --invalid)" : ""));
        return null;
    }

    /** The rule parameters in effect for the next visit, where each comes from, and any refused configured value. */
    static void printParameters(PrintStream out, String code, List<EffectiveParameter> params) {
        out.println("  parameters (PID " + BusinessSettings.PID_PREFIX + code + "; config:edit to change, applies to the next visit):");
        if (params.isEmpty()) {
            out.println("    -");
            return;
        }
        int kw = params.stream().mapToInt(p -> p.key().length()).max().orElse(0);
        int vw = params.stream().mapToInt(p -> String.valueOf(p.value()).length()).max().orElse(0);
        for (EffectiveParameter p : params) {
            String source = switch (p.source()) {
                case CONFIG -> "config";
                case DESCRIPTOR -> "descriptor";
                case RULE_DEFAULT -> "rule default";
                case NONE -> "not set";
            };
            StringBuilder line = new StringBuilder("    ").append(pad(p.key(), kw)).append("  ")
                    .append(pad(p.value() == null ? "-" : p.value(), vw)).append("  ").append(pad(source, 12));
            if (p.where() != null) {
                line.append(" ").append(p.where());
            }
            if (p.refusal().isPresent()) {
                line.append("  (refused config value \"").append(p.refusedValue().orElse("")).append("\": ").append(p.refusal().get()).append(")");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** e.g. {@code 1.0.1 current, 1.0.0 retired (1 visit)}: a retired version finishes its own visits, then leaves. */
    private String versions(String code) {
        List<Session> active = sessions.sessions();
        StringBuilder sb = new StringBuilder();
        for (BusinessVersion v : registry.versions(code)) {
            long visits = active.stream().filter(s -> s.business().code().equals(code)
                    && s.businessSource().map(src -> src.bundleId() == v.source().bundleId()).orElse(false)).count();
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(v.source().version()).append(v.isCurrent() ? " current" : " retired");
            if (visits > 0 || !v.isCurrent()) {
                sb.append(" (").append(visits).append(visits == 1 ? " visit)" : " visits)");
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    static String yuan(long fen) {
        return String.format("%d.%02d", fen / 100, fen % 100);
    }
}
