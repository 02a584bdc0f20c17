package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.FieldType;
import org.opendmv.engine.api.InvalidBusiness;
import org.opendmv.engine.api.RegistryListener;

public class RegistryTest {

    static Registry.Resource res(String name) {
        return new Registry.Resource() {
            @Override
            public String path() {
                return "/OSGI-INF/business/" + name;
            }

            @Override
            public InputStream open() {
                return RegistryTest.class.getResourceAsStream("/descriptors/" + name);
            }
        };
    }

    @Test
    public void goodDescriptorIsReadCompletely() {
        Registry r = new Registry();
        assertEquals(List.of("test-renewal"), r.addBundle(7, "acme.renewal", "1.0.0", List.of(res("good.json"))));
        BusinessDescriptor d = r.business("test-renewal").orElseThrow();
        assertEquals("测试换证", d.name().zh());
        assertEquals("Test renewal", d.name().en());
        assertEquals(3, d.steps().size());
        assertEquals(60, d.steps().get(2).idleTimeout().orElseThrow().getSeconds());
        assertEquals(FieldType.MOBILE, d.fields().get(0).type());
        assertEquals("小型自动挡", d.fields().get(1).options().get(1).label().zh());
        assertEquals(2, d.materials().get(0).maxPages());
        assertEquals("CA", d.properties().get("businessType"));
        assertEquals("acme.renewal", r.source("test-renewal").orElseThrow().symbolicName());
    }

    @Test
    public void brokenDescriptorsAreListedWithReasonsAndDoNotDisturbOthers() {
        Registry r = new Registry();
        r.addBundle(7, "acme.good", "1.0.0", List.of(res("good.json")));
        assertEquals(List.of(), r.addBundle(8, "acme.bad", "1.0.0", List.of(res("typo.json"), res("truncated.json"))));
        assertEquals(1, r.businesses().size());
        List<InvalidBusiness> inv = r.invalid();
        assertEquals(2, inv.size());
        List<String> typo = inv.get(0).problems();
        assertEquals("test-typo", inv.get(0).code());
        assertTrue(typo.toString(), typo.contains("unknown key 'fee'"));
        assertTrue(typo.toString(), typo.stream().anyMatch(p -> p.startsWith("fields[0].type 'PHONE' is not one of")));
        assertTrue(typo.toString(), typo.contains("fields[0].required must be true or false"));
        assertTrue(inv.get(1).problems().get(0), inv.get(1).problems().get(0).startsWith("not valid JSON at line 1"));
        r.removeBundle(8);
        assertTrue(r.invalid().isEmpty());
        assertTrue(r.business("test-renewal").isPresent());
    }

    @Test
    public void aCodeClaimedTwiceKeepsTheFirst() {
        Registry r = new Registry();
        r.addBundle(7, "acme.one", "1.0.0", List.of(res("good.json")));
        r.addBundle(9, "acme.two", "1.0.0", List.of(res("good.json")));
        assertEquals("acme.one", r.source("test-renewal").orElseThrow().symbolicName());
        assertEquals("code 'test-renewal' is already provided by acme.one", r.invalid().get(0).problems().get(0));
        r.removeBundle(9);
        assertTrue(r.business("test-renewal").isPresent());
    }

    @Test
    public void listenersHearArrivalsAndDepartures() {
        Registry r = new Registry();
        List<String> heard = new ArrayList<>();
        r.addListener(new RegistryListener() {
            @Override
            public void added(BusinessDescriptor b) {
                heard.add("+" + b.code());
            }

            @Override
            public void removed(BusinessDescriptor b) {
                heard.add("-" + b.code());
            }
        });
        r.addBundle(7, "acme", "1.0.0", List.of(res("good.json")));
        r.removeBundle(7);
        assertEquals(List.of("+test-renewal", "-test-renewal"), heard);
        assertFalse(r.business("test-renewal").isPresent());
    }

    /** A rule (and the parameters it declares) arriving after its business: the business is checked then. */
    @Test
    public void deployChecksRunAgainWhenARuleArrives() {
        Registry r = new Registry();
        List<String> removed = new ArrayList<>();
        r.addListener(new RegistryListener() {
            @Override
            public void added(BusinessDescriptor business) {
            }

            @Override
            public void removed(BusinessDescriptor business) {
                removed.add(business.code());
            }
        });
        List<String> ruleProblems = new ArrayList<>();
        r.addCheck((d, bundleId) -> List.copyOf(ruleProblems));
        r.addBundle(7, "acme.renewal", "1.0.0", List.of(res("good.json")));
        assertTrue(r.business("test-renewal").isPresent());
        r.recheck();
        assertTrue("nothing changed: still in service", r.business("test-renewal").isPresent());

        ruleProblems.add("rule test.eligibility needs rule.windowDaysBefore (whole number 0..365); properties does not set it");
        r.recheck();
        assertFalse(r.business("test-renewal").isPresent());
        assertEquals(List.of("test-renewal"), removed);
        InvalidBusiness bad = r.invalid().get(0);
        assertEquals("test-renewal", bad.code());
        assertEquals(List.copyOf(ruleProblems), bad.problems());
        r.removeBundle(7);
        assertEquals(List.of(), r.invalid());
    }

    private static List<String> heard(Registry r) {
        List<String> heard = new ArrayList<>();
        r.addListener(new RegistryListener() {
            @Override
            public void added(BusinessDescriptor b) {
                heard.add("+" + b.code());
            }

            @Override
            public void removed(BusinessDescriptor b) {
                heard.add("-" + b.code());
            }

            @Override
            public void replaced(BusinessDescriptor old, BusinessDescriptor current) {
                heard.add(old.code() + ">" + current.code());
            }
        });
        return heard;
    }

    private static String versions(Registry r, String code) {
        return r.versions(code).stream().map(v -> v.source().version() + " " + v.status() + " [" + v.source().bundleId() + "]")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    @Test
    public void aHigherVersionOfTheSameBundleBecomesCurrentAndTheOldOneIsRetired() {
        Registry r = new Registry();
        List<String> heard = heard(r);
        r.addBundle(7, "acme.renewal", "1.0.0", List.of(res("good.json")));
        assertEquals(List.of("test-renewal"), r.addBundle(9, "acme.renewal", "1.0.1", List.of(res("good.json"))));
        assertEquals("1.0.1 CURRENT [9], 1.0.0 RETIRED [7]", versions(r, "test-renewal"));
        assertEquals(9, r.source("test-renewal").orElseThrow().bundleId());
        assertEquals("one business, not two", 1, r.businesses().size());
        assertTrue(r.invalid().isEmpty());
        assertEquals(List.of("+test-renewal", "test-renewal>test-renewal"), heard);
        assertEquals(1, r.retired().size());
        assertEquals(7, r.retired().get(0).source().bundleId());
        assertFalse(r.providesCurrent(7));
        assertTrue(r.providesCurrent(9));

        // the retired one leaves quietly: nothing changes for new visits
        r.removeBundle(7);
        assertEquals("1.0.1 CURRENT [9]", versions(r, "test-renewal"));
        assertEquals(2, heard.size());
    }

    @Test
    public void aLowerVersionArrivingLaterIsRetiredAtOnce() {
        Registry r = new Registry();
        List<String> heard = heard(r);
        r.addBundle(9, "acme.renewal", "2.0.0", List.of(res("good.json")));
        r.addBundle(7, "acme.renewal", "1.9.9", List.of(res("good.json")));
        assertEquals("2.0.0 CURRENT [9], 1.9.9 RETIRED [7]", versions(r, "test-renewal"));
        assertEquals(List.of("+test-renewal"), heard);
    }

    @Test
    public void whenTheCurrentVersionLeavesARetiredOneTakesOverAndTheLastOneLeavingRemovesTheBusiness() {
        Registry r = new Registry();
        r.addBundle(7, "acme.renewal", "1.0.0", List.of(res("good.json")));
        r.addBundle(9, "acme.renewal", "1.0.1", List.of(res("good.json")));
        List<String> heard = heard(r);
        r.removeBundle(9);
        assertEquals("1.0.0 CURRENT [7]", versions(r, "test-renewal"));
        assertEquals(List.of("test-renewal>test-renewal"), heard);
        r.removeBundle(7);
        assertEquals(List.of("test-renewal>test-renewal", "-test-renewal"), heard);
        assertTrue(r.versions("test-renewal").isEmpty());
        assertTrue(r.business("test-renewal").isEmpty());
    }

    @Test
    public void theSameVersionTwiceOrAnotherBundleNameIsStillAConflict() {
        Registry r = new Registry();
        r.addBundle(7, "acme.renewal", "1.0.0", List.of(res("good.json")));
        r.addBundle(8, "acme.renewal", "1.0.0", List.of(res("good.json")));
        r.addBundle(9, "other.renewal", "3.0.0", List.of(res("good.json")));
        assertEquals("1.0.0 CURRENT [7]", versions(r, "test-renewal"));
        assertEquals(2, r.invalid().size());
        assertEquals("code 'test-renewal' version 1.0.0 is already provided by bundle 7; give the new bundle a higher Bundle-Version",
                r.invalid().get(0).problems().get(0));
        assertEquals("code 'test-renewal' is already provided by acme.renewal", r.invalid().get(1).problems().get(0));
    }

    @Test
    public void theDefaultReplacedIsARemovalThenAnArrival() {
        Registry r = new Registry();
        List<String> heard = new ArrayList<>();
        r.addListener(new RegistryListener() {
            @Override
            public void added(BusinessDescriptor b) {
                heard.add("+" + b.code() + " " + b.properties().get("businessType"));
            }

            @Override
            public void removed(BusinessDescriptor b) {
                heard.add("-" + b.code());
            }
        });
        r.addBundle(7, "acme.renewal", "1.0.0", List.of(res("good.json")));
        r.addBundle(9, "acme.renewal", "1.0.1", List.of(res("good.json")));
        assertEquals(List.of("+test-renewal CA", "-test-renewal", "+test-renewal CA"), heard);
    }
}
