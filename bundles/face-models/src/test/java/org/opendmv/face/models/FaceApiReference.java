package org.opendmv.face.models;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * face-api's own results (TF.js 4.22 cpu backend, computed at dev time by tools/face-models/reference/reference.mjs)
 * on the sample photos of the face-api package, and face-api's preprocessing reproduced in Java.
 */
final class FaceApiReference {

    record RefFace(double[] box, double score, double[] landmarks, double[] descriptorBox, float[] descriptor) {
    }

    record RefImage(String image, int width, int height, List<RefFace> faces) {
    }

    static List<RefImage> load() throws IOException {
        JsonNode root;
        try (InputStream in = FaceApiReference.class.getResourceAsStream("faceapi-reference.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<RefImage> images = new ArrayList<>();
        for (JsonNode im : root.get("images")) {
            List<RefFace> faces = new ArrayList<>();
            for (JsonNode f : im.get("faces")) {
                float[] d = new float[f.get("descriptor").size()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) f.get("descriptor").get(i).asDouble();
                }
                faces.add(new RefFace(doubles(f.get("box")), f.get("score").asDouble(), doubles(f.get("landmarks")),
                        doubles(f.get("descriptorBox")), d));
            }
            images.add(new RefImage(im.get("image").asText(), im.get("width").asInt(), im.get("height").asInt(), faces));
        }
        return images;
    }

    private static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = n.get(i).asDouble();
        }
        return d;
    }

    /** A sample photo of the test-faces set, decoded as the reference was (ImageIO, getRGB). */
    static BufferedImage photo(String name) throws IOException {
        try (InputStream in = FaceApiReference.class.getResourceAsStream("/org/opendmv/face/testfaces/" + name)) {
            if (in == null) {
                throw new IOException(name + " missing: the build (tools/face-models/build.py --test-faces) extracts it");
            }
            return ImageIO.read(in);
        }
    }

    /** Integer crop of face-api's extractFaceTensors: Box.clipAtImageBorders(w, h), then floor. {x, y, w, h}. */
    static int[] clip(double[] box, int imgW, int imgH) {
        double x = Math.max(box[0], 0);
        double y = Math.max(box[1], 0);
        double w = Math.min(box[0] + box[2] - x, imgW - x);
        double h = Math.min(box[1] + box[3] - y, imgH - y);
        return new int[] {(int) Math.floor(x), (int) Math.floor(y), (int) Math.floor(w), (int) Math.floor(h)};
    }

    /**
     * face-api's NetInput.toBatchTensor(size, true): crop, padToSquare centred with zeros (the rounded half of the
     * difference after the image, the rest before), tf.image.resizeBilinear(alignCorners=false,
     * halfPixelCenters=false) in float32. Returns NHWC RGB 0..255.
     */
    static float[] faceTensor(BufferedImage img, int[] crop, int size) {
        int w = crop[2];
        int h = crop[3];
        int side = Math.max(w, h);
        int diff = Math.abs(w - h);
        int after = (int) Math.round(diff * 0.5);
        int before = diff - after;
        int offX = w < h ? before : 0;
        int offY = h < w ? before : 0;
        float[] sq = new float[side * side * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(crop[0] + x, crop[1] + y);
                int o = ((y + offY) * side + x + offX) * 3;
                sq[o] = (p >> 16) & 255;
                sq[o + 1] = (p >> 8) & 255;
                sq[o + 2] = p & 255;
            }
        }
        if (side == size) {
            return sq;
        }
        float scale = (float) side / size;
        float[] out = new float[size * size * 3];
        for (int r = 0; r < size; r++) {
            float sy = r * scale;
            int top = (int) Math.floor(sy);
            int bottom = Math.min(side - 1, (int) Math.ceil(sy));
            float fy = sy - top;
            for (int c = 0; c < size; c++) {
                float sx = c * scale;
                int left = (int) Math.floor(sx);
                int right = Math.min(side - 1, (int) Math.ceil(sx));
                float fx = sx - left;
                for (int ch = 0; ch < 3; ch++) {
                    float tl = sq[(top * side + left) * 3 + ch];
                    float tr = sq[(top * side + right) * 3 + ch];
                    float bl = sq[(bottom * side + left) * 3 + ch];
                    float br = sq[(bottom * side + right) * 3 + ch];
                    float t = tl + (tr - tl) * fx;
                    float b = bl + (br - bl) * fx;
                    out[(r * size + c) * 3 + ch] = t + (b - t) * fy;
                }
            }
        }
        return out;
    }

    /**
     * face-api's FaceLandmark68NetBase.postProcess + shiftBy(detection box x, y): net output (fractions of the
     * 112 square) to image pixels. The shift is the unclipped detection box origin, as face-api does.
     */
    static double[] landmarksToImage(float[] out, int[] crop, double shiftX, double shiftY) {
        double s = 112.0 / Math.max(crop[2], crop[3]);
        double w = crop[2] * s;
        double h = crop[3] * s;
        double padX = w < h ? Math.abs(w - h) / 2 : 0;
        double padY = h < w ? Math.abs(w - h) / 2 : 0;
        double[] px = new double[136];
        for (int i = 0; i < 68; i++) {
            px[2 * i] = (out[2 * i] * 112.0 - padX) / w * crop[2] + shiftX;
            px[2 * i + 1] = (out[2 * i + 1] * 112.0 - padY) / h * crop[3] + shiftY;
        }
        return px;
    }

    /** face-api's FaceLandmarks.alignDlib() from 68 landmarks in image pixels: {x, y, size, size} before clipping. */
    static double[] dlibBox(double[] lm) {
        double[] a = centre(lm, 36, 42);
        double[] b = centre(lm, 42, 48);
        double[] m = centre(lm, 48, 68);
        double d = (Math.hypot(m[0] - a[0], m[1] - a[1]) + Math.hypot(m[0] - b[0], m[1] - b[1])) / 2;
        double size = Math.floor(d / 0.45);
        double cx = (a[0] + b[0] + m[0]) / 3;
        double cy = (a[1] + b[1] + m[1]) / 3;
        return new double[] {Math.floor(Math.max(0, cx - 0.5 * size)), Math.floor(Math.max(0, cy - 0.43 * size)), size, size};
    }

    private static double[] centre(double[] lm, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += lm[2 * i];
            y += lm[2 * i + 1];
        }
        return new double[] {x / (to - from), y / (to - from)};
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private FaceApiReference() {
    }
}
