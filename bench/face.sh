#!/usr/bin/env bash
# Face pipeline figures on the built distribution (headless, real Karaf, real ffmpeg):
#   per-frame detection and landmarks (mean ms), one embedding (ms), a whole check (s) with
#   kiosk:face-check --timings, and the memory the face driver adds (RSS before install, after
#   install, after the checks).
# Usage: bench/face.sh DIST.tar.gz [runs] [video]
#   video: a camera-like video to check (default: a 640x480 still-image video made from
#   face-api's MIT sample photo, which ends as SPOOF once the motion gate has seen enough frames).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAR=${1:?usage: face.sh opendmv-kiosk.tar.gz [runs] [video]}
RUNS=${2:-3}
VIDEO=${3:-}
WORK=$(mktemp -d)
DIR="$WORK/kiosk"
PID=""
trap '[ -n "$PID" ] && { kill "$PID" 2>/dev/null; sleep 2; kill -9 "$PID" 2>/dev/null; }; rm -rf "$WORK"' EXIT
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
command -v ffmpeg >/dev/null || { echo "ffmpeg missing: apt-get install -y ffmpeg"; exit 1; }

FACES=$(ls "$ROOT"/bundles/face-models/target/org.opendmv.face-models-*-test-faces.jar 2>/dev/null | head -1)
[ -n "$FACES" ] || { echo "no test faces: build bundles/face-models first (mvn -B install -DskipTests)"; exit 1; }
( cd "$WORK" && unzip -q -o "$FACES" 'org/opendmv/face/testfaces/sample1.jpg' )
SAMPLE="$WORK/org/opendmv/face/testfaces/sample1.jpg"
# the woman on the right of sample1: a 640x480 camera view and her 102x126 "chip photo"
ffmpeg -loglevel error -y -i "$SAMPLE" -vf "crop=300:370:1440:60,scale=102:126" "$WORK/chip.png"
if [ -z "$VIDEO" ]; then
    VIDEO="$WORK/still.mp4"
    ffmpeg -loglevel error -y -loop 1 -i "$SAMPLE" -vf "crop=640:480:1270:20" -t 8 -r 15 -pix_fmt yuv420p "$VIDEO"
fi

mkdir -p "$DIR" && tar -xzf "$TAR" -C "$DIR" --strip-components=1
SSH=$(free_port); HTTP=$(free_port)
sed -i "s/^sshPort = .*/sshPort = $SSH/" "$DIR/etc/org.apache.karaf.shell.cfg"
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $HTTP/" "$DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort = .*/rmiServerPort = $(free_port)/" "$DIR/etc/org.apache.karaf.management.cfg"
KIOSK_CONSOLE_USER=bench KIOSK_CONSOLE_PASSWORD=bench-$RANDOM$RANDOM
export KIOSK_CONSOLE_USER KIOSK_CONSOLE_PASSWORD
unset DISPLAY
KARAF_EXEC=exec "$DIR/bin/karaf" server >"$DIR/stdout.log" 2>&1 &
PID=$!
client() { "$DIR/bin/client" -a "$SSH" -u "$KIOSK_CONSOLE_USER" -p "$KIOSK_CONSOLE_PASSWORD" -b 2>&1; }
for _ in $(seq 1 120); do echo "kiosk:businesses" | client | grep -q "dl-renewal" && break; sleep 1; done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PID/status"; }
sleep 5
RSS0=$(rss)
T0=$(date +%s.%N)
echo "feature:install opendmv-driver-face-vision" | client >/dev/null
for _ in $(seq 1 120); do echo "kiosk:face-check --help" | client | grep -q -- "--video" && break; sleep 0.5; done
T1=$(date +%s.%N)
sleep 3
RSS1=$(rss)
echo "== face driver: feature:install took $(echo "$T1 - $T0" | bc) s; kiosk RSS ${RSS0} MiB before, ${RSS1} MiB after install"
for i in $(seq 1 "$RUNS"); do
    echo "== kiosk:face-check run $i ($(basename "$VIDEO"), 102x126 chip photo, seed 1)"
    echo "kiosk:face-check --video $VIDEO --photo $WORK/chip.png --seed 1 --timings" | client | grep -v "^  event"
done
sleep 2
echo "== memory: kiosk RSS after $RUNS checks $(rss) MiB (+$(( $(rss) - RSS0 )) MiB over the kiosk without the face driver); heap: $(jcmd "$PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1)"
