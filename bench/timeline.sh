#!/usr/bin/env bash
# Where the kiosk's boot time goes: one cold boot (fresh unpack) and one warm boot (clean stop,
# same unpack started again), each with the touch UI on a private Xvfb, each printed as a
# timeline in ms since the JVM started (bench/timeline.py reads karaf.log): Karaf's feature
# rounds (resolution, install, start), the slowest bundle starts, Jetty, SWT and the first
# screen, Derby and Liquibase, the businesses, the devices, /api/health usable; the largest
# silent gaps on the boot threads; WARN/ERROR and stack-trace lines at boot.
# With --jfr the cold boot also runs Java Flight Recorder (profile settings) and prints the CPU
# samples up to usable by component (the first non-JDK frame's package).
# Usage: bench/timeline.sh DIST.tar.gz [--jfr]
set -uo pipefail
TAR=${1:?usage: timeline.sh opendmv-kiosk.tar.gz [--jfr]}
JFR=${2:-}
BENCH=$(cd "$(dirname "$0")" && pwd)
. "$BENCH/lib.sh"
WORK=$(mktemp -d)
DIR="$WORK/kiosk"
PID=""
trap '[ -n "$PID" ] && kill -0 "$PID" 2>/dev/null && { kill "$PID"; sleep 3; kill -9 "$PID" 2>/dev/null; }; [ -n "$XPID" ] && kill "$XPID" 2>/dev/null; rm -rf "$WORK"' EXIT
start_xvfb || exit 1

echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "Distribution: $(basename "$TAR") ($(date -u -r "$TAR" +%Y-%m-%dT%H:%MZ)); display $DISPLAY"
unpack kiosk "$TAR" "$DIR"
for boot in cold warm; do
    extra=""
    if [ "$boot" = cold ] && [ "$JFR" = --jfr ]; then
        extra="-XX:StartFlightRecording=name=boot,settings=profile,filename=$WORK/boot.jfr"
    fi
    EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} $extra" launch "$DIR"
    if ! wait_usable kiosk 240; then
        echo "$boot boot: not usable; last log lines:" >&2; tail -20 "$DIR/data/log/karaf.log" >&2; exit 1
    fi
    cpu=$(cpu_ms "$PID"); classes=$(jcmd "$PID" PerfCounter.print 2>/dev/null | sed -n 's/^java.cls.loadedClasses=//p')
    # the JVM's own start: Jetty logs its uptime ("Logging initialized @N ms") with the log's clock;
    # else the process start (which includes bin/karaf's shell work before it execs java)
    jvm0=$(python3 - "$DIR/data/log/karaf.log" "$LOG_OFFSET" <<'PY'
import re, sys, time
from datetime import datetime
f = open(sys.argv[1], 'rb'); f.seek(int(sys.argv[2]))
for ln in f.read().decode('utf-8', 'replace').splitlines():
    m = re.match(r'^(\S+),(\d{3}) .*Logging initialized @(\d+)ms', ln)
    if m:
        t = time.mktime(datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S').timetuple()) * 1000 + int(m.group(2))
        print(int(t) - int(m.group(3))); break
PY
)
    [ -n "$jvm0" ] || jvm0=$(start_ms "$PID")
    {
        echo "SSH listening $(( LAUNCH + T_SSH ))"
        echo "HTTP port listening $(( LAUNCH + T_HTTP ))"
        echo "/api/health UP with $EXPECT_BUSINESSES businesses (USABLE) $USABLE_AT"
    } > "$WORK/polled.txt"
    [ "$boot" = cold ] && [ "$JFR" = --jfr ] && jcmd "$PID" JFR.dump name=boot filename="$WORK/boot.jfr" >/dev/null 2>&1
    sleep 2   # let the lines logged around "usable" reach karaf.log
    echo
    echo "=== $boot boot: usable $T_UP ms after launch (SSH $T_SSH ms, HTTP $T_HTTP ms); JVM CPU time to usable $cpu ms; $classes classes loaded; $(ls "$DIR/data/cache" | grep -c '^bundle') bundles in the cache"
    python3 "$BENCH/timeline.py" "$DIR/data/log/karaf.log" "$LOG_OFFSET" "$jvm0" "$LAUNCH" "$WORK/polled.txt" "$DIR/stdout.log"
    if [ "$boot" = cold ] && [ "$JFR" = --jfr ] && [ -s "$WORK/boot.jfr" ]; then
        echo
        echo "CPU samples up to usable (JFR jdk.ExecutionSample), by the first non-JDK frame's package:"
        jfr print --json --events jdk.ExecutionSample "$WORK/boot.jfr" | python3 -c '
import json, sys, collections
ev = json.load(sys.stdin)["recording"]["events"]
c = collections.Counter()
for e in ev:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    owner = "(JDK only)"
    for f in frames:
        cls = f["method"]["type"]["name"].replace("/", ".")
        if not cls.startswith(("java.", "jdk.", "sun.", "com.sun.")):
            owner = ".".join(cls.split(".")[:3]); break
    c[owner] += 1
n = sum(c.values())
for k, v in c.most_common(15):
    print("  %5.1f %%  %s" % (100.0 * v / n, k))
print("  (%d samples)" % n)'
    fi
    stop_instance
    echo "clean stop: $T_STOP ms"
done
