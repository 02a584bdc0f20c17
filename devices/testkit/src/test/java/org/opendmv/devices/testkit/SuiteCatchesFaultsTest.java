package org.opendmv.devices.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.opendmv.devices.api.DeviceClass;

/** A driver with a typical mistake fails exactly the check about it, with a message saying what is wrong. */
public class SuiteCatchesFaultsTest {

    /** Base of the faulty drivers' conformance tests: the fault is a configuration key. */
    public abstract static class Faulty extends DriverConformanceTest {
        abstract String faults();

        @Override
        protected DriverUnderTest driver() {
            MemoryReaderFactory f = new MemoryReaderFactory();
            return DriverUnderTest.of(f, DeviceClass.ID_CARD_READER)
                    .config(Map.of("poll", "20ms", "faults", faults()))
                    .badConfig(Map.of("poll", "often", "faults", faults()))
                    .presentMedia(() -> f.cardPresent.set(true));
        }
    }

    public static class LogsIdNumber extends Faulty {
        @Override
        String faults() {
            return "LOG_ID_NUMBER";
        }
    }

    public static class LeaksThread extends Faulty {
        @Override
        String faults() {
            return "LEAK_THREAD";
        }
    }

    public static class IgnoresCancel extends Faulty {
        @Override
        String faults() {
            return "IGNORE_CANCEL";
        }
    }

    public static class ThrowsOnBadConfig extends Faulty {
        @Override
        String faults() {
            return "THROW_ON_BAD_CONFIG";
        }
    }

    public static class BlocksInInitialize extends Faulty {
        @Override
        String faults() {
            return "BLOCK_IN_INITIALIZE";
        }
    }

    /** Without badConfig and presentMedia: those checks are skipped with a reason, not passed. */
    public static class Minimal extends DriverConformanceTest {
        @Override
        protected DriverUnderTest driver() {
            MemoryReaderFactory f = new MemoryReaderFactory();
            f.cardPresent.set(true); // the card is always there: no hook to hold a command
            return DriverUnderTest.of(f, DeviceClass.ID_CARD_READER).config(Map.of());
        }
    }

    private static Map<String, String> failures(Class<?> test) {
        Result r = new JUnitCore().run(Request.aClass(test));
        return r.getFailures().stream().collect(Collectors.toMap(f -> f.getDescription().getMethodName(),
                Failure::getMessage, (a, b) -> a + " | " + b));
    }

    @Test
    public void personalDataInTheLogFailsEveryCheckThatReadsACard() {
        Map<String, String> f = failures(LogsIdNumber.class);
        assertTrue(f.toString(), f.keySet().containsAll(List.of("performsItsCommandAsTheClassContractSays",
                "disposeIsIdempotentSilencesTheDriverAndStopsItsThreads")));
        f.values().forEach(m -> assertTrue(m, m.startsWith("personal data reached the log")));
    }

    @Test
    public void aThreadLeftRunningAfterDisposeIsNamed() {
        Map<String, String> f = failures(LeaksThread.class);
        assertEquals(f.toString(), List.of("disposeIsIdempotentSilencesTheDriverAndStopsItsThreads"), List.copyOf(f.keySet()));
        String m = f.values().iterator().next();
        assertTrue(m, m.contains("threads still running") && m.contains("memory-reader-leak"));
    }

    @Test
    public void aCommandIgnoringItsContextFailsTheDeadlineCancelAndDisposeChecks() {
        Map<String, String> f = failures(IgnoresCancel.class);
        assertTrue(f.toString(), f.keySet().containsAll(List.of("aCommandStopsWhenItsDeadlinePasses",
                "aCommandStopsWhenCancelled", "aResultArrivingAfterTheDeadlineIsNeverDeliveredAndTheNextCommandGetsFreshData")));
        assertTrue(f.get("aCommandStopsWhenItsDeadlinePasses"), f.get("aCommandStopsWhenItsDeadlinePasses")
                .contains("did not stop"));
    }

    @Test
    public void throwingOnABadConfigurationFailsTheConfigurationCheck() {
        Map<String, String> f = failures(ThrowsOnBadConfig.class);
        assertEquals(f.toString(), List.of("aBadConfigurationGivesConfigurationErrorNotAnException"), List.copyOf(f.keySet()));
        assertTrue(f.toString(), f.values().iterator().next().contains("not thrown"));
    }

    @Test
    public void blockingInInitializeIsReported() {
        // only the check that catches it: every other check would wait out the same 4-s block (≈ 35 s in all)
        Result r = new JUnitCore().run(Request.method(BlocksInInitialize.class, "initializeReturnsPromptlyAndReportsAStatus"));
        Map<String, String> f = r.getFailures().stream().collect(Collectors.toMap(x -> x.getDescription().getMethodName(),
                Failure::getMessage));
        assertTrue(f.toString(), f.containsKey("initializeReturnsPromptlyAndReportsAStatus"));
        assertTrue(f.toString(), f.get("initializeReturnsPromptlyAndReportsAStatus").contains("blocked for"));
    }

    @Test
    public void checksWithoutTheirHookAreSkippedWithAReason() {
        Result r = new JUnitCore().run(Request.aClass(Minimal.class));
        assertEquals(r.getFailures().toString(), 0, r.getFailureCount());
        // config, deadline, cancel, late result: 4 skipped (assumption failures carry the reason); the rest ran
        assertEquals(4, r.getAssumptionFailureCount());
        assertEquals(9, r.getRunCount());
    }
}
