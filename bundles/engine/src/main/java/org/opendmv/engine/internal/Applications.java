package org.opendmv.engine.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.Facts;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.devices.api.ScanResult;
import org.opendmv.devices.api.ScannedPage;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSource;
import org.opendmv.forms.api.ApplicationForms;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.FormLayout;
import org.opendmv.forms.api.FormTemplate;
import org.opendmv.forms.api.PrintResolver;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.NewApplication;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a visit into a stored application: at the signature (or at RECEIPT for a business
 * without one). The application is written before any payment is asked for, so a crash after
 * the citizen paid cannot lose it. It carries what its form prints ({@code print.*}, resolved from the
 * descriptor's {@code form} section, see {@link FormPrint}) and {@code business.version}; when the forms
 * service is present the form is checked before anything is stored, so a form that cannot be printed
 * fails at SIGN, before PAY.
 */
@Component(service = {Applications.class, PrintResolver.class})
public final class Applications implements PrintResolver {
    private static final Logger LOG = LoggerFactory.getLogger(Applications.class);
    private final ApplicationStore store;
    private final FormLayouts layouts = new FormLayouts();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApplicationForms forms;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BusinessRegistry registry;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.opendmv.engine.api.SessionManager sessions;

    @Activate
    public Applications(@Reference ApplicationStore store) {
        this.store = store;
    }

    ApplicationStore store() {
        return store;
    }

    /** For tests and plain Java use. */
    Applications(ApplicationStore store, ApplicationForms forms, BusinessRegistry registry) {
        this.store = store;
        this.forms = forms;
        this.registry = registry;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFormTemplate(FormTemplate template) {
        layouts.add(template);
    }

    void removeFormTemplate(FormTemplate template) {
        layouts.remove(template);
    }

    @Override
    public Map<String, Object> print(Map<String, ?> payload) {
        BusinessRegistry r = registry;
        Object code = payload.get("business.code");
        if (r == null || !(code instanceof String)) {
            return Map.of();
        }
        return r.business((String) code).filter(b -> b.form().isPresent())
                .filter(b -> layouts.layout(b.form().get().kind()).isPresent())
                .map(b -> print(b, payload)).orElse(Map.of());
    }

    /**
     * {@code print.*} of a visit's application, or nothing for a business without a form.
     *
     * @throws IllegalStateException the form's template is not installed (any more)
     */
    Map<String, Object> print(BusinessDescriptor b, Map<String, ?> data) {
        if (b.form().isEmpty()) {
            return Map.of();
        }
        String kind = b.form().get().kind();
        FormLayout layout = layouts.layout(kind).orElseThrow(() -> new IllegalStateException("form template '" + kind
                + "' of business " + b.code() + " is not installed"));
        return FormPrint.resolve(b, layout, data);
    }

    /** The serial of the visit's application, storing it first if needed. */
    String ensure(StepContext ctx) {
        Object s = ctx.data().get(Facts.SERIAL);
        if (s instanceof String) {
            return (String) s;
        }
        BusinessDescriptor b = ctx.business();
        Object id = ctx.data().get(Facts.ID_NUMBER);
        long fee = Fees.of(b, ctx.data());
        String status = fee > 0 && b.steps().stream().anyMatch(st -> st.type().equals("PAY"))
                ? Application.AWAITING_PAYMENT : Application.SUBMITTED;
        Map<String, Object> payload = payload(b, ctx.data());
        payload.putAll(print(b, ctx.data()));
        // the version the visit runs on (after an upgrade a visit may finish on the retired one)
        org.opendmv.engine.api.SessionManager m = sessions;
        BusinessRegistry r = registry;
        java.util.Optional<BusinessSource> source = m == null ? java.util.Optional.empty()
                : m.session(ctx.sessionId()).flatMap(org.opendmv.engine.api.Session::businessSource);
        if (source.isEmpty() && r != null) {
            source = r.source(b.code());
        }
        source.map(BusinessSource::version).ifPresent(v -> payload.put("business.version", v));
        ApplicationForms f = forms;
        if (f != null && payload.containsKey(FilledForm.PRINT_KIND)) {
            // the form must print: a bad one fails here, at SIGN, before any payment is asked for
            f.boxes(FilledForm.fromPayload("CHECK", payload, null, null, null, null));
        }
        Map<String, Attachment> attachments = attachments(ctx.data());
        Application a = store.submit(new NewApplication(b.code(), id instanceof String ? (String) id : null, fee,
                payload, status, attachments));
        attachments.values().forEach(Attachment::wipe);
        LOG.info("Session {} stored application {} ({})", ctx.sessionId(), a.serial(), status);
        return a.serial();
    }

    static Map<String, Object> payload(BusinessDescriptor b, Map<String, Object> data) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("business.code", b.code());
        p.put("business.name", b.name().zh());
        p.put("business.category", b.category());
        p.put("fee.fen", Fees.of(b, data));
        b.properties().forEach((k, v) -> {
            if (k.startsWith("form.") || k.startsWith("business.")) {
                p.put("descriptor." + k, v);
            }
        });
        data.forEach((k, v) -> {
            if (k.startsWith("idcard.") || k.startsWith(Facts.FORM_PREFIX)) {
                if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    p.put(k, v);
                } else if (v instanceof LocalDate) {
                    p.put(k, v.toString());
                }
            }
        });
        p.remove(FormStep.PREFILLED);
        Object d = data.get(Facts.DRIVER);
        if (d instanceof DriverRecord) {
            DriverRecord r = (DriverRecord) d;
            p.put("driver.archiveNo", r.archiveNo());
            p.put("driver.classes", r.classesText());
            if (r.validUntil() != null) {
                p.put("driver.validUntil", r.validUntil().toString());
            }
        }
        Object v = data.get(Facts.VEHICLE);
        if (v instanceof VehicleRecord) {
            VehicleRecord r = (VehicleRecord) v;
            p.put("vehicle.plate", r.plate());
            p.put("vehicle.plateType", r.plateType());
            p.put("vehicle.vinLast4", r.vinLast4());
        }
        Object m = data.get(Facts.MATERIALS);
        if (m instanceof List) {
            p.put(Facts.MATERIALS, m);
        }
        p.put("photo", data.containsKey(Facts.PHOTO));
        p.put("signature", data.containsKey(Facts.SIGNATURE));
        return p;
    }

    static Map<String, Attachment> attachments(Map<String, Object> data) {
        Map<String, Attachment> a = new LinkedHashMap<>();
        if (data.get(Facts.PHOTO) instanceof byte[]) {
            a.put("photo.jpeg", new Attachment("image/jpeg", (byte[]) data.get(Facts.PHOTO)));
        }
        if (data.get(Facts.SIGNATURE) instanceof byte[]) {
            a.put("signature.png", new Attachment("image/png", (byte[]) data.get(Facts.SIGNATURE)));
        }
        data.forEach((k, v) -> {
            if (k.startsWith(MaterialsStep.PREFIX) && v instanceof ScanResult) {
                String code = k.substring(MaterialsStep.PREFIX.length());
                ScanResult r = (ScanResult) v;
                if (r.documentFile().isPresent()) {
                    a.put("material." + code + extension(r.documentMime()), new Attachment(r.documentMime(), r.documentFile().get()));
                } else {
                    int n = 1;
                    for (ScannedPage page : r.pages()) {
                        a.put("material." + code + "." + n++ + extension(page.mime()), new Attachment(page.mime(), page.image()));
                    }
                }
            }
        });
        return a;
    }

    private static String extension(String mime) {
        switch (mime == null ? "" : mime) {
            case "image/jpeg": return ".jpg";
            case "image/png": return ".png";
            case "application/pdf": return ".pdf";
            case "application/zip": return ".zip";
            default: return ".bin";
        }
    }
}
