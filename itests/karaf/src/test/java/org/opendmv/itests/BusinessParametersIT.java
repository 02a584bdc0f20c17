package org.opendmv.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendmv.engine.api.BusinessRegistry;
import org.opendmv.engine.api.BusinessSettings;
import org.opendmv.engine.api.EffectiveParameter;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.engine.api.SessionManager;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Rule parameters as live configuration, as an operator changes them: {@code config:property-set},
 * a {@code .cfg} file in {@code etc/}, a bad value refused with the old one kept, the sources shown
 * by {@code kiosk:businesses <code>}, and a descriptor missing a declared parameter refused at deploy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessParametersIT extends KioskTestSupport {
    private static final long LIMIT_MS = 30_000;
    private static final String PLATE = "mv-plate-replace";
    private static final String LICENCE = "mv-licence-replace";

    @Inject
    BusinessRegistry registry;
    @Inject
    SessionManager sessions;
    @Inject
    BusinessSettings settings;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> o = new ArrayList<>(Arrays.asList(super.config()));
        o.add(editConfigurationFilePut("etc/org.opendmv.devices.sim.cfg", "default.latency.ms", "20"));
        o.add(editConfigurationFilePut("etc/org.opendmv.payment.sim.cfg", "pay.after.ms", "300"));
        return o.toArray(new Option[0]);
    }

    private void awaitReady(String code) throws InterruptedException {
        await(code + " ready", 60_000, () -> registry.business(code).isPresent() && sessions.readiness(code).isEmpty());
    }

    private String simulate(String code) throws Exception {
        return console("kiosk:simulate --card adult-male " + code);
    }

    private EffectiveParameter blockedStatus(String code) {
        return settings.parameters(code).stream().filter(p -> p.key().equals("rule.blockedStatus")).findFirst().orElseThrow();
    }

    private String karafLog() throws Exception {
        return Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
    }

    @Test
    public void propertySetChangesTheNextVisitAndABadValueIsRefused() throws Exception {
        awaitReady(PLATE);
        String before = simulate(PLATE);
        assertTrue(before, before.contains("办理完成 COMPLETED"));
        String shown = console("kiosk:businesses " + PLATE);
        assertTrue(shown, shown.contains("parameters (PID org.opendmv.business." + PLATE));
        assertTrue(shown, shown.matches("(?s).*rule\\.blockedStatus\\s+CEKLMNOP\\s+descriptor\\s+OSGI-INF/business/" + PLATE + "\\.json.*"));
        String meta = console("config:meta org.opendmv.business." + PLATE);
        assertTrue(meta, meta.contains("rule.blockedStatus") && meta.contains("CEKLMNOP"));

        try {
            // status A (in order) now blocks: the adult-male's cars are all refused on the next visit
            console("config:property-set -p org.opendmv.business." + PLATE + " rule.blockedStatus ACEKLMNOP");
            await("the new value in effect", LIMIT_MS, () -> "ACEKLMNOP".equals(blockedStatus(PLATE).value()));
            assertEquals(EffectiveParameter.Source.CONFIG, blockedStatus(PLATE).source());
            String refused = simulate(PLATE);
            assertTrue(refused, refused.contains("不予受理 REFUSED") && refused.contains("[NO_ELIGIBLE_VEHICLE]"));
            shown = console("kiosk:businesses " + PLATE);
            assertTrue(shown, shown.matches("(?s).*rule\\.blockedStatus\\s+ACEKLMNOP\\s+config.*"));

            // a bad value is refused with a clear message; the last good one stays in effect
            console("config:property-set -p org.opendmv.business." + PLATE + " rule.blockedStatus c-e");
            await("the bad value to be refused", LIMIT_MS, () -> blockedStatus(PLATE).refusal().isPresent());
            EffectiveParameter p = blockedStatus(PLATE);
            assertEquals("ACEKLMNOP", p.value());
            assertEquals("c-e", p.refusedValue().orElseThrow());
            assertTrue(p.refusal().get(), p.refusal().get().startsWith("must be upper-case status letters"));
            shown = console("kiosk:businesses " + PLATE);
            assertTrue(shown, shown.contains("(refused config value \"c-e\": must be upper-case status letters"));
            refused = simulate(PLATE);
            assertTrue("the old value still applies:\n" + refused, refused.contains("[NO_ELIGIBLE_VEHICLE]"));
            String log = karafLog();
            assertTrue("an ERROR line naming PID and key", log.contains("Configuration org.opendmv.business." + PLATE)
                    && log.contains("rule.blockedStatus = \"c-e\" refused: must be upper-case status letters"));
        } finally {
            console("config:delete org.opendmv.business." + PLATE);
        }
        await("back to the descriptor's value", LIMIT_MS, () -> blockedStatus(PLATE).source() == EffectiveParameter.Source.DESCRIPTOR
                && blockedStatus(PLATE).refusal().isEmpty());
        String after = simulate(PLATE);
        assertTrue(after, after.contains("办理完成 COMPLETED"));
    }

    /** fileinstall reads etc/org.opendmv.business.mv-licence-replace.cfg as factory "org.opendmv.business.mv", instance "licence-replace". */
    @Test
    public void aCfgFileInEtcChangesTheNextVisit() throws Exception {
        awaitReady(LICENCE);
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path cfg = etc.resolve("org.opendmv.business." + LICENCE + ".cfg");
        Path tmp = etc.resolve("org.opendmv.business." + LICENCE + ".tmp");
        try {
            Files.writeString(tmp, "# status A blocks too\nrule.blockedStatus = ACEKLMNOP\n", StandardCharsets.UTF_8);
            Files.move(tmp, cfg, StandardCopyOption.ATOMIC_MOVE);
            await("the file's value in effect", LIMIT_MS, () -> "ACEKLMNOP".equals(blockedStatus(LICENCE).value()));
            EffectiveParameter p = blockedStatus(LICENCE);
            assertEquals(EffectiveParameter.Source.CONFIG, p.source());
            assertTrue(p.where(), p.where().endsWith("etc/org.opendmv.business." + LICENCE + ".cfg"));
            String shown = console("kiosk:businesses " + LICENCE);
            assertTrue(shown, shown.matches("(?s).*rule\\.blockedStatus\\s+ACEKLMNOP\\s+config\\s+\\S*etc/org\\.opendmv\\.business\\." + LICENCE + "\\.cfg.*"));
            String refused = simulate(LICENCE);
            assertTrue(refused, refused.contains("不予受理 REFUSED") && refused.contains("[NO_ELIGIBLE_VEHICLE]"));
            // the other vehicle businesses are not affected
            assertTrue(simulate(PLATE).contains("办理完成 COMPLETED"));
        } finally {
            Files.deleteIfExists(cfg);
        }
        await("the file's value gone", LIMIT_MS, () -> blockedStatus(LICENCE).source() == EffectiveParameter.Source.DESCRIPTOR);
        assertTrue(simulate(LICENCE).contains("办理完成 COMPLETED"));
    }

    @Test
    public void aDescriptorMissingADeclaredParameterIsRefusedAtDeploy() throws Exception {
        awaitReady(PLATE);
        Path target = Path.of(System.getProperty("karaf.base"), "deploy", "missing-param-business.jar");
        Path tmp = target.resolveSibling("missing-param-business.tmp");
        Files.copy(Path.of(System.getProperty("opendmv.test.fixtures"), "org.opendmv.itests.missing-param-business.jar"), tmp,
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try {
            await("the descriptor to be refused", LIMIT_MS, () -> registry.invalid().stream().anyMatch(b -> "sample-missing-param".equals(b.code())));
            InvalidBusiness bad = registry.invalid().stream().filter(b -> "sample-missing-param".equals(b.code())).findFirst().orElseThrow();
            assertEquals(List.of(
                    "rule vehicle.owned-status needs rule.blockedStatus (text); properties does not set it",
                    "properties sets rule.blockedStatu, which none of its rules (vehicle.owned-status) declares"), bad.problems());
            assertFalse(registry.business("sample-missing-param").isPresent());
            String listed = console("kiosk:businesses --invalid");
            assertTrue(listed, listed.contains("needs rule.blockedStatus"));
        } finally {
            Files.deleteIfExists(target);
        }
        await("the refusal to go with the bundle", LIMIT_MS, () -> registry.invalid().isEmpty());
    }
}
