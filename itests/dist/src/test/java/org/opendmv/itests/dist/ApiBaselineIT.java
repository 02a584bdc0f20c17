package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * API baselining as a vendor relies on it: a copy of the driver API module (devices/api with the parent
 * pom) is built offline the way the reactor builds it. Unchanged, the bnd baseline check passes; a method
 * added to a driver-implemented interface without a major package version fails the build and names the
 * interface; the same change with the package version raised to 2.0.0 builds again.
 */
public class ApiBaselineIT {
    private static final String SPI = "src/main/java/org/opendmv/devices/api/spi/";
    private Path work;
    private Path module;

    @Before
    public void copyModule() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("opendmv-baseline-");
        Files.copy(root.resolve("pom.xml"), work.resolve("pom.xml"));
        module = work.resolve("devices/api");
        copyTree(root.resolve("devices/api/src/main"), module.resolve("src/main"));
        copyTree(root.resolve("devices/api/baseline"), module.resolve("baseline"));
        Files.copy(root.resolve("devices/api/pom.xml"), module.resolve("pom.xml"));
    }

    @After
    public void deleteCopy() throws IOException {
        if (work != null) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void anIncompatibleChangeToTheDriverApiFailsTheBuildUntilItsPackageVersionSaysSo() throws Exception {
        String unchanged = build();
        assertTrue(unchanged, unchanged.contains("Baseline check succeeded"));

        Path factory = module.resolve(SPI + "DeviceDriverFactory.java");
        String source = Files.readString(factory, StandardCharsets.UTF_8);
        String withNewMethod = source.replace("    String driverType();", "    String driverType();\n\n    String vendorName();");
        assertNotEquals("the test must change the interface", source, withNewMethod);
        Files.writeString(factory, withNewMethod, StandardCharsets.UTF_8);
        String broken = buildExpectingFailure();
        assertTrue(broken, broken.contains("Baseline problems detected"));
        assertTrue(broken, broken.contains("org.opendmv.devices.api.spi.DeviceDriverFactory"));
        assertTrue(broken, broken.contains("ADDED            METHOD     vendorName()"));

        Path info = module.resolve(SPI + "package-info.java");
        String pkg = Files.readString(info, StandardCharsets.UTF_8);
        Files.writeString(info, pkg.replaceFirst("@Version\\(\"[0-9.]+\"\\)", "@Version(\"2.0.0\")"), StandardCharsets.UTF_8);
        String bumped = build();
        assertTrue(bumped, bumped.contains("Baseline check succeeded"));
    }

    private String build() throws Exception {
        Result r = mvn();
        assertEquals(r.out, 0, r.exit);
        return r.out;
    }

    private String buildExpectingFailure() throws Exception {
        Result r = mvn();
        assertNotEquals(r.out, 0, r.exit);
        return r.out;
    }

    private Result mvn() throws Exception {
        String repo = System.getProperty("build.repo", System.getProperty("user.home") + "/.m2/repository");
        Path log = Files.createTempFile(work, "mvn-", ".log");
        Process p = new ProcessBuilder(List.of("mvn", "-B", "-o", "-Dmaven.repo.local=" + repo, "-f",
                module.resolve("pom.xml").toString(), "verify", "-DskipTests", "-Dmaven.javadoc.skip", "-Dmaven.source.skip"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn did not finish in 5 minutes: " + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    private record Result(int exit, String out) {
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
