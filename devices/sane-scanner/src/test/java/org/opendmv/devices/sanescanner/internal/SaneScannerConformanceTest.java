package org.opendmv.devices.sanescanner.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.opendmv.devices.api.DeviceClass;
import org.opendmv.devices.testkit.DriverConformanceTest;
import org.opendmv.devices.testkit.DriverUnderTest;

/**
 * The testkit's driver conformance suite against SANE's virtual {@code test} scanner (private config dir,
 * {@link SaneTestBackend}). A scanner does not wait for a person, so commands are held by making the real
 * scanimage slow: while the hold file exists, a wrapper adds the test backend's read delay (200 ms per
 * buffer, minutes for a page), and the driver must stop (kill) it at the deadline or on cancel.
 */
public class SaneScannerConformanceTest extends DriverConformanceTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Override
    protected DriverUnderTest driver() throws Exception {
        SaneTestBackend sane = new SaneTestBackend(tmp.newFolder());
        Path hold = tmp.getRoot().toPath().resolve("hold");
        Path wrapper = tmp.getRoot().toPath().resolve("scanimage-wrapper");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "if [ -e '" + hold + "' ] && [ \"$1\" != -f ]; then\n"
                + "  exec scanimage \"$@\" --read-delay=yes --read-delay-duration=200000\n"
                + "fi\n"
                + "exec scanimage \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return DriverUnderTest.of(new SaneScannerDriverFactory(SaneTestBackend.defaults()), DeviceClass.DOCUMENT_SCANNER)
                .config(sane.properties(ScannerSettings.KEY_SCANIMAGE, wrapper.toString()))
                .badConfig(sane.properties(ScannerSettings.KEY_FORMAT, "tiff"))
                .holdCommands(() -> touch(hold), () -> delete(hold));
    }

    private static void touch(Path p) {
        try {
            Files.writeString(p, "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
