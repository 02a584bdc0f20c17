#!/bin/sh
# Runs build.py with a python3 that has Debian's onnx and numpy modules (the Maven build of bundles/face-models calls this).
# FACE_MODELS_PYTHON names the only interpreter to try; otherwise Debian's /usr/bin/python3 is preferred to one on PATH (pyenv).
case "$0" in */*) here=${0%/*} ;; *) here=. ;; esac
hint="install them with: apt-get install python3 python3-onnx python3-numpy"
if [ -n "$FACE_MODELS_PYTHON" ]; then candidates="$FACE_MODELS_PYTHON"; else candidates="/usr/bin/python3 python3"; fi
for py in $candidates; do
  command -v "$py" >/dev/null 2>&1 || continue
  if "$py" -c 'import onnx, numpy' >/dev/null 2>&1; then
    exec "$py" "$here/build.py" "$@"
  fi
  found="$py"
done
if [ -n "$found" ]; then
  echo "face-models: $found has no onnx/numpy modules; $hint" >&2
else
  echo "face-models: python3 not found; $hint" >&2
fi
exit 3
