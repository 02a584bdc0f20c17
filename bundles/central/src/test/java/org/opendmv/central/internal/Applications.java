package org.opendmv.central.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opendmv.backoffice.api.Submission;

/**
 * Synthetic applications shaped as the kiosk's SubmissionBuilder makes them (application.json with serial,
 * idempotencyKey, kioskId, businessCode, status history, application data and the file list with SHA-256),
 * for a made-up person.
 */
final class Applications {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Applications() {
    }

    static String serial(String kioskId, int n) {
        return "20261203" + kioskId + String.format("%06d", n);
    }

    /** A dl-renewal with a form, a photo and a signature; {@code mobile} varies the data. */
    static Submission submission(String kioskId, String serial, String mobile) {
        return submission(kioskId, serial, mobile, List.of(
                new Submission.Part("form.pdf", "application/pdf", ("%PDF-1.7 form of " + serial + " rendered " + System.nanoTime())
                        .getBytes(StandardCharsets.US_ASCII)),
                new Submission.Part("photo.jpeg", "image/jpeg", bytes(20_000, 7)),
                new Submission.Part("signature.png", "image/png", bytes(3_000, 11))));
    }

    static Submission submission(String kioskId, String serial, String mobile, List<Submission.Part> parts) {
        return new Submission(serial, serial, "dl-renewal", json(kioskId, serial, mobile, parts), parts);
    }

    static byte[] json(String kioskId, String serial, String mobile, List<Submission.Part> parts) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("serial", serial);
        d.put("idempotencyKey", serial);
        d.put("kioskId", kioskId);
        d.put("businessCode", "dl-renewal");
        d.put("status", "SUBMITTED");
        d.put("createdAt", "2026-12-03T08:00:00Z");
        d.put("feeFen", 1000);
        d.put("paymentReference", "SIM-" + serial);
        d.put("statusHistory", List.of(Map.of("status", "SUBMITTED", "at", "2026-12-03T08:05:00Z")));
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("business.code", "dl-renewal");
        app.put("idcard.name", "测试用户");
        app.put("idcard.idNumber", "11010119900307001X");
        app.put("form.mobile", mobile);
        d.put("application", app);
        List<Map<String, Object>> files = new ArrayList<>();
        for (Submission.Part p : parts) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", p.name());
            f.put("contentType", p.contentType());
            f.put("size", p.size());
            f.put("sha256", Tokens.sha256(p.data()));
            files.add(f);
        }
        d.put("files", files);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(d);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
