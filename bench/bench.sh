#!/usr/bin/env bash
# Boot, memory and hot deploy of the OpenDMV distribution side by side with a stock Apache Karaf
# of the same version, INTERLEAVED: every round runs, in this order,
#   kiosk cold  (fresh unpack)            → usable, idle RSS, hot deploy, clean stop
#   kiosk warm  (same unpack, started again) → usable, idle RSS, clean stop
#   stock cold  (fresh unpack)            → SSH listening, idle RSS, clean stop
#   stock warm  (same unpack)             → SSH listening, idle RSS, clean stop
# so a machine that gets busier or quieter during the run weighs on both alike (the machine is
# shared: report medians and ratios, not absolute times).
#   kiosk "usable" = GET /api/health answers UP or DEGRADED and lists all 12 businesses; the kiosk
#     runs on a private Xvfb, so health waits for the touch UI's first screen too (bundles/health).
#   stock "usable" = its SSH port listening (stock Karaf has no HTTP).
#   idle RSS = VmRSS 10 s after usable. CPU = the JVM's user+system time at usable (robust to load).
#   hot deploy = the sample business (itests/fixtures/sample-business) renamed into deploy/ → listed
#     in /api/health (polled every 20 ms); then deleted → gone.
# Prints every boot, then a summary table (medians, kiosk/stock ratios, the issue's goals, met or not).
# Every port is picked free (never Karaf's defaults).
# Usage: bench/bench.sh DIST.tar.gz [rounds (3)] [summary-file]
#   summary-file: the summary table is also written there (./kiosk bench appends it to docs/performance.md)
set -uo pipefail
TAR=${1:?usage: bench.sh opendmv-kiosk.tar.gz [rounds] [summary-file]}
ROUNDS=${2:-3}
SUMMARY=${3:-}
DEPLOYS=${DEPLOYS:-2}   # hot deploy/undeploy pairs per round
IDLE=${IDLE:-10}        # seconds after usable before the idle RSS
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
. "$BENCH/lib.sh"
FIXTURE="${FIXTURE:-$ROOT/itests/fixtures/sample-business/target/org.opendmv.itests.sample-business-0.1.0-SNAPSHOT.jar}"
WORK=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -0 "$PID" 2>/dev/null && { kill "$PID"; sleep 3; kill -9 "$PID" 2>/dev/null; }; [ -n "$XPID" ] && kill "$XPID" 2>/dev/null; rm -rf "$WORK"' EXIT

[ -f "$STOCK_TAR" ] || mvn -q dependency:get -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz >/dev/null
[ -f "$STOCK_TAR" ] || { echo "stock Karaf missing: $STOCK_TAR" >&2; exit 1; }
[ -f "$FIXTURE" ] || { echo "build first (mvn install): $FIXTURE missing" >&2; exit 1; }
start_xvfb || exit 1

declare -A R   # R[key] = newline-separated samples
add() { R[$1]+="$2"$'\n'; }
# the kiosk's own figures for the boot that just happened (karaf.log from $LOG_OFFSET)
own_figures() {
    local log=$1
    tail -c +"$(( LOG_OFFSET + 1 ))" "$log" 2>/dev/null | sed -n 's/.*first screen drawn \([0-9]*\) ms after the JVM started.*/screen \1/p; s/.*Store ready on .*(\([0-9]*\) ms[;)].*/store \1/p'
}

# one_boot KIND MODE DIR: launch, wait usable, idle RSS; records R[KIND.MODE.*]
one_boot() {
    local kind=$1 mode=$2 dir=$3 cpu rss line
    launch "$dir"
    if ! wait_usable "$kind" 240; then
        echo "  $kind $mode: NOT usable; last log lines:" >&2; tail -5 "$dir/data/log/karaf.log" >&2
        stop_instance; return 1
    fi
    cpu=$(cpu_ms "$PID")
    sleep "$IDLE"
    rss=$(rss_mib "$PID")
    add "$kind.$mode.up" "$T_UP"; add "$kind.$mode.ssh" "$T_SSH"; add "$kind.$mode.cpu" "$cpu"; add "$kind.$mode.rss" "$rss"
    line="  $kind $mode: usable $T_UP ms (SSH $T_SSH ms"
    if [ "$kind" = kiosk ]; then
        add "$kind.$mode.http" "$T_HTTP"
        line+=", HTTP $T_HTTP ms"
        while read -r k v; do add "$kind.$mode.$k" "$v"; line+=", $k $v ms"; done < <(own_figures "$dir/data/log/karaf.log")
    fi
    echo "$line), JVM CPU $cpu ms, idle RSS $rss MiB" >&2
}

hot_deploy() {
    local t0 i
    for i in $(seq 1 "$DEPLOYS"); do
        cp "$FIXTURE" "$DIR/deploy/.sample.tmp" && t0=$(now_ms) && mv "$DIR/deploy/.sample.tmp" "$DIR/deploy/sample.jar"
        until http_get "$HTTP" /api/health 2>/dev/null | grep -q '"sample-hello"'; do
            [ $(( $(now_ms) - t0 )) -gt 30000 ] && { echo "  hot deploy: not listed after 30 s" >&2; return 1; }; sleep 0.02
        done
        add deploy.in "$(( $(now_ms) - t0 ))"
        t0=$(now_ms); rm "$DIR/deploy/sample.jar"
        while http_get "$HTTP" /api/health 2>/dev/null | grep -q '"sample-hello"'; do
            [ $(( $(now_ms) - t0 )) -gt 30000 ] && { echo "  hot undeploy: still listed after 30 s" >&2; return 1; }; sleep 0.02
        done
        add deploy.out "$(( $(now_ms) - t0 ))"
        sleep 1
    done
}

echo "bench: $ROUNDS interleaved rounds (kiosk cold, kiosk warm, stock cold, stock warm); display $DISPLAY; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq 1 "$ROUNDS"); do
    echo "round $r" >&2
    DIR="$WORK/kiosk"
    unpack kiosk "$TAR" "$DIR"
    if one_boot kiosk cold "$DIR"; then hot_deploy; fi
    stop_instance; add kiosk.stop "$T_STOP"
    one_boot kiosk warm "$DIR"
    stop_instance
    rm -rf "$DIR"
    DIR="$WORK/stock"
    unpack stock "$STOCK_TAR" "$DIR"
    one_boot stock cold "$DIR"
    stop_instance; add stock.stop "$T_STOP"
    one_boot stock warm "$DIR"
    stop_instance
    rm -rf "$DIR"
done

med() { printf '%s' "${R[$1]:-}" | median; }
range() { printf '%s' "${R[$1]:-}" | sort -n | awk 'NF {a[++n]=$1} END {if (n) printf "%s–%s", a[1], a[n]; else printf "NA"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b }'; }
goal() { # ratio limit -> met / NOT met
    awk -v r="$1" -v g="$2" 'BEGIN { if (r == "NA") print "NA"; else if (r + 0 <= g + 0) print "met"; else print "**NOT met**" }'
}
row() { # label kioskKey stockKey goalRatio(or empty)
    local k s rt g=""
    k=$(med "$2"); s=$([ -n "$3" ] && med "$3" || echo "")
    if [ -n "$3" ]; then rt=$(ratio "$k" "$s"); else rt=""; fi
    if [ -n "$4" ] && [ -n "$rt" ]; then g="≤ $4× — $(goal "$rt" "$4")"; fi
    printf '| %s | %s (%s) | %s | %s | %s |\n' "$1" "$k" "$(range "$2")" "${s:-}${3:+ ($(range "$3"))}" "${rt:+${rt}×}" "$g"
}
{
    echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes'); distribution $(basename "$TAR") built $(date -u -r "$TAR" +%Y-%m-%dT%H:%MZ); $ROUNDS interleaved rounds; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| measure | OpenDMV median (min–max) | stock Karaf $KARAF_VERSION median (min–max) | ratio | goal |"
    echo "|---|---|---|---|---|"
    row "cold boot → usable (kiosk: health UP + 12 businesses + first screen; stock: SSH) (ms)" kiosk.cold.up stock.cold.up 1.5
    row "warm restart → usable (same unpack, second boot) (ms)" kiosk.warm.up stock.warm.up 1.2
    row "idle RSS with the UI, $IDLE s after usable, cold boot (MiB)" kiosk.cold.rss stock.cold.rss 1.1
    row "idle RSS $IDLE s after usable, warm boot (MiB)" kiosk.warm.rss stock.warm.rss 1.1
    row "cold boot: JVM CPU time to usable (ms)" kiosk.cold.cpu stock.cold.cpu ""
    row "warm boot: JVM CPU time to usable (ms)" kiosk.warm.cpu stock.warm.cpu ""
    row "cold boot → SSH listening (ms)" kiosk.cold.ssh stock.cold.ssh ""
    row "warm boot → SSH listening (ms)" kiosk.warm.ssh stock.warm.ssh ""
    row "cold boot → HTTP listening (ms)" kiosk.cold.http "" ""
    row "cold boot → first screen drawn (ms since JVM start, the UI's figure)" kiosk.cold.screen "" ""
    row "warm boot → first screen drawn (ms since JVM start)" kiosk.warm.screen "" ""
    row "cold boot: Store ready, its own duration (ms)" kiosk.cold.store "" ""
    row "warm boot: Store ready, its own duration (ms)" kiosk.warm.store "" ""
    row "clean stop after a cold boot (ms)" kiosk.stop stock.stop ""
    d=$(med deploy.in)
    printf '| hot deploy: jar in deploy/ → listed in /api/health (ms) | %s (%s) | | | ≤ 500 ms — %s |\n' "$d" "$(range deploy.in)" \
        "$(awk -v d="$d" 'BEGIN { if (d == "NA") print "NA"; else if (d + 0 <= 500) print "met"; else print "**NOT met**" }')"
    printf '| hot undeploy: jar deleted → gone from /api/health (ms) | %s (%s) | | | |\n' "$(med deploy.out)" "$(range deploy.out)"
} > "$WORK/summary.md"
echo
cat "$WORK/summary.md"
[ -n "$SUMMARY" ] && cp "$WORK/summary.md" "$SUMMARY"
exit 0
