package org.opendmv.backoffice.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;
import org.opendmv.forms.api.ApplicationForms;
import org.opendmv.forms.api.FilledForm;
import org.opendmv.forms.api.PrintResolver;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.OutboxEntry;
import org.opendmv.store.api.StatusChange;

/**
 * Builds what the back office receives from the stored application: {@code application.json} (serial,
 * business, fee, payment reference, status history, the full application data, a list of the files
 * with SHA-256), the official form as {@code form.pdf}, and the stored attachments.
 */
final class SubmissionBuilder {
    static final String FORM = "form.pdf";
    private final ApplicationStore store;
    private final ApplicationForms forms;
    private final ZoneId zone;
    private final java.util.function.Supplier<PrintResolver> resolver;
    private final ObjectMapper json = new ObjectMapper();

    SubmissionBuilder(ApplicationStore store, ApplicationForms forms, ZoneId zone) {
        this(store, forms, zone, () -> null);
    }

    /** {@code resolver}: the engine's, for applications stored without {@code print.*}; may supply null. */
    SubmissionBuilder(ApplicationStore store, ApplicationForms forms, ZoneId zone, java.util.function.Supplier<PrintResolver> resolver) {
        this.store = store;
        this.forms = forms;
        this.zone = zone;
        this.resolver = resolver;
    }

    Submission build(OutboxEntry e) throws GatewayException {
        String serial = e.serial();
        Application app = store.find(serial)
                .orElseThrow(() -> new GatewayException("application " + serial + " is not in the store", false));
        if (app.payload().isEmpty()) {
            throw new GatewayException("application " + serial + " has no data any more (personal data purged before delivery)", false);
        }
        Map<String, Attachment> attachments = new LinkedHashMap<>();
        for (String name : store.attachmentNames(serial)) {
            store.attachment(serial, name).ifPresent(a -> attachments.put(name, a));
        }
        try {
            byte[] pdf = renderForm(app, attachments);
            List<Submission.Part> parts = new ArrayList<>();
            parts.add(new Submission.Part(FORM, "application/pdf", pdf));
            attachments.forEach((name, a) -> {
                byte[] data = a.data();
                parts.add(new Submission.Part(name, a.mime(), data));
                java.util.Arrays.fill(data, (byte) 0);
            });
            java.util.Arrays.fill(pdf, (byte) 0);
            byte[] doc = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document(e, app, parts));
            return new Submission(serial, e.idempotencyKey(), app.businessCode(), doc, parts);
        } catch (java.io.IOException ex) {
            throw new GatewayException("could not write application.json of " + serial + ": " + ex.getClass().getSimpleName(), false);
        } finally {
            attachments.values().forEach(Attachment::wipe);
        }
    }

    private byte[] renderForm(Application app, Map<String, Attachment> attachments) throws GatewayException {
        Optional<byte[]> photo = Optional.ofNullable(attachments.get("photo.jpeg")).map(Attachment::data);
        Optional<byte[]> signature = Optional.ofNullable(attachments.get("signature.png")).map(Attachment::data);
        try {
            Map<String, Object> payload = app.payload();
            if (!payload.containsKey(FilledForm.PRINT_KIND)) {
                // stored before forms came from the descriptors: resolve it with the business as installed now
                PrintResolver r = resolver.get();
                Map<String, Object> print = r == null ? Map.of() : r.print(payload);
                if (print.isEmpty()) {
                    throw new GatewayException("the application form of " + app.serial() + " cannot be rendered: it was stored "
                            + "without its form (print.kind) and business " + app.businessCode()
                            + " (or its form) is not installed to resolve it", false);
                }
                payload = new java.util.LinkedHashMap<>(payload);
                payload.putAll(print);
            }
            FilledForm data = FilledForm.fromPayload(app.serial(), payload, photo.orElse(null), signature.orElse(null),
                    kioskId(app.serial()), LocalDate.ofInstant(app.createdAt(), zone));
            return forms.render(data);
        } catch (IllegalArgumentException ex) {
            // bad data: retrying will not change it (the message names the field, never the value)
            throw new GatewayException("the application form of " + app.serial() + " cannot be rendered: " + ex.getMessage(), false);
        } catch (IllegalStateException ex) {
            // no usable font, or the form's template not installed: fixable on the kiosk, so try again later
            throw new GatewayException("the application form of " + app.serial() + " cannot be rendered now: " + ex.getMessage(), true);
        } finally {
            photo.ifPresent(b -> java.util.Arrays.fill(b, (byte) 0));
            signature.ifPresent(b -> java.util.Arrays.fill(b, (byte) 0));
        }
    }

    private Map<String, Object> document(OutboxEntry e, Application app, List<Submission.Part> parts) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serial", app.serial());
        d.put("idempotencyKey", e.idempotencyKey());
        d.put("kioskId", kioskId(app.serial()));
        d.put("businessCode", app.businessCode());
        d.put("status", app.status());
        d.put("createdAt", app.createdAt().toString());
        d.put("feeFen", app.feeFen());
        d.put("paymentReference", store.paymentReference(app.serial()).orElse(null));
        List<Map<String, Object>> history = new ArrayList<>();
        for (StatusChange s : store.history(app.serial())) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("status", s.status());
            h.put("at", s.at().toString());
            if (s.note() != null) {
                h.put("note", s.note());
            }
            history.add(h);
        }
        d.put("statusHistory", history);
        d.put("application", app.payload());
        List<Map<String, Object>> files = new ArrayList<>();
        for (Submission.Part p : parts) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", p.name());
            f.put("contentType", p.contentType());
            f.put("size", p.size());
            f.put("sha256", sha256(p.data()));
            files.add(f);
        }
        d.put("files", files);
        return d;
    }

    /** The serial is yyyyMMdd + kiosk id + 6-digit sequence (see the store). */
    static String kioskId(String serial) {
        return serial.length() > 14 ? serial.substring(8, serial.length() - 6) : null;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
