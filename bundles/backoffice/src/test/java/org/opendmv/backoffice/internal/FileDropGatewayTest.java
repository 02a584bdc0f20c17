package org.opendmv.backoffice.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.opendmv.backoffice.api.GatewayException;
import org.opendmv.backoffice.api.Submission;

public class FileDropGatewayTest {
    private static final String SERIAL = "20261124K001000042";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Set<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    public void writesOneCompletePrivateFolderPerApplication() throws Exception {
        Path out = tmp.getRoot().toPath().resolve("outgoing");
        FileDropGateway g = new FileDropGateway(out);
        Submission s = TestData.submission(SERIAL);
        assertEquals("file:" + SERIAL, g.deliver(s));
        Path dir = out.resolve(SERIAL);
        assertEquals(Set.of("application.json", "form.pdf", "photo.jpeg", "delivery.properties"), names(dir));
        assertEquals("{\"serial\":\"" + SERIAL + "\"}", Files.readString(dir.resolve("application.json")));
        assertArrayEquals(s.parts().get(1).data(), Files.readAllBytes(dir.resolve("photo.jpeg")));
        assertTrue(Files.readString(dir.resolve("delivery.properties")).contains("idempotencyKey=" + SERIAL));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("photo.jpeg"))));
        assertEquals("no temporary folder left", Set.of(SERIAL), names(out));
    }

    @Test
    public void aRepeatedDeliveryIsTheSameDeliveryAndIsNotRewritten() throws Exception {
        Path out = tmp.getRoot().toPath();
        FileDropGateway g = new FileDropGateway(out);
        g.deliver(TestData.submission(SERIAL));
        Path json = out.resolve(SERIAL).resolve("application.json");
        FileTime before = Files.getLastModifiedTime(json);
        Files.setLastModifiedTime(json, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertEquals("file:" + SERIAL, g.deliver(TestData.submission(SERIAL)));
        assertEquals(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")), Files.getLastModifiedTime(json));
        assertTrue(before.toInstant().isAfter(Instant.parse("2021-01-01T00:00:00Z")));
        assertEquals(Set.of(SERIAL), names(out));
    }

    @Test
    public void aFolderOfAnotherDeliveryOrAnIncompleteOneIsForStaff() throws Exception {
        Path out = tmp.getRoot().toPath();
        FileDropGateway g = new FileDropGateway(out);
        g.deliver(TestData.submission(SERIAL));
        Submission other = new Submission(SERIAL, "other-key", "dl-renewal", "{}".getBytes(StandardCharsets.UTF_8), List.of());
        refused(g, other, "idempotency key differs", false);
        Files.createDirectories(out.resolve("20261124K001000043"));
        refused(g, TestData.submission("20261124K001000043"), "without a complete delivery", false);
    }

    @Test
    public void unsafeNamesAreRefused() throws Exception {
        FileDropGateway g = new FileDropGateway(tmp.getRoot().toPath());
        refused(g, TestData.submission("../etc"), "folder name", false);
        Submission bad = new Submission(SERIAL, SERIAL, "dl-renewal", "{}".getBytes(StandardCharsets.UTF_8),
                List.of(new Submission.Part("../x", "text/plain", new byte[1])));
        refused(g, bad, "not allowed", false);
        Submission clash = new Submission(SERIAL, SERIAL, "dl-renewal", "{}".getBytes(StandardCharsets.UTF_8),
                List.of(new Submission.Part("application.json", "text/plain", new byte[1])));
        refused(g, clash, "not allowed or repeated", false);
        assertFalse(Files.exists(tmp.getRoot().toPath().resolve(SERIAL)));
    }

    @Test
    public void anUnwritableFolderIsTemporary() throws Exception {
        Path ro = tmp.newFolder("ro").toPath();
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
        try {
            if (Files.isWritable(ro)) {
                return; // running as root: permissions do not apply
            }
            refused(new FileDropGateway(ro.resolve("outgoing")), TestData.submission(SERIAL), "could not write", true);
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    public void temporaryFoldersLeftByACrashAreRemovedAtStart() throws Exception {
        Path out = tmp.getRoot().toPath();
        Path stale = Files.createDirectory(out.resolve(".tmp-" + SERIAL + "-123"));
        Files.writeString(stale.resolve("application.json"), "{}");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
        new FileDropGateway(out);
        assertFalse(Files.exists(stale));
    }

    /** Plaintext personal data stays owner-only: the drop folder it creates, and a kept folder someone opened up. */
    @Test
    public void theDropFolderAndKeptDeliveriesAreOwnerOnly() throws Exception {
        Path out = tmp.getRoot().toPath().resolve("data/backoffice/outgoing");
        FileDropGateway g = new FileDropGateway(out);
        g.deliver(TestData.submission(SERIAL));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Path dir = out.resolve(SERIAL);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("photo.jpeg"), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(), g.sweep(Instant.now(), java.time.Duration.ofDays(30), serial -> false));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("photo.jpeg"))));
    }

    static void refused(FileDropGateway g, Submission s, String message, boolean temporary) {
        try {
            g.deliver(s);
            fail("delivered");
        } catch (GatewayException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
            assertEquals(e.getMessage(), temporary, e.temporary());
        }
    }
}
