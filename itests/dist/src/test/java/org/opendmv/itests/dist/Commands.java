package org.opendmv.itests.dist;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the kit tests do as a person at a shell would: run a command, drop a file into deploy/. */
final class Commands {
    private Commands() {
    }

    /** Runs {@code cmd} in {@code dir}; fails the test with its output unless it exits 0 within {@code limit}. */
    static String run(Path dir, Duration limit, List<String> cmd) throws Exception {
        Path log = Files.createTempFile("opendmv-cmd-", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in " + limit + ": " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(cmd + "\n" + out, 0, p.exitValue());
        return out;
    }

    /** Copies {@code file} into the kiosk's deploy/ as {@code name}: written beside it, then moved in, as the guides say. */
    static Path deploy(KioskProcess kiosk, Path file, String name) throws IOException {
        Path target = kiosk.home.resolve("deploy").resolve(name);
        Path tmp = kiosk.home.resolve("deploy").resolve(name + ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
