# Shared by bench/bench.sh and bench/timeline.sh (sourced): unpacking a distribution on free
# ports, a private Xvfb, launching, waiting until "usable", RSS/CPU of the JVM, stopping.
# Never uses Karaf's default ports (8101, 8181, 1099, 44444): every port is picked free.
KARAF_VERSION=4.4.10
STOCK_TAR=${STOCK_TAR:-$HOME/.m2/repository/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz}
# all business bundles of the distribution (bundles/engine, business-plugins/*): "usable" waits for them
EXPECT_BUSINESSES=${EXPECT_BUSINESSES:-12}

now_ms() { date +%s%3N; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_get() { exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1; printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3; cat <&3; exec 3<&- 3>&-; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null; }
# CPU time (user + system, ms) the process has used so far
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null; }
# epoch ms at which the process started (clock-tick resolution)
start_ms() {
    local btime ticks
    btime=$(awk '/^btime/ {print $2}' /proc/stat)
    ticks=$(awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat")
    echo $(( btime * 1000 + ticks * 1000 / $(getconf CLK_TCK) ))
}
stats() { sort -n | awk 'NF {a[++n]=$1} END {if (!n) {printf "NA | NA | NA"; exit} m = (n % 2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2; printf "%s | %s | %s", m, a[1], a[n]}'; }
median() { sort -n | awk 'NF {a[++n]=$1} END {if (!n) {print "NA"; exit} print (n % 2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2}'; }

# A private virtual display :150-:199 (1920x1080, the kiosk's own layout). Sets DISPLAY, XPID.
XPID=""
start_xvfb() {
    local n
    for n in $(seq 150 199); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
        Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & XPID=$!
        for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
        kill -0 "$XPID" 2>/dev/null || continue
        export DISPLAY=":$n"; return 0
    done
    echo "could not start Xvfb on :150-:199" >&2; return 1
}

# unpack KIND TAR DIR: fresh unpack on free ports. Sets SSH, HTTP.
unpack() {
    local kind=$1 tar=$2 dir=$3
    rm -rf "$dir"; mkdir -p "$dir"
    tar -xzf "$tar" -C "$dir" --strip-components=1
    SSH=$(free_port); HTTP=$(free_port)
    sed -i "s/^sshPort *= *.*/sshPort = $SSH/" "$dir/etc/org.apache.karaf.shell.cfg"
    sed -i "s/^rmiRegistryPort *= *.*/rmiRegistryPort = $(free_port)/; s/^rmiServerPort *= *.*/rmiServerPort = $(free_port)/" "$dir/etc/org.apache.karaf.management.cfg"
    if [ "$kind" = kiosk ]; then
        sed -i "s/^org.osgi.service.http.port *= *.*/org.osgi.service.http.port = $HTTP/" "$dir/etc/org.ops4j.pax.web.cfg"
    fi
}

# launch DIR: starts bin/karaf server (exec: $PID is the JVM). Sets PID, LAUNCH, LOG_OFFSET.
launch() {
    local dir=$1
    LOG_OFFSET=$(stat -c %s "$dir/data/log/karaf.log" 2>/dev/null || echo 0)
    LAUNCH=$(now_ms)
    KARAF_EXEC=exec "$dir/bin/karaf" server >>"$dir/stdout.log" 2>&1 &
    PID=$!
}

# wait_usable KIND [timeout_s]: polls every 50 ms. Sets (ms since launch) T_SSH, T_HTTP, T_UP
# (kiosk: /api/health UP or DEGRADED with all $EXPECT_BUSINESSES businesses, which with a
# DISPLAY includes the touch UI's first screen; stock Karaf: SSH listening), and USABLE_AT (epoch ms).
wait_usable() {
    local kind=$1 limit=$(( $(now_ms) + ${2:-180} * 1000 )) body n
    T_SSH=NA; T_HTTP=NA; T_UP=NA; USABLE_AT=""
    while [ "$(now_ms)" -lt "$limit" ]; do
        kill -0 "$PID" 2>/dev/null || { echo "process $PID exited" >&2; return 1; }
        [ "$T_SSH" = NA ] && listening "$SSH" && T_SSH=$(( $(now_ms) - LAUNCH ))
        if [ "$kind" = kiosk ]; then
            if [ "$T_HTTP" = NA ]; then listening "$HTTP" && T_HTTP=$(( $(now_ms) - LAUNCH )); fi
            if [ "$T_HTTP" != NA ]; then
                body=$(http_get "$HTTP" /api/health 2>/dev/null)
                if printf '%s' "$body" | grep -q '"status" : "\(UP\|DEGRADED\)"'; then
                    n=$(printf '%s' "$body" | sed -n 's/.*"businesses" : \([0-9]*\).*/\1/p' | head -1)
                    [ "${n:-0}" -ge "$EXPECT_BUSINESSES" ] && { USABLE_AT=$(now_ms); T_UP=$(( USABLE_AT - LAUNCH )); }
                fi
            fi
        elif [ "$T_SSH" != NA ]; then
            USABLE_AT=$(( LAUNCH + T_SSH )); T_UP=$T_SSH
        fi
        [ -n "$USABLE_AT" ] && [ "$T_SSH" != NA ] && return 0
        sleep 0.05
    done
    echo "not usable within ${2:-180} s" >&2; return 1
}

# stop_instance: SIGTERM (Karaf's clean shutdown), up to 60 s, then SIGKILL. Sets T_STOP (ms).
stop_instance() {
    local t0
    t0=$(now_ms)
    kill "$PID" 2>/dev/null
    for _ in $(seq 1 600); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    T_STOP=$(( $(now_ms) - t0 ))
}
