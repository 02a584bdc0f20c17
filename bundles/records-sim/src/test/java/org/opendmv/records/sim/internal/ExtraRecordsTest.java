package org.opendmv.records.sim.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ExtraRecordsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    private static final String DRIVER = "{\"idNumber\": \"%s\", \"archiveNo\": \"110100009999\", \"classes\": [\"C1\"],"
            + " \"firstIssued\": \"-8y\", \"validFrom\": \"-6y\", \"validUntil\": \"+30d\", \"status\": \"A\", \"points\": 0,"
            + " \"mobile\": \"13800009999\", \"postcode\": \"100010\", \"address\": \"北京市测试区样例路1号\"}";
    private static final String VEHICLE = "{\"owner\": \"%s\", \"plate\": \"%s\", \"plateType\": \"02\", \"vehicleType\": \"K33\","
            + " \"useCode\": \"A\", \"seats\": 5, \"registered\": \"-3y\", \"inspectionDue\": \"+200d\", \"status\": \"A\","
            + " \"unprocessedViolations\": 0, \"unprocessedAccidents\": 0, \"vinLast4\": \"9999\"}";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static void write(Path f, String json, long seconds) throws Exception {
        Files.writeString(f, json, UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(seconds)));
    }

    private static SimRecordsConfig config(Path dir) {
        return new SimRecordsConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SimRecordsConfig.class; }
            @Override public String dataset_file() { return ""; }
            @Override public String extra_dir() { return dir.toString(); }
            @Override public String today() { return TODAY.toString(); }
            @Override public int latency_ms() { return 0; }
            @Override public boolean unavailable() { return false; }
            @Override public int service_ranking() { return -100; }
        };
    }

    @Test
    public void aFilesDriversAndVehiclesAreAddedAndReReadWhenItChanges() throws Exception {
        Path dir = tmp.getRoot().toPath();
        SimRecordsGateway g = new SimRecordsGateway(config(dir));
        String id = "110101198001010011";
        assertFalse(g.driver(id).isPresent());
        Path f = dir.resolve("kit.json");
        write(f, "{\"citizens\": [], \"drivers\": [" + String.format(DRIVER, id) + "], \"vehicles\": ["
                + String.format(VEHICLE, id, "京T00001") + "]}", 1000);
        assertEquals(TODAY.plusDays(30), g.driver(id).orElseThrow().validUntil());
        assertEquals("京T00001", g.vehicles(id).get(0).plate());
        assertEquals("the bundled records stay", 2, g.vehicles("110101198504120019").size());

        write(f, "{\"vehicles\": [" + String.format(VEHICLE, id, "京T00002") + "]}", 2000);
        assertFalse("re-read on a new mtime", g.driver(id).isPresent());
        assertEquals("京T00002", g.vehicles(id).get(0).plate());
        Files.delete(f);
        assertTrue(g.vehicles(id).isEmpty());
    }

    @Test
    public void aClashingOrBadFileIsRefusedWhole() throws Exception {
        Path dir = tmp.getRoot().toPath();
        String id = "110101198001010011";
        write(dir.resolve("a.json"), "{\"drivers\": [" + String.format(DRIVER, id) + "]}", 1000);
        write(dir.resolve("b.json"), "{\"vehicles\": [" + String.format(VEHICLE, id, "京T00003") + ", "
                + String.format(VEHICLE, "110101198504120019", "京T00004") + "], \"drivers\": ["
                + String.format(DRIVER, "110101198504120019") + "]}", 1000);
        write(dir.resolve("c.json"), "{\"drivers\": [{\"idNumber\": \"12\"}]}", 1000);
        SimRecordsGateway g = new SimRecordsGateway(config(dir));
        assertTrue(g.driver(id).isPresent());
        assertTrue("b.json is refused whole", g.vehicles(id).isEmpty());
        assertEquals("110100000001", g.driver("110101198504120019").orElseThrow().archiveNo());
    }

    @Test
    public void theShippedExampleAddsItsDriverAndCar() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("../../karaf-distribution/src/main/resources/assembly/etc/opendmv-citizens/example.json.sample"));
        RecordsDataset d = RecordsDataset.bundled(TODAY).plus(RecordsDataset.parse(sample, TODAY));
        assertEquals(TODAY.plusDays(45), d.driver("110108198803150079").orElseThrow().validUntil());
        assertEquals("京E90001", d.vehicles("110108198803150079").get(0).plate());
    }

    @Test
    public void plusNamesTheClashingEntryByIndexNeverByValue() throws Exception {
        RecordsDataset base = RecordsDataset.bundled(TODAY);
        RecordsDataset added = RecordsDataset.parse(("{\"drivers\": [" + String.format(DRIVER, "110101198001010011") + ", "
                + String.format(DRIVER, "110101198504120019") + "]}").getBytes(UTF_8), TODAY);
        try {
            base.plus(added);
            fail();
        } catch (RecordsDataset.DatasetException e) {
            assertEquals("drivers[1]: a record for the same ID number exists already", e.getMessage());
        }
    }
}
