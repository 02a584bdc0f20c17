#!/usr/bin/env bash
# The crash campaign (itests/dist CrashCampaignIT) with N visits, 100 by default (about 25 minutes):
# visits of random businesses and cards against the WeChat Pay test server, each killed with SIGKILL
# at a random moment (a payment fault point or a random delay) while the citizen pays at a random
# moment or never; the kiosk is restarted each time; at the end the invariants are checked (paid =>
# delivered to the back office exactly once, never paid twice, no order for a cancelled application,
# no personal data left for cancelled visits, nothing left unsettled) and the report is printed.
# Usage: bench/crash-campaign.sh [visits] [seed] [extra Maven arguments...]
# Needs the distribution and the payment-wechat test jar built (mvn install -DskipTests).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VISITS=${1:-100}
SEED=${2:-}
shift $(( $# > 2 ? 2 : $# ))
REPORT="$ROOT/itests/dist/target/crash-campaign-report.txt"
ARGS=(-B -q verify -pl itests/dist -Dit.test=CrashCampaignIT -Dcampaign.visits="$VISITS")
[ -n "$SEED" ] && ARGS+=(-Dcampaign.seed="$SEED")
cd "$ROOT" || exit 1
rm -f "$REPORT"
mvn "${ARGS[@]}" "$@"
rc=$?
if [ -f "$REPORT" ]; then
    cat "$REPORT"
else
    echo "no report: see itests/dist/target/failsafe-reports/" >&2
fi
exit $rc
