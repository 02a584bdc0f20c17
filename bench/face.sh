#!/usr/bin/env bash
# Face pipeline figures on the built distribution (headless, real Karaf, real ffmpeg):
#   per-frame detection and landmarks (mean ms), one embedding (ms), a whole check (s) with
#   kiosk:face-check --timings, and the memory the face driver adds (RSS before install, after
#   install, after the checks).
# Usage: bench/face.sh DIST.tar.gz [runs] [video]
#   video: a camera-like video to check (default: face-api's MIT sample person answering the two
#   challenges of a fixed seed, which passes; the still-image video is checked once too, as SPOOF).
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

# the videos of the pipeline tests: face-api's MIT sample person answering the challenges of a fixed seed
# (live.mp4), the same frame still (still.mp4), her 102x126 chip photo (holder.jpg)
( cd "$ROOT/devices/face-vision" && mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null ) \
    || { echo "cannot compile devices/face-vision (run mvn -B install -DskipTests first)"; exit 1; }
SEED=$(java -cp "$ROOT/devices/face-vision/target/classes:$ROOT/devices/face-vision/target/test-classes:$(cat "$WORK/cp.txt")" \
    org.opendmv.devices.facevision.internal.FaceVideos "$WORK" 2>/dev/null | sed -n 's/^seed \([0-9]*\).*/\1/p')
[ -n "$SEED" ] || { echo "could not make the test videos"; exit 1; }
VIDEO=${VIDEO:-$WORK/live.mp4}

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
echo "feature:install --no-auto-refresh opendmv-driver-face-vision" | client >/dev/null
for _ in $(seq 1 120); do echo "kiosk:face-check --help" | client | grep -q -- "--video" && break; sleep 0.5; done
T1=$(date +%s.%N)
sleep 3
RSS1=$(rss)
echo "== face driver: feature:install took $(echo "$T1 - $T0" | bc) s; kiosk RSS ${RSS0} MiB before, ${RSS1} MiB after install"
for i in $(seq 1 "$RUNS"); do
    echo "== kiosk:face-check run $i ($(basename "$VIDEO"), 102x126 chip photo, seed $SEED)"
    echo "kiosk:face-check --video $VIDEO --photo $WORK/holder.jpg --seed $SEED --timings" | client | grep -v "^  event"
done
echo "== kiosk:face-check on the still-image video (a photo held still)"
echo "kiosk:face-check --video $WORK/still.mp4 --photo $WORK/holder.jpg --seed $SEED --timings" | client | grep -v "^  event"
sleep 2
echo "== memory: kiosk RSS after $RUNS checks $(rss) MiB (+$(( $(rss) - RSS0 )) MiB over the kiosk without the face driver); heap: $(jcmd "$PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1)"
