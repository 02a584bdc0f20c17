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

    private static String withPhoto(String citizenJson, String photo) {
        return citizenJson.substring(0, citizenJson.length() - 1) + ", \"photo\": \"" + photo + "\"}";
    }

    /** A 600×600 picture: red left half, blue right half, a green band across the middle third. */
    private static Path picture(Path file, String format) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(600, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 600; x++) {
                img.setRGB(x, y, y >= 200 && y < 400 ? 0x00C000 : x < 300 ? 0xE00000 : 0x0000E0);
            }
        }
        assertTrue(javax.imageio.ImageIO.write(img, format, file.toFile()));
        return file;
    }

    @Test
    public void aTestCitizensPhotoFileIsTheChipPhotoAt102x126() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.createDirectories(dir.resolve("faces"));
        picture(dir.resolve("faces/kit.png"), "png");
        write(dir.resolve("kit.json"), "{\"citizens\": [" + withPhoto(citizen("kit-photo", "110101198001010055"), "faces/kit.png")
                + ", " + citizen("kit-plain", "110101198001010066") + "]}", 1000);
        SimControl sim = new SimControl(CitizensLoader.loadBundled(), 0, dir);
        Citizen c = sim.citizen("kit-photo").orElseThrow();
        assertEquals(dir.resolve("faces/kit.png").toAbsolutePath(), c.photo());

        java.awt.image.BufferedImage chip = SimFixture.decode(c.toCardData(true).photo().orElseThrow());
        assertEquals(102, chip.getWidth());
        assertEquals(126, chip.getHeight());
        // the middle of the square picture, cut to the chip's proportions: red left, blue right, green in the middle
        assertEquals(0xE00000, chip.getRGB(10, 10) & 0xFFFFFF);
        assertEquals(0x0000E0, chip.getRGB(91, 115) & 0xFFFFFF);
        assertEquals(0x00C000, chip.getRGB(51, 63) & 0xFFFFFF);
        assertFalse("no photo asked, none given", c.toCardData(false).photo().isPresent());

        // a citizen without a photo keeps the generated placeholder
        java.awt.image.BufferedImage placeholder = SimFixture.decode(sim.citizen("kit-plain").orElseThrow().toCardData(true).photo().orElseThrow());
        assertEquals(0xFFFFFF, placeholder.getRGB(2, 2) & 0xFFFFFF);

        // the file taken away after it was read: the card cannot be read (the reader reports a chip error)
        Files.delete(dir.resolve("faces/kit.png"));
        try {
            c.toCardData(true);
            org.junit.Assert.fail("a missing photo file must not give a card");
        } catch (java.io.IOException expected) {
            // the reader turns this into CHIP_ERROR
        }
    }

    @Test
    public void anAbsoluteJpegPhotoPathIsAccepted() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Path jpg = picture(tmp.newFolder("elsewhere").toPath().resolve("kit.jpg"), "jpg");
        write(dir.resolve("kit.json"), "{\"citizens\": [" + withPhoto(citizen("kit-jpeg", "110101198001010077"), jpg.toString()) + "]}", 1000);
        SimControl sim = new SimControl(CitizensLoader.loadBundled(), 0, dir);
        java.awt.image.BufferedImage chip = SimFixture.decode(sim.citizen("kit-jpeg").orElseThrow().toCardData(true).photo().orElseThrow());
        assertEquals(126, chip.getHeight());
        int rgb = chip.getRGB(51, 63);
        assertTrue("green in the middle: " + Integer.toHexString(rgb), ((rgb >> 8) & 0xFF) > 150 && ((rgb >> 16) & 0xFF) < 60);
    }

    @Test
    public void aMissingOrBrokenPhotoRefusesTheFileWholeWithoutNamingIt() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("not-a-picture.png"), "hello", UTF_8);
        String missing = "{\"citizens\": [" + withPhoto(citizen("kit-m", "110101198001010088"), "nowhere/nobody.png") + "]}";
        String broken = "{\"citizens\": [" + withPhoto(citizen("kit-b", "110101198001010099"), "not-a-picture.png") + "]}";
        try {
            CitizensLoader.parse(missing.getBytes(UTF_8), true, dir);
            org.junit.Assert.fail("missing photo accepted");
        } catch (CitizensFormatException e) {
            assertEquals("citizens[0].photo names no readable file", e.getMessage());
        }
        try {
            CitizensLoader.parse(broken.getBytes(UTF_8), true, dir);
            org.junit.Assert.fail("broken photo accepted");
        } catch (CitizensFormatException e) {
            assertEquals("citizens[0].photo: photo file is not a PNG or JPEG picture", e.getMessage());
        }
        try {
            CitizensLoader.parse(missing.getBytes(UTF_8), true);
            org.junit.Assert.fail("a photo outside a test-citizens file accepted");
        } catch (CitizensFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("only allowed in a test-citizens file"));
        }
        write(dir.resolve("kit.json"), broken, 1000);
        SimControl sim = new SimControl(CitizensLoader.loadBundled(), 0, dir);
        assertFalse(sim.citizen("kit-b").isPresent());
    }
}
