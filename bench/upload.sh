#!/usr/bin/env bash
# Phone upload figures:
#   1. normalising a 12-megapixel phone JPEG (median ms), in-process, default photo settings;
#   2. uploads per second on loopback with 16 concurrent clients against the running
#      distribution (kiosk:upload-check links: full checks and normalisation, photo discarded),
#      with the kiosk JVM's RSS and heap during that run.
# Usage: bench/upload.sh DIST.tar.gz [uploads] [clients]
#   MVN_REPO=dir: the Maven repository to compile the normalisation bench with (default ~/.m2)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAR=${1:?usage: upload.sh opendmv-kiosk.tar.gz [uploads] [clients]}
UPLOADS=${2:-160}
CLIENTS=${3:-16}
WORK=$(mktemp -d)
DIR="$WORK/kiosk"
PID=""
SAMPLER=""
trap '[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null; [ -n "$PID" ] && { kill "$PID" 2>/dev/null; sleep 2; kill -9 "$PID" 2>/dev/null; }; rm -rf "$WORK"' EXIT
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

echo "== normalisation (bundles/upload NormaliseBench)"
( cd "$ROOT/bundles/upload" && mvn -B -q -o ${MVN_REPO:+-Dmaven.repo.local=$MVN_REPO} test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null ) \
    || { echo "cannot compile bundles/upload (run mvn -B install first)"; exit 1; }
java -cp "$ROOT/bundles/upload/target/classes:$ROOT/bundles/upload/target/test-classes:$(cat "$WORK/cp.txt")" \
    org.opendmv.upload.internal.NormaliseBench 15 "$WORK/phone-12mp.jpg"

echo "== uploads on loopback ($UPLOADS uploads, $CLIENTS concurrent clients)"
mkdir -p "$DIR" && tar -xzf "$TAR" -C "$DIR" --strip-components=1
SSH=$(free_port); HTTP=$(free_port)
sed -i "s/^sshPort = .*/sshPort = $SSH/" "$DIR/etc/org.apache.karaf.shell.cfg"
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $HTTP/" "$DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort = .*/rmiServerPort = $(free_port)/" "$DIR/etc/org.apache.karaf.management.cfg"
echo "public.base.url = http://127.0.0.1:$HTTP" > "$DIR/etc/org.opendmv.upload.cfg"
echo "ttl.seconds = 3600" >> "$DIR/etc/org.opendmv.upload.cfg"
KIOSK_CONSOLE_USER=bench KIOSK_CONSOLE_PASSWORD=bench-$RANDOM$RANDOM
export KIOSK_CONSOLE_USER KIOSK_CONSOLE_PASSWORD
# headless: the upload path does not need the touch UI
unset DISPLAY
KARAF_EXEC=exec "$DIR/bin/karaf" server >"$DIR/stdout.log" 2>&1 &
PID=$!
client() { "$DIR/bin/client" -a "$SSH" -u "$KIOSK_CONSOLE_USER" -p "$KIOSK_CONSOLE_PASSWORD" -b 2>&1; }
for _ in $(seq 1 120); do echo "kiosk:upload-check --count $UPLOADS" | client > "$WORK/links.txt"; grep -q '^http' "$WORK/links.txt" && break; sleep 1; done
grep -c '^http' "$WORK/links.txt" | grep -q "^$UPLOADS$" || { echo "no test links: $(cat "$WORK/links.txt")"; exit 1; }
RSS0=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
( max=0; while kill -0 "$PID" 2>/dev/null; do r=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status" 2>/dev/null); [ -n "$r" ] && [ "$r" -gt "$max" ] && { max=$r; echo "$max" > "$WORK/rss.max"; }; sleep 0.2; done ) &
SAMPLER=$!
java "$ROOT/bench/UploadLoad.java" "$WORK/links.txt" "$WORK/phone-12mp.jpg" "$CLIENTS"
kill "$SAMPLER" 2>/dev/null; SAMPLER=""
HEAP=$(jcmd "$PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1)
echo "memory: kiosk RSS before $((RSS0 / 1024)) MiB, peak during the run $(( $(cat "$WORK/rss.max" 2>/dev/null || echo 0) / 1024)) MiB; heap after: ${HEAP:-n/a} (JAVA_MAX_MEM $(grep -o 'JAVA_MAX_MEM:-[0-9A-Z]*' "$DIR/bin/setenv" | cut -d- -f2))"
