package org.opendmv.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * The classes that need nothing but the kiosk's default configuration share one distribution
 * boot (≈ 25–40 s each on 2 cores). Pax Exam's {@code PerSuite} only shares a container across
 * the classes of one JUnit suite: run one by one by failsafe, each class boots its own.
 * Each member still runs alone with {@code -Dit.test=CoreIT}; failsafe excludes the members
 * (pom.xml) so the suite does not run them twice. Every member cleans up what it changes
 * (deploy/, device configurations, the simulator's faults); DevicesIT, which uninstalls and
 * reinstalls the simulator driver, goes last.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({CoreIT.class, ConsoleAclIT.class, CitizenFilesIT.class, HotDeployIT.class, UpgradeIT.class,
        DevicesIT.class})
public class SharedKioskIT {
}
