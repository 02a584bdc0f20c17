#!/bin/sh
# Re-records bundles/face-models/src/test/resources/org/opendmv/face/models/faceapi-reference.json: face-api's own
# TF.js results (SSD boxes, 68 landmarks, descriptor crops, 128-D descriptors) on its sample photos.
# Dev-time only (node >= 18, java 17); needs a build of bundles/face-models first (npm tarball cache + test faces).
# usage: tools/face-models/reference/record.sh [npm cache dir, default ~/.m2/repository/.cache/opendmv-face-models]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${1:-$HOME/.m2/repository/.cache/opendmv-face-models}
faces=$repo/bundles/face-models/target/test-faces/org/opendmv/face/testfaces
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar xzf "$cache/face-api-1.7.15.tgz" -C "$work"
# the browser ESM build runs in node once its empty stub for node's 'util' module is replaced by the real one
sed 's/AR=Vt(()=>{})/AR=()=>globalThis.__nodeutil/' "$work/package/dist/face-api.esm.js" > "$work/face-api.mjs"
grep -q '__nodeutil' "$work/face-api.mjs"
args=""
for i in 1 2 3 4 5 6; do args="$args $faces/sample$i.jpg $work/sample$i.rgb"; done
java "$here/Dump.java" $args
(cd "$work" && node "$here/reference.mjs" "$work/package" "$work/face-api.mjs" sample1.rgb sample2.rgb sample3.rgb sample4.rgb sample5.rgb sample6.rgb) \
  > "$work/ref.json"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=1)' \
  "$work/ref.json" "$repo/bundles/face-models/src/test/resources/org/opendmv/face/models/faceapi-reference.json"
echo "recorded $(grep -c '"descriptor"' "$repo/bundles/face-models/src/test/resources/org/opendmv/face/models/faceapi-reference.json") faces"
