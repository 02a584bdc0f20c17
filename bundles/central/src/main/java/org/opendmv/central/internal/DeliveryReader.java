package org.opendmv.central.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a delivery against the gateway's contract (bundles/backoffice {@code HttpGateway} and
 * {@code SubmissionBuilder}): the {@code application} part is a JSON object whose {@code serial},
 * {@code idempotencyKey}, {@code kioskId}, {@code businessCode} and {@code application} are present and
 * consistent with the request (the key in the header, the kiosk the token belongs to), and whose
 * {@code files} list names exactly the {@code file} parts received, each with its size and SHA-256.
 * Anything else is refused with 400 (or 403 for another kiosk's application) and a reason that quotes
 * nothing from the request.
 */
final class DeliveryReader {
    static final String FORM = "form.pdf";
    static final int MAX_FILES = 64;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper canonical = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** A part of the request as received. */
    record Part(String name, String fileName, String contentType, byte[] data) {
    }

    Delivery read(String idempotencyKey, String kioskId, List<Part> parts) throws Refused {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new Refused(400, "Idempotency-Key header missing");
        }
        if (!Names.KEY.matcher(idempotencyKey).matches()) {
            throw new Refused(400, "Idempotency-Key must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        byte[] app = null;
        List<Delivery.File> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Part p : parts) {
            if ("application".equals(p.name())) {
                if (app != null) {
                    throw new Refused(400, "more than one part 'application'");
                }
                app = p.data();
            } else if ("file".equals(p.name())) {
                String name = p.fileName();
                if (name == null || !Names.FILE.matcher(name).matches()) {
                    throw new Refused(400, "a file part without a file name of letters, digits, '.', '_' or '-'");
                }
                if (!names.add(name)) {
                    throw new Refused(400, "file " + name + " sent twice");
                }
                String type = p.contentType() == null ? "application/octet-stream" : p.contentType().strip();
                if (!Names.CONTENT_TYPE.matcher(type).matches()) {
                    throw new Refused(400, "file " + name + " has an unusable content type");
                }
                files.add(new Delivery.File(name, type, p.data(), Tokens.sha256(p.data())));
            } else {
                throw new Refused(400, "unexpected part (only 'application' and 'file' parts are taken)");
            }
        }
        if (files.size() > MAX_FILES) {
            throw new Refused(400, "more than " + MAX_FILES + " files");
        }
        if (app == null) {
            throw new Refused(400, "missing part 'application'");
        }
        JsonNode doc;
        try {
            doc = json.readTree(app);
        } catch (IOException e) {
            throw new Refused(400, "part 'application' is not JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw new Refused(400, "part 'application' is not a JSON object");
        }
        String serial = text(doc, "serial", Names.SERIAL);
        String key = text(doc, "idempotencyKey", Names.KEY);
        String kiosk = text(doc, "kioskId", Names.KIOSK_ID);
        String business = text(doc, "businessCode", Names.BUSINESS);
        if (!key.equals(idempotencyKey)) {
            throw new Refused(400, "idempotencyKey in application.json differs from the Idempotency-Key header");
        }
        if (!kiosk.equals(kioskId)) {
            throw new Refused(403, "application of another kiosk: a kiosk delivers its own applications only");
        }
        JsonNode data = doc.get("application");
        if (data == null || !data.isObject()) {
            throw new Refused(400, "application.json has no object 'application'");
        }
        checkFileList(doc.get("files"), files);
        return new Delivery(idempotencyKey, kioskId, serial, business, app, List.copyOf(files), fingerprint(serial, business, data, files));
    }

    private static String text(JsonNode doc, String field, java.util.regex.Pattern shape) throws Refused {
        JsonNode n = doc.get(field);
        if (n == null || !n.isTextual()) {
            throw new Refused(400, "application.json has no text '" + field + "'");
        }
        if (!shape.matcher(n.asText()).matches()) {
            throw new Refused(400, "application.json: '" + field + "' has an unexpected form");
        }
        return n.asText();
    }

    /** The declared list must name exactly the files received, each with its size and SHA-256. */
    private static void checkFileList(JsonNode list, List<Delivery.File> files) throws Refused {
        if (list == null || !list.isArray()) {
            throw new Refused(400, "application.json has no array 'files'");
        }
        Map<String, Delivery.File> received = new HashMap<>();
        files.forEach(f -> received.put(f.name(), f));
        Set<String> declared = new HashSet<>();
        for (JsonNode f : list) {
            JsonNode name = f.get("name");
            JsonNode size = f.get("size");
            JsonNode sha = f.get("sha256");
            if (name == null || !name.isTextual() || size == null || !size.canConvertToLong() || sha == null || !sha.isTextual()) {
                throw new Refused(400, "application.json: an entry of 'files' lacks name, size or sha256");
            }
            Delivery.File got = received.get(name.asText());
            if (got == null) {
                throw new Refused(400, "application.json lists a file that was not sent");
            }
            if (!declared.add(name.asText())) {
                throw new Refused(400, "application.json lists a file twice");
            }
            if (got.data().length != size.asLong() || !got.sha256().equalsIgnoreCase(sha.asText())) {
                throw new Refused(400, "file " + got.name() + " does not match its size or SHA-256 in application.json (damaged in transit?)");
            }
        }
        if (declared.size() != received.size()) {
            throw new Refused(400, "a file was sent that application.json does not list");
        }
    }

    private String fingerprint(String serial, String business, JsonNode data, List<Delivery.File> files) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("serial", serial);
        f.put("businessCode", business);
        f.put("application", canonical.convertValue(data, Object.class));
        Map<String, String> attachments = new TreeMap<>();
        for (Delivery.File file : files) {
            if (!FORM.equals(file.name())) {
                attachments.put(file.name(), file.sha256());
            }
        }
        f.put("attachments", attachments);
        try {
            return Tokens.sha256(canonical.writeValueAsString(f).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("canonical JSON", e);
        }
    }
}
