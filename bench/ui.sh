#!/usr/bin/env bash
# Touch UI figures on a virtual display (Xvfb), with zero-latency simulators:
#   cold boot to the first screen drawn, touch → next screen drawn per screen (median, measured
#   by the shell itself for every touch), RSS with the UI up.
# It walks dl-renewal N times by touching controls through kiosk:ui --tap (pointer events
# through the X server), as a citizen would.
# Usage: bench/ui.sh DIST.tar.gz [visits]
set -uo pipefail
TAR=${1:?usage: ui.sh opendmv-kiosk.tar.gz [visits]}
VISITS=${2:-10}
WORK=$(mktemp -d)
DIR="$WORK/kiosk"
PID=""
XPID=""
trap '[ -n "$PID" ] && { kill "$PID" 2>/dev/null; sleep 2; kill -9 "$PID" 2>/dev/null; }; [ -n "$XPID" ] && kill "$XPID" 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
for n in $(seq 150 199); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & XPID=$!
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    export DISPLAY=":$n"; break
done

mkdir -p "$DIR" && tar -xzf "$TAR" -C "$DIR" --strip-components=1
SSH=$(free_port)
sed -i "s/^sshPort = .*/sshPort = $SSH/" "$DIR/etc/org.apache.karaf.shell.cfg"
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $(free_port)/" "$DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort = .*/rmiServerPort = $(free_port)/" "$DIR/etc/org.apache.karaf.management.cfg"
echo "default.latency.ms = 0" > "$DIR/etc/org.opendmv.devices.sim.cfg"
echo "pay.after.ms = 0" > "$DIR/etc/org.opendmv.payment.sim.cfg"
# the work between the touches, not the 通过 screen's pause before FORM
echo "passed.pause.ms = 0" > "$DIR/etc/org.opendmv.engine.identify.cfg"
echo "layout = 1920x1080" > "$DIR/etc/org.opendmv.ui.cfg"
HTTP=$(free_port)
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $HTTP/" "$DIR/etc/org.ops4j.pax.web.cfg"
echo "public.base.url = http://127.0.0.1:$HTTP" > "$DIR/etc/org.opendmv.upload.cfg"
KIOSK_CONSOLE_USER=bench KIOSK_CONSOLE_PASSWORD=bench-$RANDOM$RANDOM
export KIOSK_CONSOLE_USER KIOSK_CONSOLE_PASSWORD
T0=$(date +%s%N)
KARAF_EXEC=exec "$DIR/bin/karaf" server >"$DIR/stdout.log" 2>&1 &
PID=$!
for _ in $(seq 1 1200); do
    grep -q "first screen drawn" "$DIR/data/log/karaf.log" 2>/dev/null && break
    sleep 0.1
done
T1=$(date +%s%N)
client() { "$DIR/bin/client" -a "$SSH" -u "$KIOSK_CONSOLE_USER" -p "$KIOSK_CONSOLE_PASSWORD" -b 2>&1; }
for _ in $(seq 1 100); do echo "kiosk:businesses dl-renewal" | client | grep -q READY && break; sleep 1; done
# one command per client call; the shell measures its own touch → drawn times, so the client's
# start-up time does not enter the figures
ui() { echo "$1" | client >/dev/null; sleep "${2:-0.3}"; }
# the phone: the QR code's URL (kiosk:ui prints what the QR encodes), then a POST of the photo
# a real face (the build's test-faces jar): since [4/6] the phone photo must pass the FLOWS §5 face rules
FACES=$(ls "${M2_REPO:-$HOME/.m2/repository}"/org/opendmv/org.opendmv.face-models/*/org.opendmv.face-models-*-test-faces.jar 2>/dev/null | tail -1)
[ -n "$FACES" ] || { echo "no org.opendmv.face-models test-faces jar in the Maven repository: build first (mvn install)" >&2; exit 1; }
java "$(dirname "$0")/PhonePhoto.java" "$WORK/photo.jpg" "$FACES"
phone_upload() {
    local url hostport path
    url=$(echo "kiosk:ui --text" | client | grep -o 'http://[^ ]*/upload/[A-Za-z0-9_-]*' | head -1)
    [ -n "$url" ] || { echo "no upload QR on screen" >&2; return; }
    hostport=${url#http://}; hostport=${hostport%%/*}; path=/${url#http://*/}
    exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}"
    printf 'POST %s HTTP/1.0\r\nHost: %s\r\nContent-Type: image/jpeg\r\nContent-Length: %s\r\n\r\n' "$path" "$hostport" "$(stat -c %s "$WORK/photo.jpg")" >&3
    cat "$WORK/photo.jpg" >&3
    head -1 <&3 >/dev/null
    exec 3<&- 3>&-
}
visit() {
    ui "kiosk:ui --tap attract.start"
    ui "kiosk:ui --tap home.vehicle-office"
    ui "kiosk:ui --tap category.driver-licence"
    ui "kiosk:ui --tap business.dl-renewal" 0.5
    ui "kiosk:sim card-insert adult-male" 1.5
    ui "kiosk:ui --tap identify.agree" 2.5
    ui "kiosk:ui --tap form.delivery.onsite"
    ui "kiosk:ui --tap form.next" 1
    phone_upload
    sleep 1
    ui "kiosk:ui --tap photo.accept" 1
    ui "kiosk:ui --stroke sign.canvas"
    ui "kiosk:ui --tap sign.agree"
    ui "kiosk:ui --tap sign.submit" 3
    ui "kiosk:ui --tap receipt.done" 1
    ui "kiosk:sim card-remove"
    ui "kiosk:ui --tap result.home"
}
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(java -version 2>&1 | head -1)"
echo "cold_boot_to_first_screen_ms(wall)=$(( (T1 - T0) / 1000000 ))"
grep -o "first screen drawn [0-9]* ms after the JVM started" "$DIR/data/log/karaf.log" | head -1
for i in $(seq 1 "$VISITS"); do visit; done
echo "visits stored: $(echo "kiosk:applications -n 1000" | client | grep -c dl-renewal) of $VISITS"
echo "kiosk:ui --timings" | client
echo "rss_mib_with_ui=$(( $(sed -n 's/^VmRSS:\s*\([0-9]*\) kB/\1/p' /proc/$PID/status) / 1024 ))"
