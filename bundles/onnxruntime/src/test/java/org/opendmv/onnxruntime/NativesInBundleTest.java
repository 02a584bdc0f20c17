package org.opendmv.onnxruntime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * The bundle as built (classes, linux-x64 natives and manifest from target/classes) is installed into a bare
 * Felix framework: its ONNX Runtime finds the natives in its own bundle resources and loads them in the
 * bundle's class loader (nothing of the test class path leaks in: Felix delegates only java.* to the parent).
 */
public class NativesInBundleTest {
    private Path tmp;
    private Framework framework;

    @Before
    public void startFramework() throws Exception {
        tmp = Files.createTempDirectory("ort-bundle-test");
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString());
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new FrameworkFactory().newFramework(cfg);
        framework.start();
    }

    @After
    public void stopFramework() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    public void onnxRuntimeLoadsItsLinuxNativesInsideOsgi() throws Exception {
        Path classes = Path.of("target/classes");
        assertTrue("linux-x64 natives are in the bundle",
                Files.isRegularFile(classes.resolve("ai/onnxruntime/native/linux-x64/libonnxruntime.so")));
        try (Stream<Path> s = Files.list(classes.resolve("ai/onnxruntime/native"))) {
            assertEquals("only linux-x64 natives are shipped", 1, s.count());
        }
        Path jar = jar(classes, tmp.resolve("org.opendmv.onnxruntime.jar"));
        Bundle b = framework.getBundleContext().installBundle(jar.toUri().toString());
        b.start();
        assertEquals(Bundle.ACTIVE, b.getState());
        assertEquals("1.22.0", b.getVersion().toString());

        Class<?> envClass = b.loadClass("ai.onnxruntime.OrtEnvironment");
        assertTrue("class comes from the bundle", envClass.getClassLoader() != getClass().getClassLoader());
        Object env = envClass.getMethod("getEnvironment").invoke(null);
        Method version = envClass.getMethod("getVersion");
        assertEquals("native library answers", "1.22.0", version.invoke(env));
        Object providers = envClass.getMethod("getAvailableProviders").invoke(null);
        assertTrue("CPU execution provider available: " + providers, providers.toString().contains("CPU"));
    }

    private static Path jar(Path classes, Path out) throws IOException {
        Manifest mf;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jos = new JarOutputStream(os, mf);
                Stream<Path> s = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jos.putNextEntry(new JarEntry(name));
                Files.copy(p, jos);
                jos.closeEntry();
            }
        }
        return out;
    }
}
