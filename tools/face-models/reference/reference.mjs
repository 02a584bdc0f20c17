// Dev-time reference: runs @vladmandic/face-api 1.7.15 (its bundled TF.js, cpu backend) on raw RGB images
// and prints detections, 68 landmarks (image pixels), aligned boxes and 128-D descriptors as JSON.
// usage: node reference.mjs <face-api package dir> <patched esm build> img1.rgb [img2.rgb ...]  (img.rgb.size = "w h")
import * as util from 'util';
import * as fs from 'fs';
globalThis.__nodeutil = util;
const [pkg, esm, ...images] = process.argv.slice(2);
const faceapi = await import(esm);
const tf = faceapi.tf;
await tf.setBackend('cpu'); await tf.ready();
async function load(net, name) {
  const manifest = JSON.parse(fs.readFileSync(`${pkg}/model/${name}-weights_manifest.json`));
  const specs = manifest.flatMap((g) => g.weights);
  const buf = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(`${pkg}/model/${p}`))));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  net.loadFromWeightMap(tf.io.decodeWeights(ab, specs));
}
await load(faceapi.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model');
await load(faceapi.nets.faceLandmark68Net, 'face_landmark_68_model');
await load(faceapi.nets.faceRecognitionNet, 'face_recognition_model');
const out = { faceApi: '1.7.15', tfjs: tf.version_core, backend: tf.getBackend(), detector: 'ssdMobilenetv1 minConfidence 0.5', images: [] };
for (const file of images) {
  const [w, h] = fs.readFileSync(file + '.size', 'utf8').trim().split(/\s+/).map(Number);
  const rgb = fs.readFileSync(file);
  const t = tf.tensor3d(new Int32Array(rgb), [h, w, 3], 'int32');
  const res = await faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }))
    .withFaceLandmarks().withFaceDescriptors();
  out.images.push({
    image: file.split('/').pop().replace('.rgb', '.jpg'), width: w, height: h,
    faces: res.map((r) => ({
      box: [r.detection.box.x, r.detection.box.y, r.detection.box.width, r.detection.box.height],
      score: r.detection.score,
      landmarks: r.landmarks.positions.flatMap((p) => [p.x, p.y]),
      // the box face-api crops for the descriptor: landmarks.align(null, { useDlibAlignment: true }), clipped and floored
      descriptorBox: ((b) => [b.x, b.y, b.width, b.height])(r.landmarks.align(null, { useDlibAlignment: true }).clipAtImageBorders(w, h)),
      descriptor: Array.from(r.descriptor),
    })),
  });
  t.dispose();
}
process.stdout.write(JSON.stringify(out));
