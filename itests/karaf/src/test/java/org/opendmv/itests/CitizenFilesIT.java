package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.SessionManager;
import org.opendmv.store.api.Application;
import org.opendmv.store.api.ApplicationStore;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Test citizens added by a data file in etc/opendmv-citizens, without touching the kiosk's
 * source: the shipped example, copied to a .json name, gives a card for the ID card simulator
 * and the licence and car for the records simulator; a file reusing a profile id is refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CitizenFilesIT extends KioskTestSupport {
    private static final Pattern SERIAL = Pattern.compile("流水号 serial (\\d{8}[A-Z0-9]{1,12}\\d{6})");
    private static final long LIMIT_MS = 60_000;

    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    ApplicationStore store;

    private static Path folder() {
        return Path.of(System.getProperty("karaf.etc"), "opendmv-citizens");
    }

    @Test
    public void theShippedExampleCopiedToJsonGivesACitizenWhoCompletesARenewal() throws Exception {
        await("dl-renewal", LIMIT_MS, () -> registry.business("dl-renewal").isPresent() && sessions.readiness("dl-renewal").isEmpty());
        Path sample = folder().resolve("example.json.sample");
        assertTrue("the distribution ships " + sample, Files.isRegularFile(sample));
        assertFalse("a .sample file is not read", console("kiosk:sim profiles").contains("example-person"));

        Files.copy(sample, folder().resolve("example.json"));
        assertTrue(console("kiosk:sim profiles").contains("example-person"));
        String out = console("kiosk:simulate --card example-person dl-renewal");
        Matcher m = SERIAL.matcher(out);
        assertTrue(out, out.contains("办理完成 COMPLETED") && m.find());
        Application a = store.find(m.group(1)).orElseThrow();
        assertEquals("dl-renewal", a.businessCode());
        assertEquals("the licence comes from the file's driver record", "110100009001", a.payload().get("driver.archiveNo"));
    }

    @Test
    public void aFileReusingAProfileIdIsRefusedWholeWithALogLineNamingFileAndIndex() throws Exception {
        String kit = "{\"id\": \"kit-new\", \"name\": \"样例乙\", \"sex\": \"2\", \"ethnicity\": \"汉\", \"birthDate\": \"1992-06-01\","
                + " \"address\": \"北京市海淀区样例路200号\", \"idNumber\": \"110108199206010028\", \"issuingAuthority\": \"北京市公安局海淀分局\","
                + " \"validFrom\": \"2020-01-01\", \"validUntil\": \"2040-01-01\"}";
        Files.writeString(folder().resolve("clash.json"),
                "{\"citizens\": [" + kit + ", " + kit.replace("kit-new", "adult-male") + "]}", StandardCharsets.UTF_8);
        String profiles = console("kiosk:sim profiles");
        assertFalse(profiles, profiles.contains("kit-new"));
        assertTrue(profiles, profiles.contains("adult-male"));
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        await("the refusal in the log", LIMIT_MS, () -> {
            try {
                return Files.readString(log).contains("clash.json refused: citizens[1]: profile id is already used by the bundled citizens");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertFalse("no personal data in the log", Files.readString(log).contains("110108199206010028"));
        assertTrue(console("kiosk:simulate --card adult-male dl-renewal").contains("办理完成 COMPLETED"));
        Files.delete(folder().resolve("clash.json"));
    }
}
