package org.opendmv.devices.sim.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CitizenFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String citizen(String id, String idNumber) {
        return "{\"id\": \"" + id + "\", \"name\": \"测试壬\", \"sex\": \"1\", \"ethnicity\": \"汉\", \"birthDate\": \"1980-01-01\","
                + " \"address\": \"北京市测试区样例路1号\", \"idNumber\": \"" + idNumber + "\", \"issuingAuthority\": \"北京市公安局测试分局\","
                + " \"validFrom\": \"2020-01-01\", \"validUntil\": \"长期\"}";
    }

    private static void write(Path f, String json, long seconds) throws Exception {
        Files.writeString(f, json, UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(seconds)));
    }

    @Test
    public void aFileAddsCitizensAndIsReReadWhenItChanges() throws Exception {
        Path dir = tmp.getRoot().toPath();
        SimControl sim = new SimControl(CitizensLoader.loadBundled(), 0, dir);
        int bundled = sim.citizens().size();
        assertFalse(sim.citizen("kit-person").isPresent());

        Path f = dir.resolve("kit.json");
        write(f, "{\"citizens\": [" + citizen("kit-person", "110101198001010011") + "], \"drivers\": []}", 1000);
        assertTrue(sim.citizen("kit-person").isPresent());
        assertEquals(bundled + 1, sim.citizens().size());
        assertTrue(sim.profileIds().contains("kit-person"));
        sim.insertCard("kit-person");

        write(f, "{\"citizens\": [" + citizen("kit-person-2", "110101198001010011") + "]}", 2000);
        assertFalse("re-read on a new mtime", sim.citizen("kit-person").isPresent());
        assertTrue(sim.citizen("kit-person-2").isPresent());

        Files.delete(f);
        assertEquals(bundled, sim.citizens().size());
    }

    @Test
    public void theShippedExampleIsAValidCitizensFile() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("../../karaf-distribution/src/main/resources/assembly/etc/opendmv-citizens/example.json.sample"));
        assertEquals(java.util.List.of("example-person"), java.util.List.copyOf(CitizensLoader.parse(sample, true).keySet()));
    }

    @Test
    public void aBadFileOrAClashingIdIsRefusedWholeAndTheOthersStay() throws Exception {
        Path dir = tmp.getRoot().toPath();
        write(dir.resolve("a-good.json"), "{\"citizens\": [" + citizen("kit-a", "110101198001010011") + "]}", 1000);
        write(dir.resolve("b-bad.json"), "{\"citizens\": [{\"id\": \"kit-b\"}]}", 1000);
        write(dir.resolve("c-clash.json"), "{\"citizens\": [" + citizen("kit-c", "110101198001010022") + ", "
                + citizen("adult-male", "110101198001010033") + "]}", 1000);
        write(dir.resolve("d-clash-file.json"), "{\"citizens\": [" + citizen("kit-a", "110101198001010044") + "]}", 1000);
        write(dir.resolve("e-records-only.json"), "{\"drivers\": []}", 1000);
        write(dir.resolve("notes.txt"), "not json", 1000);
        SimControl sim = new SimControl(CitizensLoader.loadBundled(), 0, dir);
        assertTrue(sim.citizen("kit-a").isPresent());
        assertFalse(sim.citizen("kit-b").isPresent());
        assertFalse("the whole clashing file is refused", sim.citizen("kit-c").isPresent());
        assertEquals("the bundled adult-male is kept", "110101198504120019", sim.citizen("adult-male").orElseThrow().idNumber());
        assertEquals(CitizensLoader.loadBundled().size() + 1, sim.citizens().size());
    }
}
