package org.opendmv.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.opendmv.business.api.BusinessDescriptor;
import org.opendmv.business.api.StepSpec;
import org.opendmv.business.api.spi.StepContext;
import org.opendmv.devices.api.CommandContext;
import org.opendmv.devices.api.IdCardReader;

/** org.opendmv.engine.deadlines: the deadline each device command gets, changed live, bad values refused. */
public class DeviceDeadlinesTest {

    /** A reader that records the context of every readCard and never answers. */
    private static IdCardReader recordingReader(List<CommandContext> seen) {
        return (IdCardReader) Proxy.newProxyInstance(IdCardReader.class.getClassLoader(), new Class<?>[] {IdCardReader.class},
                (p, m, a) -> {
                    if (m.getName().equals("readCard")) {
                        seen.add((CommandContext) a[a.length - 1]);
                        return new CompletableFuture<>();
                    }
                    return m.getName().equals("toString") ? "recording reader" : null;
                });
    }

    private static StepContext stepContext(String sessionId) {
        return (StepContext) Proxy.newProxyInstance(StepContext.class.getClassLoader(), new Class<?>[] {StepContext.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "sessionId":
                            return sessionId;
                        case "business":
                            return BusinessDescriptor.builder("dl-renewal").build();
                        case "step":
                            return new StepSpec("IDENTIFY", null);
                        case "locale":
                            return Locale.SIMPLIFIED_CHINESE;
                        case "data":
                            return new HashMap<>();
                        case "clock":
                            return Clock.systemUTC();
                        case "post":
                            return null;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    private static long secondsLeft(CommandContext cc) {
        return Math.round(cc.remaining().toMillis() / 1000.0);
    }

    @Test
    public void theCardReadGetsTheConfiguredDeadlineAndAChangeAppliesToTheNextRead() {
        List<CommandContext> seen = new CopyOnWriteArrayList<>();
        IdentifyStep step = new IdentifyStep(TestConfigs.identify(0.8, 3, true), Fakes.devices(recordingReader(seen)));
        DeviceDeadlines deadlines = new DeviceDeadlines(Map.of());
        step.deadlines = deadlines;

        step.enter(stepContext("s1"));
        assertEquals("the default", 90, secondsLeft(seen.get(0)));

        deadlines.modified(Map.of("idCardReader.readCard", "PT2M")); // as Config Admin does on an edited .cfg
        step.enter(stepContext("s2"));
        assertEquals(120, secondsLeft(seen.get(1)));

        deadlines.modified(Map.of("idCardReader.readCard", "45"));
        step.enter(stepContext("s3"));
        assertEquals(45, secondsLeft(seen.get(2)));
        step.exit(stepContext("s1"));
        step.exit(stepContext("s2"));
        step.exit(stepContext("s3"));
    }

    @Test
    public void aBadValueIsRefusedWithAClearMessageAndTheDefaultKept() {
        DeviceDeadlines d = new DeviceDeadlines(Map.of("idCardReader.readCard", "soon", "receiptPrinter.print", "0",
                "documentScanner.scan", "PT2M", "signaturePad.capture", "PT2H"));
        assertEquals(Duration.ofSeconds(90), d.deadline("idCardReader", "readCard"));
        assertEquals(Duration.ofSeconds(30), d.deadline("receiptPrinter", "print"));
        assertEquals(Duration.ofSeconds(180), d.deadline("signaturePad", "capture"));
        assertEquals("good values next to bad ones are taken", Duration.ofMinutes(2), d.deadline("documentScanner", "scan"));
        assertEquals(d.refused().toString(), 3, d.refused().size());
        String all = String.join("\n", d.refused());
        assertTrue(all, all.contains("Device deadline idCardReader.readCard = 'soon' refused: not a duration: give seconds (90) "
                + "or ISO-8601 (PT1M30S) between 1 s and 1 h; using the default 90 s"));
        assertTrue(all, all.contains("Device deadline receiptPrinter.print = '0' refused: must be between 1 s and 1 h (3600 s), was 0 s; "
                + "using the default 30 s"));
        assertTrue(all, all.contains("signaturePad.capture = 'PT2H' refused"));

        d.modified(Map.of("idCardReader.readCard", "60", "idCardreader.readcard", "70", "service.pid", DeviceDeadlines.PID));
        assertEquals(Duration.ofSeconds(60), d.deadline("idCardReader", "readCard"));
        assertEquals("a misspelt key is named with the known ones", 1, d.refused().size());
        assertTrue(d.refused().get(0), d.refused().get(0).startsWith("Unknown device deadline key 'idCardreader.readcard' in "
                + "org.opendmv.engine.deadlines ignored; known keys: idCardReader.readCard, livenessDetector.checkLiveness"));
        assertEquals(Duration.ofSeconds(90), DeviceDeadlines.DEFAULT.deadline("idCardReader", "readCard"));
    }

    @Test
    public void theMetatypeOffersTheSameKeysAndDefaults() throws Exception {
        Map<String, Duration> fromMetatype = new java.util.LinkedHashMap<>();
        for (Method m : DeviceDeadlines.Config.class.getDeclaredMethods()) {
            // DS maps a single '_' in a method name to '.' (OSGi compendium 112.8.2.1)
            fromMetatype.put(m.getName().replace('_', '.'), DeviceDeadlines.parse(m.getDefaultValue()));
        }
        assertEquals(DeviceDeadlines.DEFAULTS, fromMetatype);
    }
}
