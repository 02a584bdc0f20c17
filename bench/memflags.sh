#!/usr/bin/env bash
# Compares JVM memory settings for the kiosk side by side, interleaved (every round boots each
# setting once, cold, fresh unpack, touch UI on a private Xvfb, zero-latency simulators):
#   usable (health UP, 12 businesses, first screen), JVM CPU time to usable,
#   idle RSS 10 s after usable, and after a full GC then (what a GC once usable would give back),
#   RSS right after N simulated visits (kiosk:simulate), RSS after a full GC (jcmd GC.run),
#   RSS after 60 s idle with no GC asked (what an idle kiosk gives back by itself),
#   the engine's median visit time (steady state: a setting must not slow the visits down).
# A setting is "label=flags": flags replace bin/setenv's -Xms/-Xmx (an -Xmx in EXTRA_JAVA_OPTS
# switches setenv's own memory flags off); words like NAME=value before the flags are exported
# (e.g. MALLOC_ARENA_MAX=2). "label=" alone boots bin/setenv's own settings.
# Usage: bench/memflags.sh DIST.tar.gz rounds visits "label=flags" ...
set -uo pipefail
TAR=${1:?usage: memflags.sh DIST.tar.gz rounds visits label=flags ...}
ROUNDS=${2:-2}
VISITS=${3:-300}
shift 3
BENCH=$(cd "$(dirname "$0")" && pwd)
. "$BENCH/lib.sh"
WORK=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill -0 "$PID" 2>/dev/null && { kill "$PID"; sleep 3; kill -9 "$PID" 2>/dev/null; }; [ -n "$XPID" ] && kill "$XPID" 2>/dev/null; rm -rf "$WORK"' EXIT
start_xvfb || exit 1
KIOSK_CONSOLE_USER=bench KIOSK_CONSOLE_PASSWORD=bench-$RANDOM$RANDOM
export KIOSK_CONSOLE_USER KIOSK_CONSOLE_PASSWORD
declare -A R
add() { R[$1]+="$2"$'\n'; }
client() { echo "$1" | "$DIR/bin/client" -a "$SSH" -u "$KIOSK_CONSOLE_USER" -p "$KIOSK_CONSOLE_PASSWORD" -b 2>&1; }
rss_gc() { jcmd "$PID" GC.run >/dev/null 2>&1; sleep 2; rss_mib "$PID"; }

LABELS=()
for spec in "$@"; do LABELS+=("${spec%%=*}"); done
echo "memflags: $ROUNDS rounds × ${#LABELS[@]} settings, $VISITS visits each; display $DISPLAY; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq 1 "$ROUNDS"); do
    for spec in "$@"; do
        label=${spec%%=*}; flags=${spec#*=}
        envs=(); opts=()
        for w in $flags; do
            if [[ $w =~ ^[A-Z_][A-Z0-9_]*= ]]; then envs+=("$w"); else opts+=("$w"); fi
        done
        DIR="$WORK/kiosk"
        unpack kiosk "$TAR" "$DIR"
        echo "default.latency.ms = 0" > "$DIR/etc/org.opendmv.devices.sim.cfg"
        echo "pay.after.ms = 0" > "$DIR/etc/org.opendmv.payment.sim.cfg"
        echo "passed.pause.ms = 0" > "$DIR/etc/org.opendmv.engine.identify.cfg"
        if [ "${#envs[@]}" -gt 0 ]; then export "${envs[@]}"; fi
        EXTRA_JAVA_OPTS="${opts[*]:-}" launch "$DIR"
        if [ "${#envs[@]}" -gt 0 ]; then for e in "${envs[@]}"; do unset "${e%%=*}"; done; fi
        if ! wait_usable kiosk 240; then stop_instance; echo "  $label: not usable" >&2; continue; fi
        cpu=$(cpu_ms "$PID")
        sleep 10
        idle=$(rss_mib "$PID")
        idlegc=$(rss_gc)
        client "kiosk:simulate --card adult-male --repeat $VISITS dl-renewal" > "$WORK/sim.txt"
        after=$(rss_mib "$PID")
        visit=$(grep -o 'visit_ms_median=[0-9.]*' "$WORK/sim.txt" | cut -d= -f2)
        gc=$(rss_gc)
        sleep 60
        idle60=$(rss_mib "$PID")
        stop_instance
        for k in up:$T_UP cpu:$cpu idle:$idle idlegc:$idlegc after:$after gc:$gc idle60:$idle60 visit:${visit:-NA}; do add "$label.${k%%:*}" "${k#*:}"; done
        echo "  round $r $label: usable $T_UP ms, CPU $cpu ms, idle RSS $idle MiB ($idlegc after a GC), after $VISITS visits $after MiB, after GC $gc MiB, 60 s later $idle60 MiB, visit median ${visit:-NA} ms" >&2
    done
done
med() { printf '%s' "${R[$1]:-}" | median; }
echo
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); $ROUNDS interleaved rounds, medians; touch UI on Xvfb"
echo
echo "| setting | usable (ms) | JVM CPU to usable (ms) | idle RSS 10 s after usable (MiB) | then after a full GC | RSS after $VISITS visits | after a full GC | 60 s idle later | visit median (ms) |"
echo "|---|---|---|---|---|---|---|---|---|"
for spec in "$@"; do
    l=${spec%%=*}
    echo "| $l: \`${spec#*=}\` | $(med "$l.up") | $(med "$l.cpu") | $(med "$l.idle") | $(med "$l.idlegc") | $(med "$l.after") | $(med "$l.gc") | $(med "$l.idle60") | $(med "$l.visit") |"
done
