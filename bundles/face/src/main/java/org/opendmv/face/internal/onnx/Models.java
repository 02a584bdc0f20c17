package org.opendmv.face.internal.onnx;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the model files come from: a directory (configuration {@code models.dir}, for operators replacing a
 * model and for tests), else the {@code org.opendmv.face-models} bundle's class
 * {@code org.opendmv.face.models.Models#bytes(String)} (imported dynamically, on first use).
 */
public final class Models {
    public static final String BLAZEFACE = "face_detection_front_128x128.onnx";
    public static final String LANDMARKS = "face_landmark_68.onnx";
    public static final String RECOGNITION = "face_recognition.onnx";
    static final String MODELS_CLASS = "org.opendmv.face.models.Models";

    private final Path dir;

    /** @param dir the directory holding the three files, or null for the face-models bundle */
    public Models(Path dir) {
        this.dir = dir;
    }

    public byte[] bytes(String name) throws IOException {
        if (dir != null) {
            Path p = dir.resolve(name);
            if (!Files.isRegularFile(p)) {
                throw new FileNotFoundException("face model " + name + " not found in " + dir);
            }
            return Files.readAllBytes(p);
        }
        try {
            Class<?> c = Class.forName(MODELS_CLASS, true, Models.class.getClassLoader());
            return (byte[]) c.getMethod("bytes", String.class).invoke(null, name);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new FileNotFoundException("face models not installed: bundle org.opendmv.face-models (package "
                    + "org.opendmv.face.models) is missing");
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            throw t instanceof IOException io ? io : new IOException("face model " + name + ": " + t, t);
        } catch (ReflectiveOperationException e) {
            throw new IOException("face models bundle has no Models.bytes(String): " + e, e);
        }
    }

    @Override
    public String toString() {
        return dir != null ? dir.toString() : "bundle org.opendmv.face-models";
    }
}
