#!/usr/bin/env bash
# Launcher smoke test: unpacks the real distribution, starts it with bin/start on free ports
# and checks what an operator meets first: the generated console credential, bin/client used
# non-interactively, loopback-only SSH, the health endpoint and the ready log line.
set -uo pipefail
TAR=${1:?usage: smoke.sh opendmv-kiosk.tar.gz}
WORK=$(mktemp -d)
DIR="$WORK/kiosk"
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
ko() { failed=$((failed + 1)); echo "  FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }

free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
http_get() {
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
    cat <&3; exec 3<&- 3>&-
}
cleanup() {
    # only the Karaf this script started: the one whose karaf.home is our temp dir
    local pid; pid=$(pgrep -f -- "-Dkaraf.home=$DIR " || true)
    [ -x "$DIR/bin/stop" ] && "$DIR/bin/stop" >/dev/null 2>&1
    for _ in $(seq 1 50); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$DIR" && tar -xzf "$TAR" -C "$DIR" --strip-components=1 || { echo "cannot unpack $TAR"; exit 1; }
SSH=$(free_port); HTTP=$(free_port); RMIR=$(free_port); RMIS=$(free_port)
sed -i "s/^sshPort = .*/sshPort = $SSH/" "$DIR/etc/org.apache.karaf.shell.cfg"
sed -i "s/^org.osgi.service.http.port = .*/org.osgi.service.http.port = $HTTP/" "$DIR/etc/org.ops4j.pax.web.cfg"
sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $RMIR/; s/^rmiServerPort = .*/rmiServerPort = $RMIS/" "$DIR/etc/org.apache.karaf.management.cfg"
echo "smoke: kiosk in $DIR (ssh $SSH, http $HTTP)"

check "no user in the shipped users.properties" bash -c "! grep -qE '^[[:space:]]*[A-Za-z0-9]' '$DIR/etc/users.properties'"
"$DIR/bin/start" 2>"$WORK/start.err"
check "first start creates a console user" grep -q "console user 'admin' created" "$WORK/start.err"
check "credential file is private (600)" test "$(stat -c %a "$DIR/etc/console.credentials" 2>/dev/null)" = 600
check "no karaf/karaf user" bash -c "! grep -qE '^[[:space:]]*karaf[[:space:]]*=' '$DIR/etc/users.properties'"
PASS=$(sed -n 's/^password=//p' "$DIR/etc/console.credentials")

ready=no
for _ in $(seq 1 600); do
    if http_get "$HTTP" /api/health 2>/dev/null | grep -q '"status" : "\(UP\|DEGRADED\)"'; then ready=yes; break; fi
    sleep 0.2
done
check "health endpoint answers within 120 s" test "$ready" = yes
body=$(http_get "$HTTP" /api/health 2>/dev/null)
check "health is JSON with status, businesses, devices" bash -c "grep -q '\"businesses\" :' <<<'$body' && grep -q '\"devices\" :' <<<'$body' && grep -q 'HTTP/1.1 200' <<<'$body'"
check "ready line in the log" grep -q "OpenDMV Kiosk ready" "$DIR/data/log/karaf.log"

out=""
for _ in $(seq 1 30); do
    out=$(echo 'kiosk:businesses' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1) && grep -q 'business(es)' <<<"$out" && break
    sleep 1
done
check "bin/client runs kiosk:businesses non-interactively" grep -q 'business(es)' <<<"$out"
out=$(echo 'kiosk:devices' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1)
check "bin/client runs kiosk:devices" grep -q 'device(s)' <<<"$out"
out=$(echo 'kiosk:simulate --card adult-male dl-renewal' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1)
check "bin/client runs a whole simulated visit (kiosk:simulate) to a serial number" grep -q '办理完成 COMPLETED，流水号 serial [0-9]' <<<"$out"
out=$(echo 'kiosk:applications' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1)
check "kiosk:applications lists it with a masked ID number" grep -q '110101\*\*\*\*\*\*\*\*0019' <<<"$out"
out=$(echo 'kiosk:sessions' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1)
check "bin/client runs kiosk:sessions" grep -q 'active visit(s)' <<<"$out"
out=$(echo 'kiosk:businesses nope' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1)
check "a bad argument gets a clear error" grep -q "no business with code 'nope'" <<<"$out"
out=$(echo 'kiosk:businesses' | timeout 60 "$DIR/bin/client" -a "$SSH" -u admin -p wrong-password -r 1 -b 2>&1)
check "a wrong password is refused" bash -c "! grep -q 'business(es)' <<<'$out'"
check "password is hashed after first login" grep -q '{CRYPT}' "$DIR/etc/users.properties"

# a clerk without the admin role (added to the running kiosk: users.properties is read at each login)
printf 'clerk = Clerk-pass-4711,viewer,ssh\n' >> "$DIR/etc/users.properties"
out=$(echo 'kiosk:payments' | "$DIR/bin/client" -a "$SSH" -u clerk -p Clerk-pass-4711 -b 2>&1)
check "a clerk may list payments" grep -q 'order(s) shown' <<<"$out"
out=$(echo 'kiosk:refund 20260101K001000001P1' | "$DIR/bin/client" -a "$SSH" -u clerk -p Clerk-pass-4711 -b 2>&1)
check "a clerk may not refund (command ACL: admin)" bash -c "! grep -q 'unknown order' <<<'$out' && grep -qi 'not found\|insufficient\|denied' <<<'$out'"
out=$(echo 'kiosk:refund 20260101K001000001P1' | "$DIR/bin/client" -a "$SSH" -u admin -p "$PASS" -b 2>&1)
check "admin may run kiosk:refund: a clear error for an unknown order" grep -q "unknown order '20260101K001000001P1'" <<<"$out"

# /proc/net/tcp{,6}: listening sockets (state 0A) by hex address; Java binds IPv6-mapped
hexport=$(printf '%04X' "$SSH")
listen=$(cat /proc/net/tcp /proc/net/tcp6 | awk -v p=":$hexport" '$4 == "0A" && $2 ~ p"$" {print $2}')
check "SSH listens on 127.0.0.1 only ($listen)" bash -c "[ -n '$listen' ] && ! grep -qvE '^(0100007F|0000000000000000FFFF00000100007F):' <<<'$listen'"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
