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
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.opendmv.store.api.Attachment;
import org.opendmv.store.api.NewApplication;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a visit into a stored application: at the signature (or at RECEIPT for a business
 * without one). The application is written before any payment is asked for, so a crash after
 * the citizen paid cannot lose it.
 */
@Component(service = Applications.class)
public final class Applications {
    private static final Logger LOG = LoggerFactory.getLogger(Applications.class);
    private final ApplicationStore store;

    @Activate
    public Applications(@Reference ApplicationStore store) {
        this.store = store;
    }

    ApplicationStore store() {
        return store;
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
        Map<String, Attachment> attachments = attachments(ctx.data());
        Application a = store.submit(new NewApplication(b.code(), id instanceof String ? (String) id : null, fee,
                payload(b, ctx.data()), status, attachments));
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
