#!/usr/bin/env bash
# Engine overhead with zero-latency simulators, measured inside the running distribution:
#   kiosk:simulate --repeat N plays N whole visits of a business (card, consent, form, scans,
#   photo, signature, payment, receipt) and prints the median per step and per visit, and the
#   heap after 10 visits and after N (both after GC) — growth would mean a leak per visit.
# Also the process's RSS right after boot and after the N visits, each after a full GC
# (jcmd GC.run): the issue's goal is ≤ 1.1× (no memory kept per visit, heap given back).
# Usage: bench/engine.sh DIST.tar.gz [visits] [business] [card]
#   SUMMARY=file: a summary table is also written there (./kiosk bench adds it to docs/performance.md)
set -uo pipefail
TAR=${1:?usage: engine.sh opendmv-kiosk.tar.gz [visits] [business] [card]}
VISITS=${2:-1000}
BUSINESS=${3:-dl-renewal}
CARD=${4:-adult-male}
WORK=$(mktemp -d)
DIR="$WORK/kiosk"
PID=""
trap '[ -n "$PID" ] && { kill "$PID" 2>/dev/null; sleep 2; kill -9 "$PID" 2>/dev/null; }; rm -rf "$WORK"' EXIT
. "$(dirname "$0")/lib.sh"
# RSS (MiB) after a full GC; the JVM may give freed heap back to the OS at a full GC
rss_after_gc() { jcmd "$PID" GC.run >/dev/null 2>&1; sleep 2; rss_mib "$PID"; }

mkdir -p "$DIR" && tar -xzf "$TAR" -C "$DIR" --strip-components=1
SSH=$(free_port); HTTP=$(free_port)
sed -i "s/^sshPort = .*/sshPort = $SSH/" "$DIR/etc/org.apache.karaf.shell.cfg"
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $HTTP/" "$DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort = .*/rmiServerPort = $(free_port)/" "$DIR/etc/org.apache.karaf.management.cfg"
# zero-latency simulators and an instant simulated payment: what is left is the engine
echo "default.latency.ms = 0" > "$DIR/etc/org.opendmv.devices.sim.cfg"
echo "pay.after.ms = 0" > "$DIR/etc/org.opendmv.payment.sim.cfg"
# no pause to show the citizen that the face check passed
echo "passed.pause.ms = 0" > "$DIR/etc/org.opendmv.engine.identify.cfg"
KIOSK_CONSOLE_USER=bench KIOSK_CONSOLE_PASSWORD=bench-$RANDOM$RANDOM
export KIOSK_CONSOLE_USER KIOSK_CONSOLE_PASSWORD
KARAF_EXEC=exec "$DIR/bin/karaf" server >"$DIR/stdout.log" 2>&1 &
PID=$!
for _ in $(seq 1 1200); do
    http_get "$HTTP" /api/health 2>/dev/null | grep -q '"status" : "\(UP\|DEGRADED\)"' && break
    sleep 0.1
done
client() { echo "$1" | "$DIR/bin/client" -a "$SSH" -u "$KIOSK_CONSOLE_USER" -p "$KIOSK_CONSOLE_PASSWORD" -b 2>&1; }
for _ in $(seq 1 100); do client "kiosk:businesses $BUSINESS" | grep -q 'READY' && break; sleep 1; done
RSS_BOOT=$(rss_after_gc)
client "kiosk:simulate --card $CARD --repeat 20 $BUSINESS" >/dev/null   # warm-up (JIT)
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(java -version 2>&1 | head -1)"
echo "Engine: $VISITS visits of $BUSINESS with card $CARD, zero-latency simulators"
client "kiosk:simulate --card $CARD --repeat $VISITS $BUSINESS" | tee "$WORK/simulate.txt"
RSS_AFTER=$(rss_after_gc)
RATIO=$(awk -v a="$RSS_AFTER" -v b="$RSS_BOOT" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "NA" }')
MET=$(awk -v r="$RATIO" 'BEGIN { if (r == "NA") print "NA"; else if (r + 0 <= 1.1) print "met"; else print "**NOT met**" }')
echo "RSS after a full GC: $RSS_BOOT MiB right after boot, $RSS_AFTER MiB after $VISITS visits (+20 warm-up): ${RATIO}× (goal ≤ 1.1×: $MET)"
if [ -n "${SUMMARY:-}" ]; then
    {
        echo "Engine ($(date -u +%Y-%m-%dT%H:%MZ), bench/engine.sh): $VISITS visits of $BUSINESS with card $CARD, zero-latency simulators, headless"
        echo
        echo "| measure | value | goal |"
        echo "|---|---|---|"
        echo "| RSS after a full GC, right after boot (MiB) | $RSS_BOOT | |"
        echo "| RSS after a full GC, after $VISITS visits (MiB) | $RSS_AFTER | |"
        echo "| ratio after visits / after boot | ${RATIO}× | ≤ 1.1× — $MET |"
        kv() { grep -o "$1=[0-9.]*" "$WORK/simulate.txt" | head -1 | cut -d= -f2; }
        echo "| heap after a GC, after 10 / after $VISITS visits (MiB) | $(kv heap_mib_after_10) / $(kv heap_mib_after_$VISITS) | |"
        echo "| engine: whole visit, median / p90 (ms) | $(kv visit_ms_median) / $(kv visit_ms_p90) | |"
        for step in IDENTIFY CHECK FORM PHOTO SIGN PAY RECEIPT; do
            echo "| engine: step $step, median (ms) | $(kv "step_${step}_ms_median") | |"
        done
    } > "$SUMMARY"
fi
[ -n "${HISTO:-}" ] && { jmap -histo:live "$PID" > "$WORK/histo.txt"; head -30 "$WORK/histo.txt"; echo "... OpenDMV classes:"; grep "org.opendmv" "$WORK/histo.txt"; }
