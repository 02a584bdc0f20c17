#!/usr/bin/env bash
# Copies the README's set of screenshots from the last UiIT run (./kiosk test) to docs/screenshots.
set -euo pipefail
cd "$(dirname "$0")"
SRC=${SRC:-target/screenshots}
DST=../../docs/screenshots
mkdir -p "$DST"
pick() { # layout pattern name
    local f
    f=$(ls -t "$SRC/$1" 2>/dev/null | grep -E -- "$2" | head -1 || true)
    [ -n "$f" ] || { echo "missing: $1 $2" >&2; return 0; }
    cp "$SRC/$1/$f" "$DST/$1-$3.png"
}
pick 1920x1080 'navigation-attract' attract
pick 1920x1080 'navigation-home' home
pick 1920x1080 'navigation-businesses-driver-licence' businesses
pick 1920x1080 'dl-renewal-identify-card' identify-card
pick 1920x1080 'dl-renewal-identify-consent' identify-consent
pick 1920x1080 'dl-renewal-identify-liveness' identify-liveness
pick 1920x1080 'dl-renewal-check' check
pick 1920x1080 'dl-renewal-form\.png' form
pick 1920x1080 'dl-renewal-form-keyboard' form-keyboard
pick 1920x1080 'dl-renewal-photo-qr' photo-qr
pick 1920x1080 'dl-renewal-photo-rejected' photo-rejected
pick 1920x1080 'dl-renewal-photo-review' photo-review
pick 1920x1080 'dl-renewal-sign' sign
pick 1920x1080 'dl-renewal-pay\.png' pay
pick 1920x1080 'dl-renewal-pay-unsettled' pay-unsettled
pick 1920x1080 'dl-renewal-receipt' receipt
pick 1920x1080 'dl-renewal-ended' ended
pick 1920x1080 'refusal-ended' refusal
pick 1920x1080 'device-scanner-jammed' scanner-jammed
pick 1920x1080 'english-elder-businesses' english-elder
pick 1920x1080 'idle-still-there' still-there
pick 1920x1080 'driver-reader-missing' reader-missing
pick 1920x1080 'mv-plate-replace-materials' materials
pick 1080x1920 'dl-renewal-sign' sign
pick 1080x1920 'mv-plate-replace-form\.png' form
pick 1280x1024 'mv-plate-replace-materials' materials
ls "$DST"
