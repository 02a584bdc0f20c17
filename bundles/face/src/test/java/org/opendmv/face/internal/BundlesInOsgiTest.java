package org.opendmv.face.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
 * The three bundles as they ship (org.opendmv.onnxruntime, org.opendmv.face-models, this bundle as built) in a bare
 * Felix framework: the analyzer finds the models through its dynamic import and ONNX Runtime loads its natives in
 * its own bundle, then it finds a real face. Nothing of the test class path leaks in (Felix delegates only java.*).
 */
public class BundlesInOsgiTest {
    private Path tmp;
    private Framework framework;

    @Before
    public void startFramework() throws Exception {
        tmp = Files.createTempDirectory("face-osgi-test");
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString());
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        cfg.put("ds.loglevel", "warn");
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

    private static String onClassPath(String fragment, String notContaining) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains(fragment) && (notContaining == null || !e.contains(notContaining)))
                .findFirst().orElseThrow(() -> new AssertionError(fragment + " not on the test class path"));
    }

    private Bundle install(String location) throws Exception {
        return framework.getBundleContext().installBundle(new File(location).toURI().toString());
    }

    @Test
    public void theAnalyzerFindsAFaceInsideOsgi() throws Exception {
        install(onClassPath("slf4j-api", null));
        install(onClassPath("slf4j-simple", null));
        List<Bundle> ds = new java.util.ArrayList<>();
        for (String lib : List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component-",
                "org.apache.felix.scr")) {
            ds.add(install(onClassPath(lib, null)));
        }
        for (Bundle b : ds) {
            b.start();
        }
        Bundle ort = install(onClassPath("org.opendmv.onnxruntime", null));
        Bundle models = install(onClassPath("org.opendmv.face-models", "test-faces"));
        Bundle face = install(jar(Path.of("target/classes"), tmp.resolve("org.opendmv.face.jar")).toString());
        for (Bundle b : List.of(ort, models, face)) {
            b.start();
            assertEquals(b.getSymbolicName(), Bundle.ACTIVE, b.getState());
        }
        Class<?> analyzerClass = face.loadClass("org.opendmv.face.internal.onnx.OnnxFaceAnalyzer");
        Object analyzer = analyzerClass.getConstructor(Path.class, double.class, int.class).newInstance(null, 0.6, 1);
        boolean ready = (Boolean) analyzerClass.getMethod("ready").invoke(analyzer);
        assertTrue((String) analyzerClass.getMethod("reason").invoke(analyzer), ready);

        BufferedImage group = FaceFixtures.sample(6);
        org.opendmv.face.api.Box b = FaceFixtures.people(group).get(1).box();
        BufferedImage portrait = FaceFixtures.portrait(group, b, 480, 640);
        Class<?> frameClass = face.loadClass("org.opendmv.face.api.Frame");
        assertTrue("the bundle's own API class", frameClass != org.opendmv.face.api.Frame.class);
        Object frame = frameClass.getMethod("of", BufferedImage.class, long.class).invoke(null, portrait, 0L);
        Method detect = analyzerClass.getMethod("detect", frameClass);
        List<?> faces = (List<?>) detect.invoke(analyzer, frame);
        assertEquals(1, faces.size());
        analyzerClass.getMethod("close").invoke(analyzer);

        // the DS services: the licence-photo check on the analyzer service
        org.osgi.framework.BundleContext ctx = framework.getBundleContext();
        org.osgi.framework.ServiceReference<?> ref = null;
        for (int i = 0; i < 100 && ref == null; i++) {
            // all references: the test's own copy of the API class is not the bundle's (no assignability filter)
            org.osgi.framework.ServiceReference<?>[] refs = ctx.getAllServiceReferences("org.opendmv.face.api.LicencePhotoCheck", null);
            ref = refs == null ? null : refs[0];
            if (ref == null) {
                Thread.sleep(50);
            }
        }
        StringBuilder state = new StringBuilder();
        for (Bundle x : ctx.getBundles()) {
            state.append(x.getSymbolicName()).append('=').append(x.getState()).append(' ')
                    .append(x.getRegisteredServices() == null ? "" : Arrays.toString(x.getRegisteredServices())).append('\n');
        }
        assertTrue("LicencePhotoCheck service registered: " + state, ref != null);
        Object check = ctx.getService(ref);
        Object verdict = check.getClass().getMethod("check", BufferedImage.class)
                .invoke(check, FaceFixtures.portrait(group, b, 900, 1200));
        Method code = verdict.getClass().getMethod("code");
        code.setAccessible(true);
        assertEquals("a well-framed portrait passes the head rules", "OK", code.invoke(verdict));
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
