package org.opendmv.devices.sim.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opendmv.devices.api.IdCardData;

/**
 * Loads the synthetic citizens ({@value #RESOURCE}): a JSON object with a {@code "citizens"} array of
 * objects with string fields {@code id, description, name, sex} (GB/T 2261.1 code 0/1/2/9),
 * {@code ethnicity, birthDate} (ISO {@code yyyy-MM-dd}), {@code address, idNumber} (18 characters; the
 * check digit is NOT verified, so a profile can carry a deliberately wrong one),
 * {@code issuingAuthority, validFrom, validUntil} (a date or {@code 长期}), and in an added test-citizens file an
 * optional {@code photo}: a PNG or JPEG file (absolute, or relative to the file's folder) given as the chip photo.
 * Any problem is a
 * {@link CitizensFormatException} naming the profile index and field, never the values.
 */
final class CitizensLoader {
    static final String RESOURCE = "sim/citizens.json";
    static final String LONG_TERM = "长期";
    static final int MAX_BYTES = 1 << 20;

    private static final Pattern PROFILE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern ID_NUMBER = Pattern.compile("[0-9]{17}[0-9X]");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CitizensLoader() {
    }

    /** The bundled profiles, in file order. */
    static Map<String, Citizen> loadBundled() throws CitizensFormatException {
        try (InputStream in = CitizensLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CitizensFormatException("resource " + RESOURCE + " missing from the bundle");
            }
            byte[] data = in.readNBytes(MAX_BYTES + 1);
            return parse(data);
        } catch (IOException e) {
            throw new CitizensFormatException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Parses the file content; an unmodifiable map from profile id to citizen, in file order. */
    static Map<String, Citizen> parse(byte[] data) throws CitizensFormatException {
        return parse(data, false);
    }

    /**
     * Parses a file; an added test-citizens file ({@code extra}) may hold no {@code "citizens"}
     * at all (only drivers or vehicles for the records simulator).
     */
    static Map<String, Citizen> parse(byte[] data, boolean extra) throws CitizensFormatException {
        return parse(data, extra, null);
    }

    /**
     * Parses an added test-citizens file read from {@code folder}; its citizens may name a {@code photo} file,
     * relative to that folder.
     */
    static Map<String, Citizen> parse(byte[] data, boolean extra, Path folder) throws CitizensFormatException {
        if (data == null) {
            throw new CitizensFormatException("no data");
        }
        if (data.length > MAX_BYTES) {
            throw new CitizensFormatException("citizens file larger than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new CitizensFormatException("citizens file is not valid UTF-8", e);
        }
        Object root;
        try {
            root = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            // location only: the message may quote the (personal) content
            throw new CitizensFormatException("citizens file is not valid JSON at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        if (!(root instanceof Map)) {
            throw new CitizensFormatException("top level must be an object");
        }
        Object list = ((Map<?, ?>) root).get("citizens");
        if (extra && list == null) {
            return Map.of();
        }
        if (!(list instanceof List)) {
            throw new CitizensFormatException("\"citizens\" must be an array");
        }
        Map<String, Citizen> out = new LinkedHashMap<>();
        int i = 0;
        for (Object o : (List<?>) list) {
            if (!(o instanceof Map)) {
                throw new CitizensFormatException("citizens[" + i + "] must be an object");
            }
            Citizen c = citizen(i, (Map<?, ?>) o, extra, folder);
            if (out.putIfAbsent(c.id(), c) != null) {
                throw new CitizensFormatException("citizens[" + i + "]: duplicate id '" + c.id() + "'");
            }
            i++;
        }
        if (out.isEmpty() && !extra) {
            throw new CitizensFormatException("no citizens defined");
        }
        return Collections.unmodifiableMap(out);
    }

    private static Citizen citizen(int i, Map<?, ?> m, boolean extra, Path folder) throws CitizensFormatException {
        String where = "citizens[" + i + "]";
        String id = text(m, "id", where, 40);
        if (!PROFILE_ID.matcher(id).matches()) {
            throw new CitizensFormatException(where + ".id must be lower-case letters, digits and '-'");
        }
        if (!extra) {
            // an added file is named with its index only: the log line names file and index
            where = "citizen '" + id + "'";
        }
        String description = m.get("description") == null ? "" : text(m, "description", where, 200);
        String name = text(m, "name", where, 15);
        String sexCode = text(m, "sex", where, 1);
        IdCardData.Sex sex;
        switch (sexCode) {
            case "0":
            case "1":
            case "2":
            case "9":
                sex = IdCardData.Sex.fromCode(sexCode.charAt(0));
                break;
            default:
                throw new CitizensFormatException(where + ".sex must be 0, 1, 2 or 9");
        }
        String ethnicity = text(m, "ethnicity", where, 10);
        LocalDate birth = date(m, "birthDate", where);
        String address = text(m, "address", where, 70);
        String idNumber = text(m, "idNumber", where, 18);
        if (!ID_NUMBER.matcher(idNumber).matches()) {
            throw new CitizensFormatException(where + ".idNumber must be 17 digits and a digit or X");
        }
        String authority = text(m, "issuingAuthority", where, 15);
        LocalDate from = date(m, "validFrom", where);
        LocalDate until = LONG_TERM.equals(m.get("validUntil")) ? null : date(m, "validUntil", where);
        if (until != null && until.isBefore(from)) {
            throw new CitizensFormatException(where + ".validUntil is before validFrom");
        }
        Path photo = m.get("photo") == null ? null : photo(m, where, folder);
        return new Citizen(id, description, name, sex, ethnicity, birth, address, idNumber, authority, from, until, photo);
    }

    /** The {@code photo} file: only in a file read from a folder; must exist and be a picture. */
    private static Path photo(Map<?, ?> m, String where, Path folder) throws CitizensFormatException {
        if (folder == null) {
            throw new CitizensFormatException(where + ".photo is only allowed in a test-citizens file");
        }
        String s = text(m, "photo", where, 1000);
        Path p;
        try {
            p = folder.resolve(s).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CitizensFormatException(where + ".photo is not a valid file name");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new CitizensFormatException(where + ".photo names no readable file");
        }
        try {
            SimImages.chipPhoto(p);
        } catch (IOException e) {
            throw new CitizensFormatException(where + ".photo: " + e.getMessage());
        }
        return p;
    }

    private static String text(Map<?, ?> m, String key, String where, int maxLen) throws CitizensFormatException {
        Object v = m.get(key);
        if (!(v instanceof String)) {
            throw new CitizensFormatException(where + "." + key + " must be a string");
        }
        String s = ((String) v).trim();
        if (s.isEmpty()) {
            throw new CitizensFormatException(where + "." + key + " is empty");
        }
        if (s.length() > maxLen) {
            throw new CitizensFormatException(where + "." + key + " is longer than " + maxLen + " characters");
        }
        return s;
    }

    private static LocalDate date(Map<?, ?> m, String key, String where) throws CitizensFormatException {
        String s = text(m, key, where, 10);
        try {
            LocalDate d = LocalDate.parse(s);
            if (d.getYear() < 1900 || d.getYear() > 2200) {
                throw new CitizensFormatException(where + "." + key + " is out of range");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new CitizensFormatException(where + "." + key + " must be a date yyyy-MM-dd", e);
        }
    }

    /** Profile ids, for messages and completion. */
    static List<String> ids(Map<String, Citizen> citizens) {
        return new ArrayList<>(citizens.keySet());
    }
}
