package org.opendmv.itests.dist;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * The integrator kit as a new integrator uses it, against the unpacked distribution: a project
 * generated from {@code org.opendmv:opendmv-business-archetype} for a business none of the 12 is
 * ({@code acme-cert-replace}, 补领登记证书), built with {@code mvn -o} against a repository holding
 * only the archetype, the kiosk's API artifacts and the pinned plugins (target/it-repo, filled by
 * maven-invoker-plugin:install), checked with {@code kiosk:business-validate}, dropped into
 * {@code deploy/}, visited and paid with {@code kiosk:simulate}, and removed again. One kiosk start.
 */
public class IntegratorKitIT {
    private static final String CODE = "acme-cert-replace";
    private static final Pattern SERIAL = Pattern.compile("流水号 serial (\\d{8}[A-Z0-9]{1,12}\\d{6})");
    private static final Duration BUILD = Duration.ofMinutes(5);

    private KioskProcess kiosk;
    private Path work;

    @After
    public void stop() throws Exception {
        if (kiosk != null) {
            kiosk.close();
        }
    }

    @Test
    public void fromTheArchetypeToAPaidVisitAndBack() throws Exception {
        work = Files.createTempDirectory("opendmv-kit-");
        Path v100 = generateAndPackage("1.0.0");

        kiosk = KioskProcess.unpack("kit");
        kiosk.headless();
        kiosk.config("org.opendmv.backoffice", "poll.interval", "1");
        kiosk.start();

        // validate before deploying: the registry's own checks, nothing installed
        String validated = shown("kiosk:business-validate " + v100, kiosk.shell("kiosk:business-validate " + v100));
        assertTrue(validated, validated.contains("OK: 1 business(es), 0 problems"));
        assertTrue(validated, validated.contains("com.acme.acme-cert-replace 1.0.0"));
        assertFalse(kiosk.shell("kiosk:businesses").contains(CODE));
        String missing = kiosk.shell("kiosk:business-validate " + work.resolve("no-such.jar"));
        assertTrue(missing, missing.contains("no such file"));

        // deploy: the business appears, ready
        Path deployed = Commands.deploy(kiosk, v100, CODE + ".jar");
        KioskProcess.await(CODE + " READY", Duration.ofSeconds(30), () -> shell("kiosk:businesses " + CODE).contains("readiness: READY"));
        String detail = shown("kiosk:businesses " + CODE, kiosk.shell("kiosk:businesses " + CODE));
        assertTrue(detail, detail.contains("com.acme.acme-cert-replace"));
        assertTrue(detail, detail.contains("rules:     " + CODE + ".eligibility"));

        // a paid visit (adult-male owns 京A12345 in the simulated records)
        Path answers = work.resolve("answers.properties");
        Files.writeString(answers, "reason=notobtained\n", StandardCharsets.UTF_8);
        String serial = visit(answers);

        // the back office renders the descriptor's form: 登记证书 补领, reason 未获得
        formShowsTheBusinessBoxTicked(serial);

        // Config Admin (PID org.opendmv.business.acme-cert-replace) changes rule.minAge live
        aParameterChangedLiveRefusesTheNextVisit(answers);

        // 1.0.1 dropped into deploy/ under another name while a visit waits at FORM
        deployed = anUpgradeLetsTheVisitAtFormComplete(deployed);

        // removal: the business leaves the kiosk
        Files.delete(deployed);
        KioskProcess.await(CODE + " removed", Duration.ofSeconds(30), () -> !shell("kiosk:businesses").contains(CODE));
        assertTrue("the application stays", kiosk.shell("kiosk:application " + serial).contains(serial));
    }

    /** The back office's folder: form.pdf shows 登记证书 补领 and the reason 未获得 ticked. */
    private void formShowsTheBusinessBoxTicked(String serial) throws Exception {
        Path dir = kiosk.home.resolve("data/backoffice/outgoing").resolve(serial);
        KioskProcess.await("the application folder in the file drop", Duration.ofSeconds(60),
                () -> Files.isRegularFile(dir.resolve("delivery.properties")));
        String json = Files.readString(dir.resolve("application.json"));
        assertTrue(json, json.contains("\"businessCode\" : \"" + CODE + "\""));
        String text = Commands.run(work, BUILD, List.of("pdftotext", "-layout", dir.resolve("form.pdf").toString(), "-"));
        String row = text.lines().filter(l -> l.contains("登记证书")).findFirst().orElse("");
        shown("pdftotext -layout form.pdf - | grep 登记证书", row);
        // 登记证书   □ 申领    √ 补领 （ □ 丢失 □ 灭失 √ 未获得 ）   □ 换领
        assertTrue(text, row.matches(".*√\\s*补领.*"));
        assertTrue(text, row.matches(".*√\\s*未获得.*"));
        assertTrue(text, row.matches(".*□\\s*丢失.*") && row.matches(".*□\\s*申领.*"));
    }

    /** Config Admin changes rule.minAge for the next visit; a bad value is refused, the old kept. */
    private void aParameterChangedLiveRefusesTheNextVisit(Path answers) throws Exception {
        kiosk.shell("config:property-set -p org.opendmv.business." + CODE + " rule.minAge 99");
        KioskProcess.await("rule.minAge 99 in effect", Duration.ofSeconds(20),
                () -> shell("kiosk:businesses " + CODE).matches("(?s).*rule\\.minAge\\s+99\\s+config.*"));
        shown("kiosk:businesses " + CODE, kiosk.shell("kiosk:businesses " + CODE));
        String refused = result("kiosk:simulate …", kiosk.shell("kiosk:simulate --card adult-male --answers " + answers + " --step-timeout 120 " + CODE));
        assertTrue(refused, refused.contains("REFUSED") && refused.contains("99"));
        kiosk.shell("config:property-set -p org.opendmv.business." + CODE + " rule.minAge abc");
        KioskProcess.await("the refusal shown", Duration.ofSeconds(20),
                () -> shell("kiosk:businesses " + CODE).contains("refused config value \"abc\""));
        assertTrue(shown("kiosk:businesses " + CODE, kiosk.shell("kiosk:businesses " + CODE)).matches("(?s).*rule\\.minAge\\s+99\\s.*"));
        kiosk.shell("config:property-set -p org.opendmv.business." + CODE + " rule.minAge 18");
    }

    /**
     * 1.0.1 dropped under another name while a visit waits at FORM: 1.0.1 becomes current, 1.0.0 is
     * retired and keeps its visit, which completes on 1.0.0; then the old jar leaves deploy/ for
     * data/businesses/retired. Returns the new jar in deploy/.
     */
    private Path anUpgradeLetsTheVisitAtFormComplete(Path v100) throws Exception {
        Path v101 = generateAndPackage("1.0.1");
        String paused = result("kiosk:simulate --pause-at FORM …", kiosk.shell("kiosk:simulate --card adult-male --pause-at FORM --step-timeout 120 " + CODE));
        Matcher m = Pattern.compile("PAUSED (\\S+) at FORM").matcher(paused);
        assertTrue(paused, m.find());
        String session = m.group(1);

        Path deployed = Commands.deploy(kiosk, v101, CODE + "-1.0.1.jar");
        KioskProcess.await("1.0.1 current, 1.0.0 retired with its visit", Duration.ofSeconds(60),
                () -> shell("kiosk:businesses " + CODE).contains("versions:  1.0.1 current, 1.0.0 retired (1 visit)"));
        assertTrue("the paused visit's version stays installed", Files.exists(v100));
        shown("kiosk:businesses " + CODE, kiosk.shell("kiosk:businesses " + CODE));

        String resumed = result("kiosk:simulate --resume …", kiosk.shell("kiosk:simulate --resume " + session + " --answers " + work.resolve("answers.properties")));
        assertTrue(resumed, resumed.contains("Resuming " + session + " (" + CODE + " 1.0.0) at FORM"));
        assertTrue(resumed, resumed.contains("COMPLETED"));

        Path retired = kiosk.home.resolve("data/businesses/retired").resolve(v100.getFileName());
        KioskProcess.await("the old jar moved to data/businesses/retired", Duration.ofSeconds(60),
                () -> Files.exists(retired) && !Files.exists(v100));
        KioskProcess.await("only 1.0.1 left", Duration.ofSeconds(30),
                () -> shell("kiosk:businesses " + CODE).contains("versions:  1.0.1 current") && !shell("kiosk:businesses " + CODE).contains("retired"));
        assertTrue(visit(work.resolve("answers.properties")).length() > 0);
        return deployed;
    }

    private String visit(Path answers) throws IOException {
        String out = result("kiosk:simulate …", kiosk.shell("kiosk:simulate --card adult-male --answers " + answers + " --step-timeout 120 " + CODE));
        Matcher m = SERIAL.matcher(out);
        assertTrue(out, out.contains("COMPLETED") && m.find());
        return m.group(1);
    }

    /** mvn -o archetype:generate, then mvn -o package, against target/it-repo only. */
    private Path generateAndPackage(String version) throws Exception {
        Path repo = Path.of(System.getProperty("it.repo", "target/it-repo")).toAbsolutePath();
        String kit = System.getProperty("opendmv.version", "0.1.0-SNAPSHOT");
        Path dir = Files.createDirectories(work.resolve("v" + version));
        Commands.run(dir, BUILD, List.of("mvn", "-B", "-o", "-Dmaven.repo.local=" + repo,
                "org.apache.maven.plugins:maven-archetype-plugin:3.2.1:generate",
                "-DarchetypeGroupId=org.opendmv", "-DarchetypeArtifactId=opendmv-business-archetype", "-DarchetypeVersion=" + kit,
                "-DgroupId=com.acme", "-DartifactId=" + CODE, "-Dversion=" + version, "-Dpackage=com.acme.cert",
                "-DinteractiveMode=false"));
        Path project = dir.resolve(CODE);
        assertTrue(Files.isRegularFile(project.resolve("src/main/resources/OSGI-INF/business/" + CODE + ".json")));
        String built = Commands.run(project, BUILD, List.of("mvn", "-B", "-o", "-Dmaven.repo.local=" + repo, "package"));
        assertTrue(built, built.contains("Tests run: 7, Failures: 0, Errors: 0, Skipped: 0"));
        Path jar = project.resolve("target/" + CODE + "-" + version + ".jar");
        assertTrue(built, Files.isRegularFile(jar));
        return jar;
    }



    /** What the guide shows: a command and its output, in the test's output file (no personal data: businesses, validation, results). */
    private static String shown(String cmd, String out) {
        System.out.println("admin@opendmv()> " + cmd + "\n" + out);
        return out;
    }

    /** The result lines of a kiosk:simulate run (the steps print the synthetic citizen's data). */
    private static String result(String cmd, String out) {
        shown(cmd, out.lines().filter(l -> l.contains("Result") || l.contains("PAUSED") || l.contains("Resuming")).reduce("", (a, b) -> a + b + "\n"));
        return out;
    }

    private String shell(String cmd) {
        try {
            return kiosk.shell(cmd);
        } catch (IOException e) {
            return "";
        }
    }
}
