package org.opendmv.records.sim.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.LocalDate;
import java.util.List;
import org.junit.Test;
import org.opendmv.records.api.DriverRecord;
import org.opendmv.records.api.VehicleRecord;

public class RecordsDatasetTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Test
    public void bundledDatasetResolvesRelativeDates() throws Exception {
        RecordsDataset d = RecordsDataset.bundled(TODAY);
        DriverRecord m = d.driver("110101198504120019").orElseThrow();
        assertEquals(List.of("C1"), m.classes());
        assertEquals(TODAY.plusDays(60), m.validUntil());
        assertEquals("A", m.status());
        DriverRecord moto = d.driver("110102195012011070").orElseThrow();
        assertEquals("C1E", moto.classesText());
        assertNull("长期 licence has no end date", d.driver("110102197201300065").orElseThrow().validUntil());
        List<VehicleRecord> cars = d.vehicles("110101198504120019");
        assertEquals(2, cars.size());
        assertEquals(TODAY.minusYears(4).plusDays(40), cars.get(0).registered());
        assertTrue(d.vehicles("110102199008230025").isEmpty());
        assertFalse(d.driver("110105198305061082").isPresent());
        assertEquals(14, d.vehicles("110105198305061082").size());
    }

    @Test
    public void relativeDates() {
        assertEquals(TODAY, RecordsDataset.resolve("today", TODAY));
        assertEquals(TODAY.plusDays(60), RecordsDataset.resolve("+60d", TODAY));
        assertEquals(TODAY.minusYears(4).plusDays(40), RecordsDataset.resolve("-4y+40d", TODAY));
        assertEquals(TODAY.plusMonths(3), RecordsDataset.resolve("+3m", TODAY));
        assertEquals(LocalDate.of(2020, 1, 2), RecordsDataset.resolve("2020-01-02", TODAY));
        for (String bad : new String[] {"+", "+60", "60d", "+60x", "-4y+", "+60d junk", "2020-13-01"}) {
            try {
                RecordsDataset.resolve(bad, TODAY);
                fail(bad);
            } catch (RuntimeException expected) {
                // DateTimeParseException
            }
        }
    }

    @Test
    public void badDatasetsAreRefusedWithoutEchoingValues() {
        expectError("not json", "not valid JSON");
        expectError("[]", "must be a JSON object");
        expectError("{\"drivers\": {}}", "\"drivers\" must be an array");
        expectError("{\"drivers\": [{\"idNumber\": \"123\", \"classes\": [\"C1\"]}]}", "drivers[0].idNumber");
        expectError("{\"drivers\": [{\"idNumber\": \"110101198504120019\", \"classes\": []}]}", "drivers[0].classes");
        expectError("{\"drivers\": [{\"idNumber\": \"110101198504120019\", \"classes\": [\"C1\"], \"validUntil\": \"soon\"}]}",
                "drivers[0].validUntil is not a date");
        expectError("{\"drivers\": [{\"idNumber\": \"110101198504120019\", \"classes\": [\"C1\"], \"points\": -1}]}",
                "drivers[0].points");
        expectError("{\"drivers\": [{\"idNumber\": \"110101198504120019\", \"classes\": [\"C1\"]},"
                + "{\"idNumber\": \"110101198504120019\", \"classes\": [\"C2\"]}]}", "second record");
        expectError("{\"vehicles\": [{\"owner\": \"110101198504120019\"}]}", "vehicles[0].plate is missing");
        expectError("{\"vehicles\": [{\"owner\": \"110101198504120019\", \"plate\": \"京A1\", \"casualtyAccident\": \"yes\"}]}",
                "vehicles[0].casualtyAccident");
        expectError("{\"a\": 1, \"a\": 2}", "not valid JSON");
    }

    @Test
    public void recordsNeverPrintPersonalData() throws Exception {
        DriverRecord m = RecordsDataset.bundled(TODAY).driver("110101198504120019").orElseThrow();
        assertFalse(m.toString().contains("110101"));
        assertFalse(m.toString().contains("1380000"));
    }

    private static void expectError(String json, String fragment) {
        try {
            RecordsDataset.parse(json.getBytes(UTF_8), TODAY);
            fail("accepted: " + json);
        } catch (RecordsDataset.DatasetException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(fragment));
            assertFalse("no ID number in " + e.getMessage(), e.getMessage().contains("110101198504120019"));
        }
    }
}
