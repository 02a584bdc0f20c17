package org.opendmv.face.internal.onnx;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Face analyzer settings (PID {@code org.opendmv.face}); keys are the method names with {@code _} read as {@code .}. */
@ObjectClassDefinition(name = "OpenDMV face analyzer",
        description = "Face detection (BlazeFace), 68 landmarks and 128-D embedding (face-api) on ONNX Runtime")
public @interface AnalyzerConfig {
    @AttributeDefinition(name = "Minimum detection score", description = "Faces scoring less (0-1) are ignored",
            min = "0", max = "1")
    double min_score() default 0.6;

    @AttributeDefinition(name = "Inference threads", description = "ONNX Runtime intra-op threads per model",
            min = "1", max = "16")
    int threads() default 2;

    @AttributeDefinition(name = "Models directory", description = "Directory with the three .onnx files; empty = "
            + "the models shipped in bundle org.opendmv.face-models")
    String models_dir() default "";
}
