package org.opendmv.records.sim.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;

/**
 * The simulator's dataset: drivers and vehicles keyed by ID number. Dates are ISO or relative
 * to "today" ({@code +60d}, {@code -4y+40d}, {@code today}) and resolved once at load time.
 * Errors name the entry and field, never a value (the file holds ID numbers).
 */
final class RecordsDataset {
    static final String RESOURCE = "sim/records.json";
    static final int MAX_BYTES = 4 << 20;
    private static final Pattern RELATIVE = Pattern.compile("([+-])(\\d{1,4})([dmy])");
    private static final Pattern ID = Pattern.compile("[0-9]{17}[0-9X]");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, DriverRecord> drivers;
    private final Map<String, List<VehicleRecord>> vehicles;

    private RecordsDataset(Map<String, DriverRecord> drivers, Map<String, List<VehicleRecord>> vehicles) {
        this.drivers = drivers;
        this.vehicles = vehicles;
    }

    Optional<DriverRecord> driver(String idNumber) {
        return Optional.ofNullable(drivers.get(idNumber));
    }

    List<VehicleRecord> vehicles(String owner) {
        return vehicles.getOrDefault(owner, List.of());
    }

    int driverCount() {
        return drivers.size();
    }

    int vehicleCount() {
        return vehicles.values().stream().mapToInt(List::size).sum();
    }

    static RecordsDataset bundled(LocalDate today) throws DatasetException {
        try (InputStream in = RecordsDataset.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DatasetException(RESOURCE + " is missing from the bundle");
            }
            return parse(in.readNBytes(MAX_BYTES + 1), today);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + RESOURCE + ": " + e.getMessage());
        }
    }

    static RecordsDataset parse(byte[] data, LocalDate today) throws DatasetException {
        if (data.length > MAX_BYTES) {
            throw new DatasetException("dataset larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new DatasetException("dataset is not valid JSON at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new DatasetException("dataset cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DatasetException("dataset must be a JSON object");
        }
        Map<String, DriverRecord> drivers = new HashMap<>();
        JsonNode ds = root.path("drivers");
        if (!ds.isMissingNode() && !ds.isArray()) {
            throw new DatasetException("\"drivers\" must be an array");
        }
        for (int i = 0; i < ds.size(); i++) {
            Entry e = new Entry(ds.get(i), "drivers[" + i + "]", today);
            String id = e.idNumber("idNumber");
            List<String> classes = new ArrayList<>();
            JsonNode cs = e.node.path("classes");
            if (!cs.isArray() || cs.size() == 0) {
                throw new DatasetException(e.where + ".classes must be a non-empty array");
            }
            cs.forEach(c -> classes.add(c.asText()));
            DriverRecord r = new DriverRecord(id, e.text("archiveNo"), classes, e.date("firstIssued"), e.date("validFrom"),
                    e.date("validUntil"), e.text("status"), e.integer("points"), e.date("cycleEnd"), e.date("reviewDue"),
                    e.date("medicalDue"), e.date("lastMedical"), e.bool("fatalAccident"), e.text("mobile"),
                    e.text("postcode"), e.text("address"));
            if (drivers.put(id, r) != null) {
                throw new DatasetException(e.where + ": a second record for the same ID number");
            }
        }
        Map<String, List<VehicleRecord>> vehicles = new HashMap<>();
        JsonNode vs = root.path("vehicles");
        if (!vs.isMissingNode() && !vs.isArray()) {
            throw new DatasetException("\"vehicles\" must be an array");
        }
        for (int i = 0; i < vs.size(); i++) {
            Entry e = new Entry(vs.get(i), "vehicles[" + i + "]", today);
            String owner = e.idNumber("owner");
            String plate = e.text("plate");
            if (plate == null) {
                throw new DatasetException(e.where + ".plate is missing");
            }
            VehicleRecord v = new VehicleRecord(plate, e.text("plateType"), e.text("vehicleType"), e.text("useCode"),
                    e.integer("seats"), e.date("registered"), e.date("inspectionDue"), e.text("status"),
                    e.integer("unprocessedViolations"), e.integer("unprocessedAccidents"), e.bool("casualtyAccident"),
                    e.bool("illegalModification"), e.date("insuranceValidUntil"), e.date("taxPaidUntil"), e.text("vinLast4"));
            vehicles.computeIfAbsent(owner, k -> new ArrayList<>()).add(v);
        }
        vehicles.replaceAll((k, l) -> Collections.unmodifiableList(l));
        return new RecordsDataset(Map.copyOf(drivers), Map.copyOf(vehicles));
    }

    /** Resolves "+60d", "-4y+40d", "today" or an ISO date. */
    static LocalDate resolve(String s, LocalDate today) {
        String v = s.strip();
        if (v.equals("today")) {
            return today;
        }
        if (v.startsWith("+") || v.startsWith("-")) {
            Matcher m = RELATIVE.matcher(v);
            LocalDate d = today;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
                switch (m.group(3)) {
                    case "d": d = d.plusDays(n); break;
                    case "m": d = d.plusMonths(n); break;
                    default: d = d.plusYears(n); break;
                }
                end = m.end();
            }
            if (end != v.length() || end == 0) {
                throw new DateTimeParseException("bad relative date", v, end);
            }
            return d;
        }
        return LocalDate.parse(v);
    }

    /** One JSON object with typed accessors that name the field in errors. */
    private static final class Entry {
        final JsonNode node;
        final String where;
        final LocalDate today;

        Entry(JsonNode node, String where, LocalDate today) throws DatasetException {
            if (node == null || !node.isObject()) {
                throw new DatasetException(where + " must be an object");
            }
            this.node = node;
            this.where = where;
            this.today = today;
        }

        String text(String f) throws DatasetException {
            JsonNode n = node.get(f);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                throw new DatasetException(where + "." + f + " must be a string");
            }
            return n.asText();
        }

        String idNumber(String f) throws DatasetException {
            String v = text(f);
            if (v == null || !ID.matcher(v).matches()) {
                throw new DatasetException(where + "." + f + " must be an 18-character ID number");
            }
            return v;
        }

        int integer(String f) throws DatasetException {
            JsonNode n = node.get(f);
            if (n == null || n.isNull()) {
                return 0;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
                throw new DatasetException(where + "." + f + " must be a non-negative integer");
            }
            return n.asInt();
        }

        boolean bool(String f) throws DatasetException {
            JsonNode n = node.get(f);
            if (n == null || n.isNull()) {
                return false;
            }
            if (!n.isBoolean()) {
                throw new DatasetException(where + "." + f + " must be true or false");
            }
            return n.asBoolean();
        }

        LocalDate date(String f) throws DatasetException {
            String v = text(f);
            if (v == null) {
                return null;
            }
            try {
                return resolve(v, today);
            } catch (DateTimeParseException e) {
                throw new DatasetException(where + "." + f + " is not a date (yyyy-MM-dd or +60d / -4y+40d / today)");
            }
        }
    }

    /** The dataset cannot be used; the message is safe to log. */
    static final class DatasetException extends Exception {
        private static final long serialVersionUID = 1L;

        DatasetException(String message) {
            super(message);
        }
    }
}
