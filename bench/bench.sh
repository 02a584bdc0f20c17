#!/usr/bin/env bash
# Measures, N runs each (median/min/max):
#   - cold boot of the OpenDMV distribution to ready (GET /api/health answers UP/DEGRADED),
#     and to SSH listening; idle RSS 10 s after ready
#   - the same for a stock Apache Karaf of the same version, started the same way
#     (bin/karaf server, fresh unpack, free ports), ready = SSH listening
#   - hot deploy of the sample business through deploy/: copy -> visible in /api/health,
#     delete -> gone
# Usage: bench/bench.sh DIST.tar.gz [runs]
set -uo pipefail
TAR=${1:?usage: bench.sh opendmv-kiosk.tar.gz [runs]}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KARAF_VERSION=4.4.10
STOCK_TAR="$HOME/.m2/repository/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz"
FIXTURE="$ROOT/itests/fixtures/sample-business/target/org.opendmv.itests.sample-business-0.1.0-SNAPSHOT.jar"
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; sleep 1; kill -9 "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

[ -f "$STOCK_TAR" ] || mvn -q dependency:get -Dartifact=org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz >/dev/null
[ -f "$FIXTURE" ] || { echo "build first (mvn install): $FIXTURE missing" >&2; exit 1; }

now_ms() { date +%s%3N; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_get() { exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1; printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3; cat <&3; exec 3<&- 3>&-; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
stats() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s | %s | %s", m, a[1], a[NR]}'; }

# boot KIND TAR -> prints "ready_ms ssh_ms rss_mib"; leaves the instance running in $DIR, pid in $PID
boot() {
    local kind=$1 tar=$2 ssh http t0 ready="" sshm=""
    DIR="$WORK/$kind-$RANDOM"; mkdir -p "$DIR"
    tar -xzf "$tar" -C "$DIR" --strip-components=1
    ssh=$(free_port); http=$(free_port)
    if [ "$kind" = kiosk ]; then
        sed -i "s/^sshPort = .*/sshPort = $ssh/" "$DIR/etc/org.apache.karaf.shell.cfg"
        sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $http/" "$DIR/etc/org.ops4j.pax.web.cfg"
        sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort = .*/rmiServerPort = $(free_port)/" "$DIR/etc/org.apache.karaf.management.cfg"
    else
        sed -i "s/^sshPort *= *.*/sshPort = $ssh/" "$DIR/etc/org.apache.karaf.shell.cfg"
        sed -i "s/^rmiRegistryPort *= *.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *= *.*/rmiServerPort = $(free_port)/" "$DIR/etc/org.apache.karaf.management.cfg"
    fi
    HTTP=$http
    t0=$(now_ms)
    KARAF_EXEC=exec "$DIR/bin/karaf" server >"$DIR/stdout.log" 2>&1 &
    PID=$!; PIDS+=("$PID")
    for _ in $(seq 1 1200); do
        [ -z "$sshm" ] && listening "$ssh" && sshm=$(( $(now_ms) - t0 ))
        if [ "$kind" = kiosk ]; then
            http_get "$http" /api/health 2>/dev/null | grep -q '"status" : "\(UP\|DEGRADED\)"' && ready=$(( $(now_ms) - t0 ))
        else
            [ -n "$sshm" ] && ready=$sshm
        fi
        [ -n "$ready" ] && [ -n "$sshm" ] && break
        sleep 0.05
    done
    sleep 10
    echo "${ready:-NA} ${sshm:-NA} $(rss_mib "$PID")"
}
stop() { kill "$PID" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done; kill -9 "$PID" 2>/dev/null; rm -rf "$DIR"; }

declare -A R
for kind in kiosk stock; do
    tar=$TAR; [ "$kind" = stock ] && tar=$STOCK_TAR
    for i in $(seq 1 "$RUNS"); do
        boot "$kind" "$tar" > "$WORK/result"
        read -r ready sshm rss < "$WORK/result"
        echo "$kind run $i: ready ${ready} ms, ssh ${sshm} ms, idle RSS ${rss} MiB" >&2
        R[$kind.ready]+="$ready"$'\n'; R[$kind.ssh]+="$sshm"$'\n'; R[$kind.rss]+="$rss"$'\n'
        if [ "$kind" = kiosk ] && [ "$i" -eq 1 ]; then
            for j in $(seq 1 "$RUNS"); do
                cp "$FIXTURE" "$DIR/deploy/.sample.tmp" && t0=$(now_ms) && mv "$DIR/deploy/.sample.tmp" "$DIR/deploy/sample.jar"
                until http_get "$HTTP" /api/health 2>/dev/null | grep -q '"sample-hello"'; do sleep 0.02; done
                R[deploy.in]+="$(( $(now_ms) - t0 ))"$'\n'
                t0=$(now_ms); rm "$DIR/deploy/sample.jar"
                while http_get "$HTTP" /api/health 2>/dev/null | grep -q '"sample-hello"'; do sleep 0.02; done
                R[deploy.out]+="$(( $(now_ms) - t0 ))"$'\n'
                sleep 1
            done
        fi
        stop
    done
done

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
echo
echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $cpu, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); runs: $RUNS"
echo
echo "| measure | median | min | max |"
echo "|---|---|---|---|"
echo "| OpenDMV cold boot to /api/health UP (ms) | $(printf '%s' "${R[kiosk.ready]}" | stats) |"
echo "| OpenDMV cold boot to SSH listening (ms) | $(printf '%s' "${R[kiosk.ssh]}" | stats) |"
echo "| stock Karaf $KARAF_VERSION cold boot to SSH listening (ms) | $(printf '%s' "${R[stock.ssh]}" | stats) |"
echo "| OpenDMV idle RSS 10 s after ready (MiB) | $(printf '%s' "${R[kiosk.rss]}" | stats) |"
echo "| stock Karaf idle RSS 10 s after ready (MiB) | $(printf '%s' "${R[stock.rss]}" | stats) |"
echo "| hot deploy: jar in deploy/ -> in /api/health (ms) | $(printf '%s' "${R[deploy.in]}" | stats) |"
echo "| hot undeploy: jar deleted -> gone from /api/health (ms) | $(printf '%s' "${R[deploy.out]}" | stats) |"
